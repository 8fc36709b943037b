import {
  type DialectName,
  type HeaderList,
  type InteractionData,
  interactionView,
  isBytes,
  isValueMap,
  requestHeaders,
  responseHeaders,
  setKey,
  type Value,
  type ValueMap,
} from '@cassettekit/core';
import { scanBodyText } from './body-scan.js';
import { scanHeaderValue } from './headers.js';
import type { Hit, TextContext } from './hits.js';
import { scanPairs, scanUri } from './pairs.js';
import { HEADER_RULES } from './rules.js';
import { scanPatterns } from './token-patterns.js';

/** Reports one text's hits at `base`; `set` writes the text back changed (redact). */
export type Report = (text: string, hits: readonly Hit[], base: string, set: (text: string) => void) => void;
/** Scans a body (text or bytes, decoded by its headers) and reports it; `set` stores the changed body. */
export type BodyWalk = (
  body: string | Uint8Array,
  headers: HeaderList,
  base: string,
  set: (body: string | Uint8Array) => void,
) => void;

export interface FieldWalkers {
  readonly ctx: TextContext;
  readonly report: Report;
  readonly body: BodyWalk;
  /** `{Name: [values]}`, `{Name: value}` or `["Name: value"]` headers of `owner`. */
  readonly headerMap: (owner: ValueMap, side: string) => void;
}

/**
 * Every place of an interaction where a credential can be, in its tool's own fields: the view says
 * what a request was, but redact must write the field the tool reads (HAR's `postData.text`, nock's
 * parsed JSON `response`, Betamax's `base64_string`), so each dialect is walked in its own shape.
 */
export function walkDialectFields(dialect: DialectName, interaction: InteractionData, w: FieldWalkers): void {
  if (dialect === 'har') walkHar(interaction, w);
  else if (dialect === 'nock') walkNock(interaction, w);
  else walkVcrShaped(interaction, w);
}

/** vcrpy, Ruby VCR, Betamax and go-vcr: `request.uri` (go-vcr `url`), header maps, bodies. */
function walkVcrShaped(interaction: InteractionData, w: FieldWalkers): void {
  const { request, response } = interaction;
  if (!isValueMap(request) || !isValueMap(response)) return;
  for (const key of ['uri', 'url'] as const) {
    const uri = request[key];
    if (typeof uri === 'string')
      w.report(uri, scanUri(uri, w.ctx), `request.${key}`, (t) => setKey(request, key, t));
  }
  w.headerMap(request, 'request');
  w.headerMap(response, 'response');
  // One view for both sides: building it reads every header of the interaction.
  const view = interactionView(interaction);
  walkBodyField(request, 'body', view.requestHeaders, 'request.body', w);
  // vcrpy's `body: {string: ...}`, a bare `body`, or the httpx-era `content`.
  if (response.body === undefined)
    walkBodyField(response, 'content', view.responseHeaders, 'response.body', w);
  else walkBodyField(response, 'body', view.responseHeaders, 'response.body', w);
  // go-vcr's parsed form fields: `{name: [values]}`.
  const form = request.form;
  if (isValueMap(form)) {
    for (const name of Object.keys(form)) {
      const values = form[name];
      if (!Array.isArray(values)) continue;
      values.forEach((value, j) => {
        if (typeof value === 'string')
          pair(name, value, 'form', `request.form.${name}[${j}]`, w, (v) => (values[j] = v));
      });
    }
  }
}

/**
 * A body field: text or bytes, or `{string}` / `{base64_string}` (vcrpy, Ruby VCR, Betamax). A
 * `base64_string` is scanned decoded and written back as it was encoded (Ruby's `encode64` breaks
 * lines every 60 characters, Python's `b64encode` does not).
 */
function walkBodyField(
  owner: ValueMap,
  key: string,
  headers: HeaderList,
  base: string,
  w: FieldWalkers,
): void {
  const body = owner[key];
  if (typeof body === 'string' || isBytes(body)) {
    w.body(body, headers, base, (changed) => setKey(owner, key, changed));
    return;
  }
  if (!isValueMap(body)) return;
  const text = body.string;
  if (typeof text === 'string' || isBytes(text)) {
    w.body(text, headers, base, (changed) => setKey(body, 'string', changed));
  }
  const base64 = body.base64_string;
  if (typeof base64 === 'string') {
    w.body(new Uint8Array(Buffer.from(base64, 'base64')), headers, base, (changed) =>
      setKey(body, 'base64_string', encodeLike(base64, Buffer.from(changed))),
    );
  }
}

