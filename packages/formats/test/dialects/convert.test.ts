import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Body,
  type Cassette,
  type DialectName,
  type InteractionView,
  interactionViews,
} from '@cassettekit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { codecFor, convertCassette, dialectByName } from '../../src/index.js';
import { allFixtures, VCRPY_SAMPLES } from './fixtures.js';

/** `shared/vendor/vcrpy-8.2.1` beside the repository (or beside a folder holding it, for worktrees). */
function findVendoredVcrpy(): string | undefined {
  let dir = fileURLToPath(new URL('../../../../', import.meta.url));
  for (let i = 0; i < 4; i += 1) {
    const candidate = join(dir, '..', 'shared', 'vendor', 'vcrpy-8.2.1');
    if (existsSync(candidate)) return candidate;
    dir = join(dir, '..');
  }
  return undefined;
}

const TARGETS: DialectName[] = ['ruby-vcr', 'har', 'go-vcr', 'nock', 'betamax'];

/**
 * What vcrpy carries of a view, compared across dialects ('' and no body are the same to a tool).
 * go-vcr keeps headers in a Go map, which yaml.v3 writes sorted: their order is compared elsewhere.
 */
function carried(view: InteractionView, sortHeaders: boolean) {
  const body = (b: Body) =>
    b === null || b === '' ? null : typeof b === 'string' ? b : Buffer.from(b).toString('base64');
  const headers = (list: InteractionView['requestHeaders']) => {
    const out = list.map(([name, values]) => [
      name,
      values.map((v) => (typeof v === 'string' ? v : Buffer.from(v).toString('latin1'))).join(', '),
    ]);
    return sortHeaders ? out.sort((a, b) => (a[0]! < b[0]! ? -1 : 1)) : out;
  };
  return {
    method: view.method.toUpperCase(),
    uri: view.uri,
    requestHeaders: headers(view.requestHeaders),
    requestBody: body(view.requestBody),
    status: view.status,
    responseHeaders: headers(view.responseHeaders),
    responseBody: body(view.responseBody),
  };
}

/** Written by a codec (the dialect's usual one) and read back, as a store would. */
function throughText(cassette: Cassette, dialect: DialectName, codecName?: 'yaml' | 'json'): Cassette {
  const codec = codecFor(codecName ?? dialectByName(dialect).codecs[0]!);
  return codec.decode(codec.encode(cassette));
}

describe('vcrpy -> every dialect -> vcrpy keeps the interaction view', () => {
  for (const sample of VCRPY_SAMPLES) {
    it.each(TARGETS)(`${sample.rel} through %s`, (target) => {
      const source = codecFor(sample.codec).decode(sample.text);
      const there = convertCassette(source, target, 'suite/test');
      expect(there.from).toBe('vcrpy');
      // Ruby VCR through its JSON serializer: its YAML is PyYAML's (keys sorted) until the Psych writer lands.
      const stored = throughText(there.cassette, target, target === 'ruby-vcr' ? 'json' : undefined);
      const back = throughText(
        convertCassette(stored, 'vcrpy', 'suite/test').cassette,
        'vcrpy',
        sample.codec,
      );
      const sorted = target === 'go-vcr' || sample.codec === 'yaml';
      const seen = (c: Cassette) =>
        interactionViews(c.data).map((view) => {
          const out = carried(view, sorted);
          // nock records no status message.
          return target === 'nock' ? { ...out, status: { code: out.status.code, message: '' } } : out;
        });
      expect(seen(back)).toEqual(seen(source));
    });
  }
});

describe('converting twice gives the same bytes', () => {
  it.each(TARGETS)('vcrpy -> %s', (target) => {
    const sample = VCRPY_SAMPLES[0]!;
    const once = () => {
      const codec = codecFor(dialectByName(target).codecs[0]!);
      return codec.encode(
        convertCassette(codecFor(sample.codec).decode(sample.text), target, 'a/b').cassette,
      );
    };
    expect(once()).toBe(once());
  });
});

describe('every real cassette converted to vcrpy loads in the real vcrpy, with the same requests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cassette-convert-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const vendor = findVendoredVcrpy();
  const script = fileURLToPath(new URL('../../scripts/vcrpy-load.py', import.meta.url));
  const fixtures = allFixtures();
  const expected = new Map<string, unknown>();
  fixtures.forEach((f, i) => {
    const source = codecFor(f.codec).decode(f.text);
    const converted = convertCassette(source, 'vcrpy', f.rel);
    const path = join(dir, `${i}.yaml`);
    writeFileSync(path, codecFor('yaml').encode(converted.cassette));
    expected.set(
      path,
      interactionViews(source.data).map((v) => [v.method.toUpperCase(), v.uri, v.status.code ?? 200]),
    );
  });
  const run = spawnSync('python3', [script, ...expected.keys()], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: vendor ?? process.env.PYTHONPATH ?? '' },
    maxBuffer: 1 << 26,
  });
  const skip = run.status === 3 || run.error !== undefined;

  it.skipIf(skip)(
    `every file (${fixtures.length}) loads, requests equal (skipped when vcrpy is not importable)`,
    () => {
      expect(run.status, run.stderr).toBe(0);
      const lines = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { file: string; requests?: unknown; error?: string });
      expect(lines.length).toBe(expected.size);
      for (const line of lines) {
        expect(line.error, line.file).toBeUndefined();
        expect(line.requests, line.file).toEqual(expected.get(line.file));
      }
    },
    120_000,
  );
});

describe('a binary request body converted to HAR', () => {
  const vcrpy = (body: string) => `interactions:
- request:
    body: ${body}
    headers:
      Content-Type:
      - application/octet-stream
    method: POST
    uri: https://example.com/upload
  response:
    body:
      string: ok
    headers: {}
    status:
      code: 200
      message: OK
version: 1
`;
  const entryOf = (cassette: Cassette) => {
    const har = JSON.parse(codecFor('json').encode(cassette));
    return har.log.entries[0].request;
  };

  it('is left out of postData (text only, as Polly records such a body), with its size and a note', () => {
    // 0xff 0xfe 0x00 0x80: no UTF-8 text.
    const converted = convertCassette(
      codecFor('yaml').decode(vcrpy('!!binary |\n      //4AgA==')),
      'har',
      'a/b',
    );
    const request = entryOf(converted.cassette);
    expect(request.postData).toEqual({ mimeType: 'application/octet-stream', params: [] });
    expect(request.bodySize).toBe(4);
    expect(JSON.stringify(request)).not.toContain('\uFFFD');
    expect(converted.notes).toContain(
      'the request body of interaction 1 is binary (4 bytes, not UTF-8): HAR postData holds text only, so it is left out (as Polly records such a body); bodySize gives its length',
    );
  });

  it('is written as text when its bytes are UTF-8, with no note', () => {
    const converted = convertCassette(
      codecFor('yaml').decode(vcrpy('!!binary |\n      aMOpbGxv')),
      'har',
      'a/b',
    );
    const request = entryOf(converted.cassette);
    expect(request.postData.text).toBe('héllo');
    expect(request.bodySize).toBe(6);
    expect(converted.notes.some((note) => note.includes('binary'))).toBe(false);
  });
});
