/**
 * Seeded documents for the Psych and yaml.v3 differential tests: VCR-shaped cassettes (Ruby VCR and
 * go-vcr layouts) and random mapping-rooted trees, full of strings that are hard to emit (the PyYAML
 * test's string generator), numbers as strings, empty values, bytes, long lines. No lone surrogates
 * and no shared objects: neither Ruby nor Go strings hold the first, cassettes never hold the second.
 */
import { PyFloat, setKey, type Value, type ValueMap } from '@cassettekit/core';
import { genString, makeRng, type Rng } from '../pyyaml/generate.js';

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

const TRICKY = [
  '',
  ' ',
  '0',
  '00',
  '08',
  '0o17',
  '0x1F',
  '0b101',
  '1_000',
  '1:20',
  '1.0',
  '.5',
  '1e3',
  '1.0e+3',
  '-1',
  '+1',
  'y',
  'n',
  'Y',
  'N',
  'yes',
  'No',
  'on',
  'OFF',
  'true',
  'False',
  'null',
  '~',
  '<<',
  '=',
  '-',
  '---',
  '...',
  '2001-12-14',
  '2001-02-30',
  '2001-12-14 21:59:43.10 -5',
  '2001-12-14T21:59:43Z',
  ':sym',
  ':',
  '*',
  '&a',
  '!tag',
  '%',
  '@',
  '`',
  '"quoted"',
  "'single'",
  '#hash',
  'a #b',
  'a: b',
  'a:b',
  '[x]',
  '{x}',
  '?',
  '? x',
  '.inf',
  '-.inf',
  '.nan',
  '.NaN',
  'é',
  'ünïcödé',
  '日本語',
  '\u00a0',
  '\ufeff',
  'tab\there',
  'a\\b',
  'line\n',
  'a\nb',
  'a\n\n',
  '\nlead',
  ' lead',
  'trail ',
  'a \nb',
  'a\n b',
  'x'.repeat(130),
  '200',
  '404',
];

function str(r: Rng): string {
  const x = r();
  if (x < 0.35) return pick(r, TRICKY);
  if (x < 0.4) return `${pick(r, TRICKY)}${pick(r, TRICKY)}`;
  return genString(r, false);
}

function key(r: Rng): string {
  const x = r();
  if (x < 0.6)
    return pick(r, [
      'Content-Type',
      'content-length',
      'X-Request-Id',
      'Set-Cookie',
      'status',
      'body',
      'a',
      'b_c',
    ]);
  if (x < 0.75) return pick(r, TRICKY);
  if (x < 0.8) return 'k'.repeat(int(r, 100, 140));
  return Array.from(str(r))
    .slice(0, r() < 0.9 ? 40 : 200)
    .join('');
}

function bytes(r: Rng): Uint8Array {
  const n = r() < 0.85 ? int(r, 0, 120) : int(r, 120, 2000);
  const b = new Uint8Array(n);
  const ascii = r() < 0.2;
  for (let i = 0; i < n; i++) b[i] = ascii ? int(r, 32, 126) : int(r, 0, 255);
  return b;
}

const FLOATS = [0.5, -0.5, 1.5, Math.PI, 1e-5, 1e-4, 1.5e16, 1e300, 0.1, 123456789.125, 1e21, 1e-7];

function scalar(r: Rng, floats: boolean): Value {
  const x = r();
  if (x < 0.7) return str(r);
  if (x < 0.8) return r() < 0.7 ? int(r, -1000, 100000) : int(r, -(2 ** 52), 2 ** 52);
  if (x < 0.83 && floats)
    return r() < 0.7 ? pick(r, FLOATS) : new PyFloat(pick(r, [0, 1, -1, 1e15, 1e16, 1e20]));
  if (x < 0.87) return r() < 0.5;
  if (x < 0.91) return null;
  return bytes(r);
}

function tree(r: Rng, depth: number, floats: boolean): Value {
  const x = r();
  if (depth <= 0 || x < 0.5) return scalar(r, floats);
  if (x < 0.7) {
    const n = r() < 0.15 ? 0 : int(r, 1, 4);
    return Array.from({ length: n }, () => tree(r, depth - 1, floats));
  }
  return map(r, depth, floats);
}

