import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Cassette, type CassetteStore, cloneValue, setKey, type ValueMap } from '@cassettekit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateStores } from '../src/lib/migrate.js';
import { registry } from '../src/registry.js';
import { REPO, runCli } from './run-cli.js';

/** Polly recordings of the corpus (persister-fs files, `<name>.har` in a json: folder). */
const POLLY_CORPUS = join(
  REPO,
  'fixtures',
  'corpus',
  'pollyjs-har',
  'DataDog__datadog-api-client-typescript',
);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cassette-migrate-har-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every file under `folder`, relative, sorted. */
async function files(folder: string): Promise<string[]> {
  return (await readdir(folder, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1))
    .sort();
}

describe('HAR cassettes migrate json: -> polly: -> sqlite: -> json: with every write verified', () => {
  it('a polly: folder renames each recording to its cassette name: that is what its writes are checked against', async () => {
    await cp(POLLY_CORPUS, join(dir, 'src'), { recursive: true });
    const count = (await files(join(dir, 'src'))).length;
    const steps = [
      [`json:${dir}/src`, `polly:${dir}/polly`],
      [`polly:${dir}/polly`, `sqlite:${dir}/har.db`],
      [`sqlite:${dir}/har.db`, `json:${dir}/out`],
    ];
    for (const [from, to] of steps) {
      const run = await runCli(['migrate', from!, to!]);
      expect(run.stderr, `${from} -> ${to}`).not.toMatch(/failed:/);
      expect(run.code, `${from} -> ${to}: ${run.stderr}`).toBe(0);
      expect(run.stdout).toContain(`${count} copied, 0 unchanged, 0 failed`);
    }
    // Again into polly: every recording is already there, as the folder keeps it.
    const again = await runCli(['migrate', `json:${dir}/src`, `polly:${dir}/polly`]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`0 copied, ${count} unchanged, 0 failed`);

    // What came back out of SQLite is, byte for byte, what the polly: folder holds for each name.
    const recordings = new Map<string, string>();
    for (const file of await files(join(dir, 'polly'))) {
      const text = await readFile(join(dir, 'polly', file), 'utf8');
      recordings.set((JSON.parse(text) as { log: { _recordingName: string } }).log._recordingName, text);
    }
    const out = await files(join(dir, 'out'));
    expect(out).toHaveLength(count);
    for (const file of out) {
      expect(file).toMatch(/\.har$/);
      expect(await readFile(join(dir, 'out', file), 'utf8'), file).toBe(
        recordings.get(file.replace(/\.har$/, '')),
      );
    }
  }, 180_000);
});

/**
 * A real json: folder whose `put` stores something else than it is given (a backend that loses part of
 * its first write): the read-back check catches it, and the write is taken back.
 */
function lossy(store: CassetteStore): CassetteStore {
  const changed = (cassette: Cassette): Cassette => {
    const data = cloneValue(cassette.data);
    setKey(data.log as ValueMap, 'comment', 'not what was put');
    return { data };
  };
  let lost = false;
  return {
    ...store,
    // Loses part of its first write only (taking the write back works).
    put: (name, cassette, options) => {
      const written = lost ? cassette : changed(cassette);
      lost = true;
      return store.put(name, written, options);
    },
  };
}

describe('a migration whose write does not read back leaves the target as it was', () => {
  const NAME = 'cassettes__v2__App-Builder_216136899__Get-App-returns-Gone-response_3390207647__recording';

  it('a new cassette is deleted again: no file is left behind', async () => {
    await cp(join(POLLY_CORPUS, `${NAME}.har`), join(dir, 'src', `${NAME}.har`));
    const source = await registry.open(`json:${dir}/src`, { cwd: dir });
    const target = await registry.open(`json:${dir}/out`, { cwd: dir, create: true });
    try {
      const summary = await migrateStores(source, lossy(target));
      expect(summary.failed).toBe(1);
      expect(summary.failures[0]).toMatchObject({ name: NAME, code: 'VERIFICATION_FAILED' });
      expect(summary.failures[0]!.message).toContain('the write was undone');
      expect(await target.get(NAME)).toBeNull();
      expect((await files(join(dir, 'out'))).filter((f) => !f.startsWith('.'))).toEqual([]);
    } finally {
      await source.close();
      await target.close();
    }
  });

  it('a replaced cassette (--overwrite) is put back byte for byte', async () => {
    await cp(join(POLLY_CORPUS, `${NAME}.har`), join(dir, 'src', `${NAME}.har`));
    const older = (await readFile(join(POLLY_CORPUS, `${NAME}.har`), 'utf8')).replace(
      '"status": 410',
      '"status": 200',
    );
    expect(older).toContain('"status": 200');
    await rm(join(dir, 'out'), { recursive: true, force: true });
    await mkdir(join(dir, 'out'), { recursive: true });
    await writeFile(join(dir, 'out', `${NAME}.har`), older);
    const source = await registry.open(`json:${dir}/src`, { cwd: dir });
    const target = await registry.open(`json:${dir}/out`, { cwd: dir });
    try {
      const summary = await migrateStores(source, lossy(target), { overwrite: true });
      expect(summary.failures[0]).toMatchObject({ name: NAME, code: 'VERIFICATION_FAILED' });
      expect(await readFile(join(dir, 'out', `${NAME}.har`), 'utf8')).toBe(older);
    } finally {
      await source.close();
      await target.close();
    }
  });
});
