import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentDigest, interactionsOf, type ValueMap } from '@cassettekit/core';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../src/index.js';
import { readCassette, tempDir } from './support/backdoor.js';

// Real processes on one database file. The workers run the built package (dist/): `npm run build`.
const worker = fileURLToPath(new URL('./support/worker.mjs', import.meta.url));
const built = fileURLToPath(new URL('../dist/index.js', import.meta.url));

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  if (!existsSync(built))
    throw new Error(`${built} is missing: build @cassettekit/sqlite first (npm run build)`);
});
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.remove());

interface Run {
  child: ChildProcess;
  lines: string[];
  stderr: string[];
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first line that `match` accepts. */
  line(match: (line: string) => boolean): Promise<string>;
}

function run(...args: string[]): Run {
  const child = spawn(process.execPath, [worker, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const stderr: string[] = [];
  const waiters: { match: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl = buffer.indexOf('\n');
    while (nl !== -1) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      for (const w of waiters.splice(0))
        if (w.match(line)) w.resolve(line);
        else waiters.push(w);
      nl = buffer.indexOf('\n');
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    stderr,
    exit,
    line: (match) =>
      new Promise((resolve, reject) => {
        const seen = lines.find(match);
        if (seen !== undefined) resolve(seen);
        else waiters.push({ match, resolve });
        void exit.then(() => reject(new Error(`worker exited before the line; stderr: ${stderr.join('')}`)));
      }),
  };
}

function integrity(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

describe('sqlite store: several processes on one database', () => {
  it('4 workers write at once while this process reads: every write kept, races end in CONFLICT, never BUSY', async () => {
    const path = join(tmp.dir, 'shared.db');
    const reader = await createSqliteStore({ path, create: true });
    const count = 40;
    // Two workers let SQLite wait 5 s for the lock; two wait 1 ms, so the store's own retry does the work.
    const startAt = String(Date.now() + 1500);
    const workers = ['0', '1', '2', '3'].map((id) =>
      run('write', path, id, String(count), id < '2' ? '5000' : '1', startAt),
    );
    let reading = true;
    let reads = 0;
    const readerLoop = (async () => {
      while (reading) {
        for await (const entry of reader.list({ prefix: 'w' })) {
          const got = await reader.get(entry.name);
          expect(got).not.toBeNull();
          reads += 1;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const exits = await Promise.all(workers.map((w) => w.exit));
    reading = false;
    await readerLoop;
    for (const [i, w] of workers.entries())
      expect(exits[i], w.stderr.join('')).toEqual({ code: 0, signal: null });
    const results = workers.map(
      (w) =>
        JSON.parse(w.lines.at(-1)!) as {
          written: number;
          wins: number;
          conflicts: number;
          errors: string[];
        },
    );
    for (const r of results) {
      expect(r.errors).toEqual([]);
      expect(r.written).toBe(count);
      expect(r.wins + r.conflicts).toBe(count);
    }
    expect(reads).toBeGreaterThan(0);

    const names: string[] = [];
    for await (const entry of reader.list()) names.push(entry.name);
    expect(names).toHaveLength(4 * count + 1);
    const raw = new Database(path, { readonly: true });
    for (const id of ['0', '1', '2', '3']) {
      for (let i = 0; i < count; i += 1) {
        const data = readCassette(raw, `w${id}/c${String(i).padStart(3, '0')}`);
        expect((interactionsOf(data!)[0]!.response.body as ValueMap).string).toBe(`${id}:${i}`);
      }
    }
    // Every successful compare-and-swap appended its tag: none lost, none twice.
    const tags = readCassette(raw, 'shared')!.tags as string[];
    raw.close();
    expect(tags).toHaveLength(results.reduce((n, r) => n + r.wins, 0));
    expect(new Set(tags).size).toBe(tags.length);
    expect(results.reduce((n, r) => n + r.conflicts, 0)).toBeGreaterThan(0);
    await reader.close();
    expect(integrity(path)).toBe('ok');
  }, 120_000);
});

describe('sqlite store: a process killed in the middle of a write', () => {
  it('killed before COMMIT of a large transaction: the database is intact and holds the old cassette', async () => {
    const path = join(tmp.dir, 'crash.db');
    const store = await createSqliteStore({ path, create: true });
    const old = { data: { interactions: [], generation: 0, version: 1 } };
    const { version } = await store.put('big', old);
    await store.close();

    const child = run('crash', path, '20000');
    await child.line((l) => l === 'in-transaction');
    child.child.kill('SIGKILL');
    expect((await child.exit).signal).toBe('SIGKILL');
    expect(existsSync(`${path}-wal`)).toBe(true);

    const again = await createSqliteStore({ path });
    expect(integrity(path)).toBe('ok');
    const got = await again.get('big');
    expect(got?.version).toBe(version);
    expect(contentDigest(got!.cassette.data)).toBe(contentDigest(old.data));
    // And it still takes writes.
    await again.put('after', old);
    await again.close();
    expect(integrity(path)).toBe('ok');
  }, 60_000);

  it('killed at a random moment while rewriting a cassette: old or new, never a mix', async () => {
    const path = join(tmp.dir, 'loop.db');
    (await createSqliteStore({ path, create: true })).close();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const child = run('loop', path, '3000');
      await child.line((l) => l.startsWith('committed'));
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 200));
      child.child.kill('SIGKILL');
      await child.exit;
      const committed = child.lines.filter((l) => l.startsWith('committed')).length;

      expect(integrity(path)).toBe('ok');
      const store = await createSqliteStore({ path });
      const data = (await store.get('big'))!.cassette.data;
      const g = data.generation as number;
      // The last generation reported, or the one being written when the process died.
      expect([committed, committed + 1]).toContain(g);
      const list = interactionsOf(data);
      expect(list).toHaveLength(3000);
      for (const interaction of list)
        expect(String(interaction.request.body).startsWith(`g${g} `)).toBe(true);
      await store.close();
    }
  }, 60_000);
});

describe('sqlite store: a process killed while it creates the database', () => {
  /** After the kill, one normal open works, writes and reads, and leaves nothing but the database. */
  async function expectUsable(dir: string, path: string, what: string): Promise<void> {
    const store = await createSqliteStore({ path, create: true });
    await store.put('after', { data: { interactions: [], version: 1 } });
    expect((await store.get('after'))?.cassette.data, what).toEqual({ interactions: [], version: 1 });
    const first = await store.get('first');
    if (first !== null) expect((first.cassette.data.tags as unknown[]).length, what).toBe(0);
    await store.close();
    expect(readdirSync(dir), what).toEqual(['c.db']);
    expect(integrity(path), what).toBe('ok');
  }

  async function killedCreation(dir: string, when: (child: Run) => Promise<void>): Promise<void> {
    mkdirSync(dir);
    const child = run('create', join(dir, 'c.db'));
    await child.line((l) => l === 'starting');
    await when(child);
    child.child.kill('SIGKILL');
    await child.exit;
  }

  it('killed at random moments: the next open just works (12 kills)', async () => {
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const dir = join(tmp.dir, `random-${attempt}`);
      await killedCreation(dir, () => new Promise((r) => setTimeout(r, Math.random() * 80)));
      await expectUsable(dir, join(dir, 'c.db'), `attempt ${attempt}`);
    }
  }, 180_000);

  it('killed right after its first file appears: the next open just works (10 kills)', async () => {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const dir = join(tmp.dir, `appear-${attempt}`);
      await killedCreation(dir, async (child) => {
        // Polled without yielding, so the kill follows the file's appearance as closely as possible.
        const until = Date.now() + 10_000;
        while (readdirSync(dir).length === 0 && child.child.exitCode === null && Date.now() < until) {}
      });
      await expectUsable(dir, join(dir, 'c.db'), `attempt ${attempt}`);
    }
  }, 180_000);
});
