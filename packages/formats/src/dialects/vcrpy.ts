import { type InteractionView, interactionsOf, setKey, type ValueMap, vcrpyReader } from '@cassettekit/core';
import type { Dialect } from './dialect.js';
import { droppedViewFields, extraKeys, headersToMap, summarize } from './shared.js';

/** vcrpy: the codecs' own PyYAML and `json.dumps` writers (emit answers null: nothing to add). */
export const vcrpyDialect: Dialect = {
  ...vcrpyReader,
  codecs: ['yaml', 'json'],
  emit: () => null,
  detectStyle: () => null,
  fromViews: (views) => ({
    data: { interactions: views.map(vcrpyInteraction), version: 1 },
    notes: [
      ...droppedViewFields(views, 'vcrpy', { recordedAt: false, httpVersion: false }),
      ...(views.some((v) => v.method !== v.method.toUpperCase())
        ? ['methods upper-cased (vcrpy matches them so)']
        : []),
    ],
  }),
  beyondView: (data) =>
    summarize(
      'vcrpy fields',
      interactionsOf(data).flatMap((i) => [
        ...extraKeys(i, ['request', 'response'], ''),
        ...extraKeys(i.request, ['method', 'uri', 'body', 'headers'], 'request.'),
        ...extraKeys(i.response, ['status', 'headers', 'body', 'status_code', 'content'], 'response.'),
      ]),
    ),
};

/** vcrpy's dict order (`Request._to_dict`, the response as stubs build it). */
function vcrpyInteraction(view: InteractionView): ValueMap {
  const request: ValueMap = {};
  setKey(request, 'body', view.requestBody);
  setKey(request, 'headers', headersToMap(view.requestHeaders));
  setKey(request, 'method', view.method.toUpperCase());
  setKey(request, 'uri', view.uri);
  const response: ValueMap = {
    body: { string: view.responseBody ?? '' },
    headers: headersToMap(view.responseHeaders),
    status: { code: view.status.code ?? 200, message: view.status.message },
  };
  return { request, response };
}
