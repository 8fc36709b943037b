import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CassetteStore, isCassetteError, type SkippedEntry } from '@cassettekit/core';
import { jsonCodec, yamlCodec } from '@cassettekit/formats';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileStore } from '../src/index.js';

const CASSETTE = 'interactions: []\nversion: 1\n';
let base: string;
/** The store's folder. */
let dst: string;
/** A folder outside the store that links point to: nothing may be read or written there. */
let elsewhere: string;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'cassette-links-'));
  dst = join(base, 'dst');
  elsewhere = join(base, 'elsewhere');
  await mkdir(dst);
  await mkdir(elsewhere);
  await writeFile(join(elsewhere, 'x.yaml'), 'interactions: []\nversion: 1\nsecret: outside\n');
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const store = (dir = dst): CassetteStore => createFileStore({ dir, codec: yamlCodec(), url: `yaml:${dir}` });

async function list(s: CassetteStore): Promise<{ names: string[]; skipped: SkippedEntry[] }> {
  const names: string[] = [];
  const skipped: SkippedEntry[] = [];
  for await (const entry of s.list({ onSkip: (e) => skipped.push(e) })) names.push(entry.name);
  return { names, skipped };
}

async function refusal(work: Promise<unknown>, link: string, why = 'out of the store'): Promise<void> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isCassetteError(error, 'PERMISSION_DENIED'), String(error)).toBe(true);
  expect((error as Error).message).toContain(`refused to follow ${link}`);
  expect((error as Error).message).toContain(why);
  expect((error as Error).message).toContain(`yaml:${dst}`);
}

async function elsewhereUntouched(): Promise<void> {
  expect((await readdir(elsewhere)).sort()).toEqual(['x.yaml']);
  expect(await readFile(join(elsewhere, 'x.yaml'), 'utf8')).toContain('secret: outside');
}

describe('a folder symlink that leaves the store (dst/dirlink -> /elsewhere)', () => {
  beforeEach(async () => {
    await symlink(elsewhere, join(dst, 'dirlink'));
  });

  it('get, put and delete refuse it, naming the link; nothing outside is read or written', async () => {
    await refusal(store().get('dirlink/x'), 'dirlink');
    await refusal(store().put('dirlink/x', { data: { interactions: [] } }), 'dirlink');
    await refusal(store().put('dirlink/new', { data: { interactions: [] } }), 'dirlink');
    await refusal(store().delete('dirlink/x'), 'dirlink');
    await elsewhereUntouched();
  });

  it('list passes over it and tells onSkip its name', async () => {
    await writeFile(join(dst, 'inside.yaml'), CASSETTE);
    const { names, skipped } = await list(store());
    expect(names).toEqual(['inside']);
    expect(skipped).toEqual([
      { location: 'dirlink', reason: expect.stringContaining('leads out of the store') },
    ]);
  });
});

describe('a file symlink that leaves the store (dst/a.yaml -> /elsewhere/x.yaml)', () => {
  beforeEach(async () => {
    await symlink(join(elsewhere, 'x.yaml'), join(dst, 'a.yaml'));
  });

  it('is never read, replaced or deleted through', async () => {
    await refusal(store().get('a'), 'a.yaml');
    await refusal(store().put('a', { data: { interactions: [], version: 2 } }), 'a.yaml');
    await refusal(store().delete('a'), 'a.yaml');
    await elsewhereUntouched();
  });

  it('is reported by list, by name', async () => {
    const { names, skipped } = await list(store());
    expect(names).toEqual([]);
    expect(skipped.map((s) => s.location)).toEqual(['a.yaml']);
  });

  it('a dangling link is refused and reported too', async () => {
    await symlink(join(elsewhere, 'missing.yaml'), join(dst, 'gone.yaml'));
    await refusal(store().put('gone', { data: { interactions: [] } }), 'gone.yaml', 'a symlink to nothing');
    expect(existsSync(join(elsewhere, 'missing.yaml'))).toBe(false);
    const { skipped } = await list(store());
    expect(skipped.map((s) => s.location).sort()).toEqual(['a.yaml', 'gone.yaml']);
  });
});

describe('links that stay inside the store are followed', () => {
  it('a folder link and a file link to places in the store read, list and write there', async () => {
    await mkdir(join(dst, 'real'));
    await writeFile(join(dst, 'real', 'c.yaml'), CASSETTE);
    await symlink(join(dst, 'real'), join(dst, 'alias'));
    await symlink('real/c.yaml', join(dst, 'b.yaml'));
    const s = store();
    expect((await s.get('alias/c'))?.cassette.data).toEqual({ interactions: [], version: 1 });
    expect((await s.get('b'))?.cassette.data).toEqual({ interactions: [], version: 1 });
    await s.put('alias/new', { data: { interactions: [] } });
    expect(existsSync(join(dst, 'real', 'new.yaml'))).toBe(true);
    // A write through a file link updates the file it points to; the link stays.
    await s.put('b', { data: { interactions: [], version: 3 } });
    expect(await readFile(join(dst, 'real', 'c.yaml'), 'utf8')).toBe('interactions: []\nversion: 3\n');
    const { names, skipped } = await list(s);
    expect(names).toEqual(['alias/c', 'alias/new', 'b', 'real/c', 'real/new']);
    expect(skipped).toEqual([]);
  });

  it('a store opened through a link to its folder works as the folder', async () => {
    await symlink(dst, join(base, 'via-link'));
    await store(join(base, 'via-link')).put('a', { data: { interactions: [] } });
    expect(existsSync(join(dst, 'a.yaml'))).toBe(true);
  });

  it('a link back to a folder already listed ends the walk and is reported', async () => {
    await writeFile(join(dst, 'a.yaml'), CASSETTE);
    await symlink(dst, join(dst, 'loop'));
    const { names, skipped } = await list(store());
    expect(names).toEqual(['a']);
    expect(skipped).toEqual([{ location: 'loop', reason: expect.stringContaining('listed already') }]);
  });
});

describe('the files beside a cassette stay inside too', () => {
  it('a .cassette-format link out of the store is neither written nor read', async () => {
    await symlink(elsewhere, join(dst, '.cassette-format'));
    // A JSON cassette put into a YAML folder would keep its JSON style in .cassette-format.
    const cassette = jsonCodec().decode('{"interactions": [], "version": 1}');
    await refusal(store().put('styled', cassette), '.cassette-format');
    expect(existsSync(join(dst, 'styled.yaml'))).toBe(false);
    await writeFile(join(dst, 'plain.yaml'), CASSETTE);
    await writeFile(join(elsewhere, 'plain.json'), '{"digest": "x"}');
    expect((await store().get('plain'))?.cassette.data).toEqual({ interactions: [], version: 1 });
    expect((await readdir(elsewhere)).sort()).toEqual(['plain.json', 'x.yaml']);
  });

  it('the lock and temp files are made in the real folder, never through a link out', async () => {
    await symlink(elsewhere, join(dst, 'dirlink'));
    await refusal(store().put('dirlink/x', { data: { interactions: [] } }), 'dirlink');
    expect((await readdir(elsewhere)).filter((n) => n.endsWith('.lock') || n.endsWith('.tmp'))).toEqual([]);
  });
});
