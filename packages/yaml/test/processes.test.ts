import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentDigest } from '@cassettekit/core';
import { decodeYaml, yamlCodec } from '@cassettekit/formats';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileStore } from '../src/index.js';
// @ts-expect-error: a plain .mjs helper shared with the child processes
import { bigCassette } from './processes/writer.mjs';

const WRITER = fileURLToPath(new URL('./processes/writer.mjs', import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cassette-proc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function start(args: string[]): { child: ChildProcess; output: Promise<string>; ready: Promise<void> } {
  const child = spawn(process.execPath, [WRITER, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.stdout!.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    if (text.includes('ready')) onReady();
  });
  const output = new Promise<string>((resolve) => child.on('close', () => resolve(text)));
  return { child, output, ready };
}

/** The pid of a process that has ended: a lock naming it is stale. */
async function deadPid(): Promise<number> {
  const dead = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => dead.on('close', resolve));
  return dead.pid!;
}

/**
 * One round of `count` writer processes that wait for a go file, then all put `name` with the same
 * `ifVersion`; resolves with what each reported (`won`, `conflict` or an error).
 */
async function raceRound(name: string, ifVersion: string, count: number): Promise<string[]> {
  await rm(join(dir, 'go'), { force: true });
  const writers = Array.from({ length: count }, () => start(['race', dir, name, ifVersion]));
  await new Promise((resolve) => setTimeout(resolve, 300));
  await writeFile(join(dir, 'go'), '');
  return (await Promise.all(writers.map((w) => w.output))).map((out) => out.trim());
}

describe('writes from other processes', () => {
  it('a writer killed with SIGKILL in the middle of a write leaves the old or the new cassette, whole', async () => {
    const store = createFileStore({ dir, codec: yamlCodec() });
    await store.put('big', bigCassette('old') as never);
    const allowed = new Set(
      ['old', 'new-a', 'new-b'].map((label) => contentDigest((bigCassette(label) as { data: never }).data)),
    );
    for (let round = 0; round < 6; round += 1) {
      const { child, output, ready } = start(['loop', dir, 'big']);
      await ready;
      await new Promise((resolve) => setTimeout(resolve, 40 + round * 37));
      child.kill('SIGKILL');
      await output;
      const text = await readFile(join(dir, 'big.yaml'), 'utf8');
      expect(allowed.has(contentDigest(decodeYaml(text).data)), `round ${round}`).toBe(true);
      const names: string[] = [];
      for await (const entry of store.list()) names.push(entry.name);
      expect(names).toEqual(['big']);
    }
    // The next writer takes over the lock the killed one left behind.
    await store.put('big', bigCassette('after') as never, { ifVersion: (await store.get('big'))!.version });
    expect((await readdir(dir)).filter((f) => f.endsWith('.lock'))).toEqual([]);
  }, 60_000);

  it('a lock left by a killed writer is taken over by exactly one waiter, and its temp file removed', async () => {
    const store = createFileStore({ dir, codec: yamlCodec() });
    const dead = await deadPid();
    for (let round = 0; round < 4; round += 1) {
      const current = await store.get('stale');
      const version = current === null ? 'null' : current.version;
      await writeFile(join(dir, 'stale.yaml.lock'), `${dead} ${hostname()} deadbeef\n`);
      await writeFile(join(dir, `.stale.yaml.${dead}.abcd.tmp`), 'half a cassette');
      const results = await raceRound('stale', version, 5);
      expect(
        results.filter((r) => r === 'won'),
        results.join(','),
      ).toHaveLength(1);
      expect(results.filter((r) => r === 'conflict')).toHaveLength(4);
      expect((await readdir(dir)).filter((f) => f.endsWith('.tmp') || f.includes('.lock'))).toEqual([]);
    }
  }, 60_000);

  it('under a storm of stale locks, never two holders at once and never a lock left behind', async () => {
    const dead = await deadPid();
    const stress = fileURLToPath(new URL('./processes/lock-stress.mjs', import.meta.url));
    const workers = Array.from({ length: 6 }, () => {
      const child = spawn(process.execPath, [stress, dir, String(dead), '40'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
      });
      return new Promise<string>((resolve) => child.on('close', () => resolve(out)));
    });
    const results = (await Promise.all(workers)).map(
      (out) => JSON.parse(out) as { overlaps: number; timeouts: number },
    );
    expect(
      results.reduce((sum, r) => sum + r.overlaps, 0),
      JSON.stringify(results),
    ).toBe(0);
    expect(
      results.reduce((sum, r) => sum + r.timeouts, 0),
      JSON.stringify(results),
    ).toBe(0);
  }, 120_000);

  it('of several processes writing with the same ifVersion, exactly one wins', async () => {
    const store = createFileStore({ dir, codec: yamlCodec() });
    for (let round = 0; round < 3; round += 1) {
      const current = await store.get('race');
      const version = current === null ? 'null' : current.version;
      const results = await raceRound('race', version, 4);
      expect(
        results.filter((r) => r === 'won'),
        results.join(','),
      ).toHaveLength(1);
      expect(results.filter((r) => r === 'conflict')).toHaveLength(3);
    }
  }, 60_000);
});