function map(r: Rng, depth: number, floats: boolean): ValueMap {
  const m: ValueMap = {};
  const n = r() < 0.1 ? 0 : int(r, 1, 5);
  for (let i = 0; i < n; i++) setKey(m, key(r), tree(r, depth - 1, floats));
  return m;
}

function headers(r: Rng): ValueMap {
  const h: ValueMap = {};
  for (let i = int(r, 0, 5); i > 0; i--) {
    setKey(
      h,
      key(r),
      Array.from({ length: r() < 0.9 ? 1 : int(r, 0, 3) }, () => (r() < 0.9 ? str(r) : bytes(r))),
    );
  }
  return h;
}

const body = (r: Rng): Value => (r() < 0.25 ? bytes(r) : str(r));

function rubyCassette(r: Rng): Value {
  const http_interactions = Array.from({ length: int(r, 0, 3) }, () => ({
    request: {
      method: pick(r, ['get', 'post']),
      uri: str(r),
      body: { encoding: pick(r, ['UTF-8', 'ASCII-8BIT', 'US-ASCII']), string: body(r) },
      headers: headers(r),
    },
    response: {
      status: { code: int(r, 100, 599), message: r() < 0.8 ? 'OK' : str(r) },
      headers: headers(r),
      body: (r() < 0.8
        ? { encoding: 'UTF-8', string: body(r) }
        : { encoding: 'UTF-8', base64_string: str(r) }) as ValueMap,
      http_version: r() < 0.8 ? null : '1.1',
    },
    recorded_at: 'Sat, 04 Dec 2021 20:13:19 GMT',
  }));
  return { http_interactions, recorded_with: 'VCR 6.0.0' };
}

function goCassette(r: Rng): Value {
  const interactions = Array.from({ length: int(r, 0, 3) }, (_, id) => ({
    id,
    request: {
      proto: 'HTTP/1.1',
      proto_major: 1,
      proto_minor: 1,
      content_length: int(r, 0, 1000),
      transfer_encoding: [] as Value[],
      trailer: {} as ValueMap,
      host: str(r),
      remote_addr: '',
      request_uri: '',
      body: body(r),
      form: (r() < 0.8 ? {} : { q: [str(r)] }) as ValueMap,
      headers: headers(r),
      url: str(r),
      method: 'GET',
    },
    response: {
      proto: 'HTTP/2.0',
      proto_major: 2,
      proto_minor: 0,
      transfer_encoding: [] as Value[],
      trailer: {} as ValueMap,
      content_length: int(r, -1, 5000),
      uncompressed: r() < 0.5,
      body: body(r),
      headers: headers(r),
      status: '200 OK',
      code: 200,
      duration: pick(r, ['0s', '2.086618375s', '150ms']),
    },
  }));
  return { version: 2, interactions };
}

/**
 * The yaml.v3 oracle writes maps as Go structs (to keep their order), whose yaml tags cannot name
 * "", "-" or anything with a comma: such keys get a prefix. Integers beyond int64 become floats.
 */
function goSafeKeys(v: Value): Value {
  if (Array.isArray(v)) return v.map(goSafeKeys);
  // Integers beyond int64 have no Go int to hold them: the float they round to.
  if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) return new PyFloat(v);
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array || v instanceof PyFloat) return v;
  const out: ValueMap = {};
  for (const [k, x] of Object.entries(v)) {
    const safe = k === '' || k === '-' || k.includes(',') ? `k${k.replaceAll(',', ';')}` : k;
    if (!(safe in out)) setKey(out, safe, goSafeKeys(x));
  }
  return out;
}

/** `count` mapping-rooted documents; `floats` off for formats whose writer's float text is not ported. */
export function generateDialectDocs(
  seed: number,
  count: number,
  shape: 'ruby' | 'go',
  floats = true,
): Value[] {
  const r = makeRng(seed);
  return Array.from({ length: count }, () => {
    const x = r();
    if (shape === 'ruby') return x < 0.4 ? rubyCassette(r) : map(r, int(r, 1, 5), floats);
    return goSafeKeys(x < 0.4 ? goCassette(r) : map(r, int(r, 1, 5), floats));
  });
}
