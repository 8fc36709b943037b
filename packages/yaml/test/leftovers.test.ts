import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isCassetteError } from '@cassettekit/core';
import { yamlCodec } from '@cassettekit/formats';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFileStore } from '../src/index.js';

const WRITER = fileURLToPath(new URL('./processes/writer.mjs', import.meta.url));
const SMALL = { data: { interactions: [], version: 1 } };

/** Every lock and temp file under `root`, relative. */
async function leftovers(root: string): Promise<string[]> {
  const all = await readdir(root, { recursive: true });
  return all.filter((f) => /\.lock$|\.lock\.break$|\.tmp$/.test(f)).sort();
}

function writer(mode: string, dir: string, name: string): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, [WRITER, mode, dir, name], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  return { child, ready };
}

describe('what killed writers leave is cleared by the next writer', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cassette-leftovers-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stale .lock files and .cassette-format temp files of SIGKILLed writers go at the next write of any cassette', async () => {
    // SIGKILL a writer the moment it is writing .cassette-format/NAME.json: it holds the cassette's
    // lock then, and the format file's temp file exists. Retried when the kill lands a little late.
    let left: string[] = [];
    for (let attempt = 0; attempt < 10 && !(hasLock(left) && hasFormatTemp(left)); attempt += 1) {
      const w = writer('loop-json', dir, `styled/${attempt}`);
      await w.ready;
      const ended = new Promise((resolve) => w.child.on('close', resolve));
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && !hasFormatTemp(await leftovers(dir))) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      w.child.kill('SIGKILL');
      await ended;
      left = await leftovers(dir);
    }
    expect(hasLock(left), left.join('\n')).toBe(true);
    expect(hasFormatTemp(left), left.join('\n')).toBe(true);

    // The next writer, in this process, writes a cassette none of the killed ones wrote.
    await createFileStore({ dir, codec: yamlCodec() }).put('other', SMALL);
    expect(await leftovers(dir)).toEqual([]);
  }, 180_000);

  it('leaves the locks of live writers alone', async () => {
    const live = writer('loop', dir, 'busy');
    await live.ready;
    try {
      const written = () => readFile(join(dir, 'busy.yaml'), 'utf8').catch(() => '');
      while ((await written()) === '') await new Promise((resolve) => setTimeout(resolve, 20));
      await createFileStore({ dir, codec: yamlCodec() }).put('other', SMALL);
      // The live writer still writes (its lock was not broken): its cassette keeps changing.
      const before = await written();
      let after = before;
      for (let i = 0; i < 1000 && after === before; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        after = await written();
      }
      expect(after).not.toBe(before);
    } finally {
      live.child.kill('SIGKILL');
    }
  }, 90_000);
});

const hasLock = (files: string[]) => files.some((f) => f.endsWith('.lock'));
const hasFormatTemp = (files: string[]) =>
  files.some((f) => f.startsWith('.cassette-format') && f.endsWith('.tmp'));

/** A small real file system of its own, to fill up and make read-only (needs root and tmpfs). */
function mountTmpfs(at: string): string | null {
  if (process.getuid?.() !== 0) return 'not root: cannot mount a small tmpfs to fill';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', at], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `cannot mount a tmpfs here: ${String((error as Error).message).split('\n')[0]}`;
  }
}

describe('a full or read-only file system', () => {
  let base: string;
  let mnt: string;
  let unavailable: string | null = 'not set up';
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'cassette-fullfs-'));
    mnt = join(base, 'mnt');
    await mkdir(mnt);
    unavailable = mountTmpfs(mnt);
    if (unavailable !== null) console.warn(`skipping the full-disk tests: ${unavailable}`);
  });
  afterAll(async () => {
    if (unavailable === null) execFileSync('umount', [mnt]);
    await rm(base, { recursive: true, force: true });
  });

  it('a write to a full disk fails naming the cassette and the store, leaves no lock or temp file, and works once there is room', async (context) => {
    if (unavailable !== null) context.skip(unavailable);
    const dir = join(mnt, 'store');
    const url = `yaml:${dir}`;
    const store = createFileStore({ dir, codec: yamlCodec(), url });
    await store.put('kept', SMALL);
    const filler = join(mnt, 'filler');
    await writeFile(filler, Buffer.alloc(4 * 1024 * 1024)).catch(() => {});
    const big = { data: { interactions: [], body: 'x'.repeat(600_000) } };
    for (const name of ['kept', 'new/one']) {
      const error = await store.put(name, big).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isCassetteError(error, 'UNAVAILABLE'), String(error)).toBe(true);
      const message = (error as Error).message;
      expect(message).toContain(`[${url}]`);
      expect(message).toContain(name);
      expect(message).toContain('no space left');
      expect(message).toContain('Free some disk space');
      expect(await leftovers(dir)).toEqual([]);
    }
    expect(await readFile(join(dir, 'kept.yaml'), 'utf8')).toBe('interactions: []\nversion: 1\n');
    await rm(filler);
    await createFileStore({ dir, codec: yamlCodec(), url }).put('new/one', big);
    expect(await leftovers(dir)).toEqual([]);
  }, 60_000);

  it('a read-only file system: reads work, a write is PERMISSION_DENIED saying so', async (context) => {
    if (unavailable !== null) context.skip(unavailable);
    const dir = join(mnt, 'ro');
    const url = `yaml:${dir}`;
    await createFileStore({ dir, codec: yamlCodec(), url }).put('a', SMALL);
    execFileSync('mount', ['-o', 'remount,ro', mnt]);
    try {
      const store = createFileStore({ dir, codec: yamlCodec(), url });
      expect((await store.get('a'))?.cassette.data).toEqual(SMALL.data);
      const error = await store.put('a', { data: { interactions: [], version: 2 } }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isCassetteError(error, 'PERMISSION_DENIED'), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/read-only.*\[yaml:.*\] a:|\[yaml:.*\] a: .*read-only/s);
      expect((error as Error).message).toContain('Remount it writable');
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mnt]);
    }
  }, 60_000);
});
