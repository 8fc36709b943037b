import { closeSync, copyFileSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { contentDigest } from '@cassettekit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../src/index.js';
import { tempDir } from './support/backdoor.js';

// Random bytes flipped in a database file: every cassette either comes back exactly as written or
// is an error naming it. Never different content, never "listed but no such cassette".

/** A small deterministic generator, so a failing trial can be run again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cassette(i: number) {
  const interactions = [];
  for (let k = 0; k < 1 + (i % 4); k += 1) {
    interactions.push({
      request: {
        body: k % 2 === 0 ? null : `{"prompt": "question ${i}.${k}", "model": "m-${i % 3}"}`,
        headers: { 'Content-Type': ['application/json'] },
        method: k % 2 === 0 ? 'GET' : 'POST',
        uri: `https://api.example.com/v1/${i}/${k}`,
      },
      response: {
        body: { string: `{"answer": "${'lorem ipsum '.repeat(5 + ((i * 7 + k) % 40))}${i}.${k}"}` },
        headers: { 'Content-Type': ['application/json'], 'X-Request-Id': [`req-${i}-${k}`] },
        status: { code: 200 + (k % 3), message: 'OK' },
      },
    });
  }
  return { data: { interactions, version: 1 } };
}

describe('sqlite store: random damage is always reported, naming the cassette', () => {
  const tmp = tempDir();
  const clean = join(tmp.dir, 'clean.db');
  const expected = new Map<string, string>();
  beforeAll(async () => {
    const store = await createSqliteStore({ path: clean, create: true });
    for (let i = 0; i < 60; i += 1) {
      const c = cassette(i);
      await store.put(`c${String(i).padStart(2, '0')}`, c);
      expected.set(`c${String(i).padStart(2, '0')}`, contentDigest(c.data));
    }
    await store.close();
  });
  afterAll(() => tmp.remove());

  it('check() of the undamaged file finds nothing', async () => {
    const store = await createSqliteStore({ path: clean, readOnly: true });
    expect(await store.check()).toEqual({ checked: 60, problems: [] });
    await store.close();
  });

  it('60 trials of 1-40 flipped bytes: each cassette is exact or an error that names it', async () => {
    const outcomes = { exact: 0, damaged: 0, unopenable: 0, unlistable: 0 };
    for (let trial = 0; trial < 60; trial += 1) {
      const next = random(1000 + trial);
      const path = join(tmp.dir, `trial-${trial}.db`);
      copyFileSync(clean, path);
      const size = statSync(path).size;
      const fd = openSync(path, 'r+');
      const flips = 1 + Math.floor(next() * 40);
      for (let f = 0; f < flips; f += 1) {
        // The first 100 bytes are SQLite's header: damage there is refused at open, tested elsewhere.
        const at = 100 + Math.floor(next() * (size - 100));
        const byte = Buffer.alloc(1);
        readSync(fd, byte, 0, 1, at);
        byte[0] = byte[0]! ^ (1 + Math.floor(next() * 255));
        writeSync(fd, byte, 0, 1, at);
      }
      closeSync(fd);

      let store: SqliteStore;
      try {
        store = await createSqliteStore({ path });
      } catch (error) {
        expect((error as { name?: string }).name, `trial ${trial}: ${error}`).toBe('CassetteError');
        outcomes.unopenable += 1;
        continue;
      }
      try {
        const names: string[] = [];
        try {
          for await (const e of store.list()) names.push(e.name);
        } catch (error) {
          expect((error as { name?: string }).name, `trial ${trial}: ${error}`).toBe('CassetteError');
          outcomes.unlistable += 1;
          continue;
        }
        const failed: string[] = [];
        for (const name of names) {
          try {
            const got = await store.get(name);
            expect(got, `trial ${trial}: ${name} is listed but not found`).not.toBeNull();
            expect(contentDigest(got!.cassette.data), `trial ${trial}: ${name} came back different`).toBe(
              expected.get(name),
            );
            outcomes.exact += 1;
          } catch (error) {
            const e = error as { name?: string; cassette?: string; message?: string };
            if (e.name !== 'CassetteError') throw error;
            expect(e.cassette, `trial ${trial}: ${e.message}`).toBe(name);
            outcomes.damaged += 1;
            failed.push(name);
          }
        }
        // check() finds at least what reading found: each such cassette by name, or damage to the
        // file itself (or it cannot even scan the file: an error naming the store).
        const report = await store.check().catch((error: unknown) => {
          expect((error as { name?: string }).name, `trial ${trial}: ${error}`).toBe('CassetteError');
          return null;
        });
        if (report !== null && failed.length > 0) {
          const fileDamage = report.problems.some((p) => p.cassette === null);
          for (const name of failed) {
            expect(
              fileDamage || report.problems.some((p) => p.cassette === name),
              `trial ${trial}: check() missed ${name}`,
            ).toBe(true);
          }
        }
      } finally {
        await store.close();
      }
    }
    // The trials did damage something, and left some cassettes readable.
    expect(outcomes.damaged).toBeGreaterThan(0);
    expect(outcomes.exact).toBeGreaterThan(0);
  }, 180_000);
});