function encodeLike(original: string, bytes: Buffer): string {
  const encoded = bytes.toString('base64');
  if (!original.includes('\n')) return encoded;
  return encoded.replace(/.{1,60}/g, '$&\n');
}

/** HAR (Polly): url, header / cookie / query / form `{name, value}` lists, postData, content. */
function walkHar(entry: InteractionData, w: FieldWalkers): void {
  const { request, response } = entry;
  if (!isValueMap(request) || !isValueMap(response)) return;
  for (const [owner, key, base] of [
    [request, 'url', 'request.url'],
    [response, 'redirectURL', 'response.redirectURL'],
  ] as const) {
    const uri = owner[key];
    if (typeof uri === 'string') w.report(uri, scanUri(uri, w.ctx), base, (t) => setKey(owner, key, t));
  }
  for (const [owner, side] of [
    [request, 'request'],
    [response, 'response'],
  ] as const) {
    eachPair(owner.headers, (p, i) => header(p, `${side}.headers[${i}]`, w));
    eachPair(owner.cookies, (p, i) =>
      cookie(p, side === 'request' ? 'cookie' : 'set-cookie', `${side}.cookies[${i}]`, w),
    );
  }
  eachPair(request.queryString, (p, i) =>
    pair(p.name as string, p.value as string, 'query', `request.queryString[${i}]`, w, (v) =>
      setKey(p, 'value', v),
    ),
  );
  const postData = request.postData;
  if (isValueMap(postData)) {
    if (typeof postData.text === 'string') {
      w.body(postData.text, requestHeaders(entry), 'request.postData.text', (changed) =>
        setKey(postData, 'text', typeof changed === 'string' ? changed : Buffer.from(changed).toString()),
      );
    }
    eachPair(postData.params, (p, i) =>
      pair(p.name as string, p.value as string, 'form', `request.postData.params[${i}]`, w, (v) =>
        setKey(p, 'value', v),
      ),
    );
  }
  const content = response.content;
  if (isValueMap(content) && typeof content.text === 'string') {
    const text = content.text;
    const headers = responseHeaders(entry);
    if (content.encoding !== 'base64') {
      w.body(text, headers, 'response.content.text', (changed) =>
        setKey(content, 'text', typeof changed === 'string' ? changed : Buffer.from(changed).toString()),
      );
    } else {
      const chunks = base64Chunks(text);
      const bytes = Buffer.concat((chunks ?? [text]).map((c) => Buffer.from(c, 'base64')));
      w.body(new Uint8Array(bytes), headers, 'response.content.text', (changed) => {
        const encoded = Buffer.from(changed).toString('base64');
        setKey(content, 'text', chunks === null ? encoded : JSON.stringify([encoded]));
      });
    }
  }
}

