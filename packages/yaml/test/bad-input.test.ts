import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CassetteError, interactionsOf, isCassetteError, parseStoreUrl } from '@cassettekit/core';
import { jsonCodec, yamlCodec } from '@cassettekit/formats';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileStore, yamlDriver } from '../src/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cassette-bad-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function getError(text: string | Buffer, extension = '.yaml'): Promise<CassetteError> {
  await writeFile(join(dir, `bad${extension}`), text);
  const store = createFileStore({
    dir,
    codec: extension === '.json' ? jsonCodec() : yamlCodec(),
    url: `x:${dir}`,
  });
  const error = await store.get('bad').then(
    () => null,
    (e: unknown) => e,
  );
  expect(isCassetteError(error, 'INVALID_CASSETTE'), String(error)).toBe(true);
  expect((error as Error).message).toContain('bad');
  expect((error as Error).message).toContain(`[x:${dir}]`);
  return error as CassetteError;
}

describe('hostile and broken cassettes', () => {
  it('refuses a code tag without running it, naming the tag and the line', async () => {
    const marker = join(dir, 'pwned');
    const error = await getError(
      `interactions:\n- request: !!python/object/apply:os.system ["touch ${marker}"]\n  response: {}\n`,
    );
    expect(error.message).toContain('!!python/object/apply:os.system');
    expect(error.message).toContain('line 2');
    expect(existsSync(marker)).toBe(false);
  });

  it.each([
    '!!python/object:vcr.request.Request {}',
    '!!python/name:os.system ""',
    '!!python/object/new:subprocess.Popen [[id]]',
    '!!python/module:os ""',
    '!custom {}',
  ])('refuses %s', async (tagged) => {
    await getError(`interactions:\n- request: ${tagged}\n  response: {}\n`);
  });

  it('reports malformed YAML with its line and column', async () => {
    const error = await getError('interactions:\n- request: {method: GET\n  response: [\n');
    expect(error.message).toMatch(/invalid YAML at line \d+, column \d+/);
  });

  it('reports malformed JSON with its line', async () => {
    const error = await getError('{\n    "interactions": [\n        {"request": }\n', '.json');
    expect(error.message).toMatch(/invalid JSON at line 3/);
  });

  it('refuses a billion-laughs alias bomb quickly, before expanding it', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 12; i += 1) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const error = await getError(`${levels.join('\n')}\ninteractions: []\n`);
    expect(error.message).toContain('alias bomb');
  });

  it('refuses a recursive alias', async () => {
    const error = await getError('interactions: &a [*a]\n');
    expect(error.message).toMatch(/refers to itself|not a list|request/);
  });

  it('refuses absurd nesting', async () => {
    await getError(`interactions: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    await getError(`{"interactions": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`, '.json');
    const deep = `x: ${'['.repeat(300)}${']'.repeat(300)}\ninteractions: []\n`;
    const error = await getError(deep);
    expect(error.message).toMatch(/nest/);
  });

  it('refuses bytes that are not UTF-8', async () => {
    const error = await getError(Buffer.from([0x69, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    expect(error.message).toContain('not UTF-8');
  });

  it('refuses documents that are not cassettes', async () => {
    await getError('just a string\n');
    await getError('interactions: 3\n');
    await getError('interactions:\n- just: a map\n');
  });

  it('keeps a __proto__ key as data and pollutes nothing', async () => {
    await writeFile(join(dir, 'p.yaml'), '__proto__: {polluted: true}\ninteractions: []\n');
    const got = await createFileStore({ dir, codec: yamlCodec() }).get('p');
    expect(Object.keys(got!.cassette.data)).toContain('__proto__');
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});

describe('what vcrpy users have lying around', () => {
  it('loads an empty file, an empty interaction list and a missing version', async () => {
    await writeFile(join(dir, 'empty.yaml'), '');
    await writeFile(join(dir, 'none.yaml'), 'interactions: []\nversion: 1\n');
    await writeFile(join(dir, 'noversion.yaml'), 'interactions: []\n');
    const store = createFileStore({ dir, codec: yamlCodec() });
    for (const name of ['empty', 'none', 'noversion']) {
      const got = await store.get(name);
      expect(interactionsOf(got!.cassette.data)).toEqual([]);
    }
    // An unchanged empty file is written back as it was.
    await store.put('empty', (await store.get('empty'))!.cassette);
    expect(await readFile(join(dir, 'empty.yaml'), 'utf8')).toBe('');
  });

  it('reads .yml files and keeps their extension when rewriting them', async () => {
    await writeFile(join(dir, 'old.yml'), '# recorded long ago\ninteractions: []\nversion: 1\n');
    const store = createFileStore({ dir, codec: yamlCodec() });
    const names: string[] = [];
    for await (const entry of store.list()) names.push(entry.name);
    expect(names).toEqual(['old']);
    await store.put('old', { data: { interactions: [], version: 1 } });
    expect(await readFile(join(dir, 'old.yml'), 'utf8')).toBe('interactions: []\nversion: 1\n');
    expect(existsSync(join(dir, 'old.yaml'))).toBe(false);
  });

  it('reads the legacy tags old vcrpy wrote as data', async () => {
    await writeFile(
      join(dir, 'legacy.yaml'),
      [
        'interactions:',
        '- request:',
        '    body: !!python/object/new:_io.BytesIO',
        '      state: !!python/tuple [!!binary "aGVsbG8=", 0, null]',
        '    headers:',
        '      accept: !!python/tuple [!!python/unicode "*/*"]',
        '    method: !!python/str POST',
        '    uri: http://x/',
        '  response:',
        '    body: {string: !!python/object/apply:builtins.iter {args: [[a, b]], state: 0}}',
        '    headers: {}',
        '    status: {code: 200, message: OK}',
        'version: 1',
        '',
      ].join('\n'),
    );
    const got = await createFileStore({ dir, codec: yamlCodec() }).get('legacy');
    const interaction = interactionsOf(got!.cassette.data)[0]!;
    expect(interaction.request.body).toEqual(new Uint8Array(Buffer.from('hello')));
    expect(interaction.request.headers).toEqual({ accept: ['*/*'] });
    expect(interaction.request.method).toBe('POST');
    expect(interaction.response.body).toEqual({ string: ['a', 'b'] });
  });
});

describe('store URLs', () => {
  it('refuses a source folder that does not exist, and creates a destination', async () => {
    const missing = join(dir, 'missing');
    const error = await yamlDriver.open(parseStoreUrl(`yaml:${missing}`), {}).catch((e: unknown) => e);
    expect(isCassetteError(error, 'NOT_FOUND')).toBe(true);
    expect(String(error)).toContain('does not exist');
    const store = await yamlDriver.open(parseStoreUrl(`yaml:${missing}`), { create: true });
    await store.put('a/b', { data: { interactions: [] } });
    expect(existsSync(join(missing, 'a', 'b.yaml'))).toBe(true);
  });
});

describe('yaml: URL style options', () => {
  it('sets the style of cassettes that carry none, and refuses values and options it does not know', async () => {
    const store = await yamlDriver.open(parseStoreUrl(`yaml:${dir}?style=pyyaml&width=inf`), {});
    const long = 'word '.repeat(40).trim();
    await store.put('styled', { data: { interactions: [], note: long } });
    expect(await readFile(join(dir, 'styled.yaml'), 'utf8')).toBe(`interactions: []\nnote: ${long}\n`);
    for (const bad of [
      'style=ruby',
      'width=0',
      'width=wide',
      'unicode=yes',
      'flow=inline',
      'indent=2',
      'foo=1',
    ]) {
      const error = await yamlDriver.open(parseStoreUrl(`yaml:${dir}?${bad}`), {}).catch((e: unknown) => e);
      expect(isCassetteError(error, 'INVALID_URL'), bad).toBe(true);
    }
  });
});
