import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CassetteError, isCassetteError } from '@cassettekit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeJson, decodeYaml, dialectOf } from '../src/index.js';
import { aliasBomb } from './hostile/bombs.js';

const DECODE = fileURLToPath(new URL('./hostile/decode.mjs', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'cassette-hostile-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function decodeError(text: string, decode = decodeYaml): CassetteError {
  let error: unknown = null;
  try {
    decode(text, { store: 'yaml:hostile', cassette: 'doc' });
  } catch (e) {
    error = e;
  }
  expect(isCassetteError(error), String(error)).toBe(true);
  return error as CassetteError;
}

/** Decodes `text` in a fresh process (the built package) and reports its end and peak memory. */
function decodeInChild(text: string): { code: string | null; message: string; maxRssMb: number } {
  const file = join(scratch, `${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  const run = spawnSync(process.execPath, [DECODE, file], { encoding: 'utf8', timeout: 20_000 });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { code: string | null; message: string; maxRssMb: number };
}

describe('alias bombs are refused before anything expands them', () => {
  it.each([
    [6, 400, 'lol'],
    [7, 443, 'lol'],
    [9, 400, 'lol'],
    [6, 408, 'lollollollollollollollollollollollollollollollol'],
    [5, 400, 'lol'],
    [7, 330, 'lol'.repeat(16)],
  ])(
    'a %i-level bomb of %i bytes ends in INVALID_CASSETTE, in a child process under 200 MB',
    (levels, bytes, leaf) => {
      const text = aliasBomb(levels, bytes, leaf);
      expect(text.length).toBeLessThanOrEqual(bytes + 20);
      const result = decodeInChild(text);
      expect(result.code, result.message).toBe('INVALID_CASSETTE');
      expect(result.message).toContain('alias bomb');
      expect(result.message).toContain('yaml:hostile');
      expect(result.maxRssMb).toBeLessThan(200);
    },
    30_000,
  );

  it('still reads aliases that share a little (PyYAML writes &id001 for a shared object)', () => {
    const text = [
      'interactions:',
      '- request: {body: null, headers: &id001 {Accept: [text/plain]}, method: GET, uri: http://x/}',
      '  response: {body: {string: a}, headers: *id001, status: {code: 200, message: OK}}',
      'version: 1',
      '',
    ].join('\n');
    const { data } = decodeYaml(text);
    const [interaction] = data.interactions as { request: object; response: { headers: object } }[];
    expect(interaction!.response.headers).toEqual({ Accept: ['text/plain'] });
  });
});

describe('refused tags name the tag and what writes it', () => {
  it.each([
    ['!!js/function "function () { return 1 }"', '!!js/function', /js-yaml/],
    ['!!js/regexp /x/', '!!js/regexp', /js-yaml/],
    ['!ruby/object:Faraday::Response {}', '!ruby/object:Faraday::Response', /Ruby/],
    ['!!perl/hash:Foo {}', '!!perl/hash:Foo', /Perl/],
    ['!custom {}', '!custom', /no cassette format/],
  ])('%s', (tagged, shown, tool) => {
    const error = decodeError(`interactions:\n- request: ${tagged}\n  response: {}\n`);
    expect(error.code).toBe('INVALID_CASSETTE');
    expect(error.message).toContain(`refused tag ${shown}`);
    expect(error.message).toMatch(tool);
    expect(error.message).not.toMatch(/python/i);
  });

  it("reads Psych's !binary as bytes (Ruby VCR's binary bodies), not as a refused tag", () => {
    const data = decodeYaml('interactions:\n- request: {body: !binary aGVsbG8=}\n  response: {}\n').data;
    expect((data.interactions as { request: { body: Uint8Array } }[])[0]!.request.body).toEqual(
      new Uint8Array(Buffer.from('hello')),
    );
  });

  it("names VCR 1.x's !ruby/struct:VCR::... and VCR's migration task", () => {
    const error = decodeError('interactions:\n- request: !ruby/struct:VCR::Request {}\n  response: {}\n');
    expect(error.message).toContain('!ruby/struct:VCR::Request');
    expect(error.message).toContain('VCR 1.x');
    expect(error.message).toContain('vcr:migrate_cassettes');
  });

  it('still explains Python tags as Python objects', () => {
    const error = decodeError('interactions:\n- request: !!python/object/apply:os.system [id]\n');
    expect(error.message).toContain('!!python/object/apply:os.system');
    expect(error.message).toMatch(/Python objects/);
  });
});

describe('documents that are no vcrpy cassette', () => {
  it.each(['foo: 1\n', '{"foo": 1}'])('a mapping without "interactions" (%j) is INVALID_CASSETTE', (text) => {
    const error = decodeError(text, text.startsWith('{"') ? decodeJson : decodeYaml);
    expect(error.code).toBe('INVALID_CASSETTE');
    expect(error.message).toContain('no "interactions"');
    expect(error.message).toContain('foo');
  });

  it.each([
    ['http_interactions:\n- request: {}\n  response: {}\nrecorded_with: VCR 6.2.0\n', 'ruby-vcr'],
    ['{"http_interactions": [], "recorded_with": "betamax/0.8.1"}', 'betamax'],
    ['{"log": {"version": "1.2", "entries": []}}', 'har'],
    ['[{"scope": "http://localhost:80", "method": "GET", "path": "/", "status": 200}]', 'nock'],
  ])("another tool's cassette is read in its own dialect: %s", (text, dialect) => {
    const decode = text.trimStart().startsWith('{') || text.startsWith('[') ? decodeJson : decodeYaml;
    expect(dialectOf(decode(text)).name).toBe(dialect);
  });

  it.each(['', '~\n', 'null\n', '{}\n'])('an empty document (%j) is an empty cassette', (text) => {
    expect(decodeYaml(text).data).toEqual({});
  });
});
