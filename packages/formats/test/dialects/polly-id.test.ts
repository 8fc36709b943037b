import type { InteractionView } from '@cassettekit/core';
import { describe, expect, it } from 'vitest';
import { type PollyRequestShape, pollyRequestId, pollyRequestOfView } from '../../src/index.js';
import { fixturesOf } from './fixtures.js';

interface HarPair {
  name: string;
  value: string;
  _fromType?: string;
}
interface HarEntry {
  _id: string;
  request: { method: string; url: string; headers: HarPair[]; postData?: { text?: string } };
}

/** The request Polly identified, as its HAR keeps it (`_fromType: "array"` marks array values). */
function recordedRequest(entry: HarEntry): PollyRequestShape {
  const headers: [string, string | string[]][] = [];
  for (const { name, value, _fromType } of entry.request.headers) {
    const at = headers.find(([key]) => key === name);
    if (_fromType !== 'array') headers.push([name, value]);
    else if (at === undefined) headers.push([name, [value]]);
    else at[1] = [...(at[1] as string[]), value];
  }
  const { method, url, postData } = entry.request;
  return { method, url, headers, body: postData?.text ?? null };
}

/** Recordings Polly 6 wrote (older Polly hashed other identifiers). */
const POLLY6 = fixturesOf('har').filter((f) => /"version": "6\./.test(f.text));

describe("Polly's request id", () => {
  it(`is the _id Polly 6 gave every request of the corpus (${POLLY6.length} recordings)`, () => {
    expect(POLLY6.length).toBeGreaterThan(10);
    let checked = 0;
    for (const fixture of POLLY6) {
      const har = JSON.parse(fixture.text) as { log: { entries: HarEntry[] } };
      for (const entry of har.log.entries) {
        expect(pollyRequestId(recordedRequest(entry)), `${fixture.rel} ${entry.request.url}`).toBe(entry._id);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  const base: PollyRequestShape = {
    method: 'get',
    url: 'http://127.0.0.1:8080/a?b=2&a=1#frag',
    headers: [['Accept', 'text/plain']],
    body: null,
  };

  it('sorts the query, drops the hash, upper-cases the method and lower-cases header names', () => {
    expect(pollyRequestId(base)).toBe(
      pollyRequestId({
        ...base,
        method: 'GET',
        url: 'http://127.0.0.1:8080/a?a=1&b=2',
        headers: [['accept', 'text/plain']],
      }),
    );
  });

  it('tells apart what Polly matches by: path, header value, body', () => {
    const id = pollyRequestId(base);
    expect(pollyRequestId({ ...base, url: 'http://127.0.0.1:8080/b?a=1&b=2' })).not.toBe(id);
    expect(pollyRequestId({ ...base, headers: [['Accept', 'text/html']] })).not.toBe(id);
    expect(pollyRequestId({ ...base, body: 'x' })).not.toBe(id);
    // An empty body is no body to Polly; bytes that are UTF-8 are the same text.
    expect(pollyRequestId({ ...base, body: '' })).toBe(id);
    expect(pollyRequestId({ ...base, body: new TextEncoder().encode('x') })).toBe(
      pollyRequestId({ ...base, body: 'x' }),
    );
  });

  it('adds the Host header Node sends when the recording tool kept none, and keeps a recorded one', () => {
    const view: InteractionView = {
      method: 'GET',
      uri: 'http://127.0.0.1:8080/a',
      requestHeaders: [['User-Agent', ['python-requests/2.32.3']]],
      requestBody: null,
      status: { code: 200, message: 'OK' },
      responseHeaders: [],
      responseBody: null,
    };
    expect(pollyRequestOfView(view).headers).toEqual([
      ['User-Agent', 'python-requests/2.32.3'],
      ['host', '127.0.0.1:8080'],
    ]);
    const withHost = {
      ...view,
      requestHeaders: [['Host', ['example.test']]] as InteractionView['requestHeaders'],
    };
    expect(pollyRequestOfView(withHost).headers).toEqual([['Host', 'example.test']]);
  });
});
