/**
 * Values people put in place of a credential (`XXX`, `<REDACTED>`, `[FILTERED]`, `****`, `DUMMY`,
 * `fake`, `your-api-key`, `Bearer XXX`, `AUTHORIZATION-XXX`, ...). They are not findings: projects
 * that already mask their cassettes must not be told they leak.
 */
/** A segment with one of these words makes a (short) value a placeholder: `sk-test-key`, `fake_token_1`. */
const STRONG = new Set([
  'redacted',
  'filtered',
  'masked',
  'scrubbed',
  'sanitized',
  'sanitised',
  'removed',
  'hidden',
  'omitted',
  'dummy',
  'fake',
  'test',
  'testing',
  'placeholder',
  'example',
  'sample',
  'changeme',
  'mock',
  'mocked',
  'notreal',
  'invalid',
  'foo',
  'bar',
  'baz',
]);

/** Words that make a placeholder only when the value has nothing else: `my-secret-token`, `api_key_here`. */
const WEAK = new Set([
  'none',
  'null',
  'undefined',
  'nil',
  'secret',
  'secrets',
  'token',
  'password',
  'pass',
  'passwd',
  'pwd',
  'key',
  'api',
  'apikey',
  'access',
  'auth',
  'authorization',
  'bearer',
  'basic',
  'cookie',
  'session',
  'value',
  'here',
  'my',
  'your',
  'abc',
  'xyz',
  'user',
  'username',
  'client',
  'id',
  'org',
  'project',
  'private',
  'openai',
  'anthropic',
  'google',
  'aws',
  'sk',
]);

const AUTH_SCHEME =
  /^(?:bearer|basic|token|digest|apikey|api-key|key|bot|oauth|sso-key|aws4-hmac-sha256)\s+/i;
/** `<...>`, `[...]`, `{...}`, `{{...}}`, `${...}`, `%(...)s`, `$VAR`. */
const TEMPLATE = /^(?:<[^<>]*>|\[[^[\]]*\]|\{\{?[^{}]*\}?\}|\$\{[^{}]*\}|%\([^)]*\)s|\$[A-Z_][A-Z0-9_]*)$/;
/** Only mask characters: x, X, *, 0, #, •, dots, dashes, underscores and spaces. */
const MASK_CHARS = /^[xX*0#•.\-_\s]+$/;

export function isPlaceholder(raw: string, extra?: ReadonlySet<string>): boolean {
  let value = raw.trim();
  if (extra?.has(value)) return true;
  value = value.replace(AUTH_SCHEME, '').trim();
  if (value === '') return true;
  if (extra?.has(value)) return true;
  if (MASK_CHARS.test(value)) return true;
  if (TEMPLATE.test(value)) return true;
  const lower = value.toLowerCase();
  if (lower.startsWith('your') || lower.startsWith('my-') || lower.startsWith('my_')) {
    // your-api-key, your_token_here, YOUR_OPENAI_API_KEY, my-secret-token
    if (/^(?:your|my)[-_ ]?[a-z0-9_ -]*$/.test(lower)) return true;
  }
  // A few distinct characters repeated (aaaaaaaa, abababab, 1111-1111).
  if (value.length >= 6 && new Set(value).size <= 3) return true;
  // Words: any segment that is a placeholder word (AUTHORIZATION-XXX, sk-test-key, fake_token_123).
  // Long values are real-looking random strings; only short ones (< 48 chars) are judged by words,
  // so that a real 100-character token that happens to contain `-test-` is still reported.
  if (value.length < 48 || /xxx|redacted|filtered|placeholder|dummy/i.test(value)) {
    let weakOnly = true;
    for (const segment of lower.split(/[^a-z0-9]+/)) {
      if (segment === '') continue;
      if (STRONG.has(segment) || /^x{3,}$/.test(segment)) return true;
      if (!WEAK.has(segment) && !/^\d{1,4}$/.test(segment)) weakOnly = false;
    }
    if (weakOnly) return true;
    if (/x{4,}|\*{3,}|redacted|filtered|placeholder|dummy/i.test(value)) return true;
  }
  return false;
}
