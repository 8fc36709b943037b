import { describe, expect, it } from 'vitest';
import { normalizeUri, requestFingerprint } from '../src/index.js';

describe('request fingerprint', () => {
  const base = { method: 'POST', uri: 'https://api.openai.com/v1/chat/completions', body: '{"a":1}' };

  it('is the same for equivalent requests', () => {
    expect(requestFingerprint(base)).toBe(requestFingerprint({ ...base, method: 'post' }));
    expect(requestFingerprint({ ...base, uri: 'HTTPS://API.OPENAI.COM:443/v1/chat/completions#x' })).toBe(
      requestFingerprint(base),
    );
    expect(normalizeUri('http://h/p?b=2&a=1')).toBe(normalizeUri('http://h:80/p?a=1&b=2'));
  });

  it('differs with method, path, query and body (text vs bytes too)', () => {
    const prints = [
      base,
      { ...base, method: 'GET' },
      { ...base, uri: `${base.uri}?x=1` },
      { ...base, body: '{"a":2}' },
      { ...base, body: null },
      { ...base, body: new TextEncoder().encode('{"a":1}') },
    ].map(requestFingerprint);
    expect(new Set(prints).size).toBe(prints.length);
  });

  it('uses a URI that does not parse as it is', () => {
    expect(normalizeUri('not a url')).toBe('not a url');
  });
});