/** Polly's encoded bodies: a JSON array of base64 chunks, or null for one base64 string. */
function base64Chunks(text: string): string[] | null {
  if (!text.startsWith('[')) return null;
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) && parsed.every((c) => typeof c === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

function eachPair(list: Value | undefined, visit: (pair: ValueMap, index: number) => void): void {
  if (!Array.isArray(list)) return;
  list.forEach((item, i) => {
    if (isValueMap(item) && typeof item.name === 'string' && typeof item.value === 'string') visit(item, i);
  });
}

function header(p: ValueMap, base: string, w: FieldWalkers): void {
  const name = p.name as string;
  const value = p.value as string;
  w.report(
    value,
    scanHeaderValue(value, HEADER_RULES.get(name.toLowerCase()), w.ctx, name),
    `${base} ${name}`,
    (t) => setKey(p, 'value', t),
  );
}

/** A HAR cookie `{name, value}`, read as the `name=value` its Cookie / Set-Cookie header held. */
function cookie(p: ValueMap, headerName: string, base: string, w: FieldWalkers): void {
  const prefix = `${p.name as string}=`;
  const text = prefix + (p.value as string);
  const hits = scanHeaderValue(text, HEADER_RULES.get(headerName), w.ctx, headerName).filter(
    (hit) => hit.start >= prefix.length,
  );
  w.report(text, hits, `${base} ${p.name as string}`, (t) => setKey(p, 'value', t.slice(prefix.length)));
}

/** A decoded query or form parameter: by its name's rule, and patterns in its value. */
function pair(
  name: string,
  value: string,
  kind: 'query' | 'form',
  base: string,
  w: FieldWalkers,
  set: (value: string) => void,
): void {
  const prefix = `${encodeURIComponent(name)}=`;
  const text = prefix + value;
  const byName = scanPairs(text, 0, text.length, kind, w.ctx);
  const hits = byName.concat(scanPatterns(text, w.ctx, byName, ''));
  w.report(text, hits, `${base} ${name}`, (t) => set(t.slice(prefix.length)));
}

/**
 * nock.back: `scope` + `path`, `reqheaders`, `rawHeaders` (flat `[name, value, ...]` or an object),
 * `headers`, and `body` / `response` as text, hex chunks (binary or encoded) or parsed JSON.
 */
function walkNock(def: InteractionData, w: FieldWalkers): void {
  const d = def as unknown as ValueMap;
  const scope = typeof d.scope === 'string' ? d.scope : '';
  if (typeof d.path === 'string') {
    const uri = scope + d.path;
    w.report(uri, scanUri(uri, w.ctx), 'path', (t) =>
      setKey(d, 'path', t.startsWith(scope) ? t.slice(scope.length) : t),
    );
  }
  for (const key of ['reqheaders', 'headers'] as const) {
    const map = d[key];
    if (isValueMap(map)) w.headerMap({ headers: map }, key === 'reqheaders' ? 'request' : 'response');
  }
  const raw = d.rawHeaders;
  if (isValueMap(raw)) w.headerMap({ headers: raw }, 'response');
  else if (Array.isArray(raw)) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i];
      const value = raw[i + 1];
      if (typeof name !== 'string' || typeof value !== 'string') continue;
      const at = i + 1;
      w.report(
        value,
        scanHeaderValue(value, HEADER_RULES.get(name.toLowerCase()), w.ctx, name),
        `rawHeaders[${at}] ${name}`,
        (t) => {
          raw[at] = t;
        },
      );
    }
  }
  nockBody(d, 'body', requestHeaders(def), w);
  nockBody(d, 'response', responseHeaders(def), w);
}

function nockBody(d: ValueMap, key: 'body' | 'response', headers: HeaderList, w: FieldWalkers): void {
  const value = d[key];
  if (typeof value === 'string') {
    w.body(value, headers, key, (changed) =>
      setKey(d, key, typeof changed === 'string' ? changed : Buffer.from(changed).toString()),
    );
  } else if (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((c) => typeof c === 'string' && /^[0-9a-f]*$/i.test(c))
  ) {
    const bytes = Buffer.concat((value as string[]).map((c) => Buffer.from(c, 'hex')));
    w.body(new Uint8Array(bytes), headers, key, (changed) =>
      setKey(d, key, [Buffer.from(changed).toString('hex')]),
    );
  } else if (isValueMap(value) || Array.isArray(value)) {
    walkJson(value, key, w);
  }
}

/**
 * A parsed JSON body (nock keeps JSON bodies as values): every string member scanned as the JSON
 * member it was (`{"key": "value"}`), so field rules and patterns apply as to a JSON text body.
 */
function walkJson(value: Value, base: string, w: FieldWalkers): void {
  const visit = (node: Value, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        if (typeof item === 'string') member(item, null, `${path}[${i}]`, (v) => (node[i] = v));
        else visit(item, `${path}[${i}]`);
      });
    } else if (isValueMap(node)) {
      for (const key of Object.keys(node)) {
        const item = node[key]!;
        if (typeof item === 'string') member(item, key, `${path}.${key}`, (v) => setKey(node, key, v));
        else visit(item, `${path}.${key}`);
      }
    }
  };
  const member = (text: string, key: string | null, path: string, set: (v: string) => void) => {
    const json = key === null ? JSON.stringify([text]) : JSON.stringify({ [key]: text });
    w.report(json, scanBodyText(json, 'application/json', w.ctx), `${base} ${path}`, (changed) => {
      const parsed = JSON.parse(changed) as Record<string, string> | string[];
      set(key === null ? (parsed as string[])[0]! : (parsed as Record<string, string>)[key]!);
    });
  };
  visit(value, '$');
}
