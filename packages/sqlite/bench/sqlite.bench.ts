/**
 * `npm run bench` in packages/sqlite: the numbers of issue 4, measured on the corpus in one run.
 *
 * - load every cassette: the sqlite store vs the floor (the same data as JSON files: readFileSync +
 *   JSON.parse) and vs the yaml store (a folder of the same YAML files)
 * - database size as a fraction of the corpus files' bytes (and, for reference, brotli over the whole
 *   corpus at once: what no per-cassette store can beat)
 * - one interaction by fingerprint in a database of >= 100,000 interactions (the corpus replicated)
 * - importing the corpus from YAML (decode + put, one transaction per cassette)
 *
 * - vcrpy's own loader on the same YAML files, in the same run (python3 + PyYAML + vcrpy from
 *   ../shared/vendor/vcrpy-8.2.1 or CASSETTE_VCRPY_PATH; skipped, saying why, when missing): the
 *   targets of issue 13 are ratios to it and to the floor, in CPU time (process.cpuUsage, Python's
 *   process_time): on a shared machine wall time mostly measures the other processes. Each is printed
 *   next to its target, met or not.
 *
 * CASSETTE_CORPUS=/path/to/vcrpy overrides the corpus folder (default: fixtures/corpus/vcrpy);
 * only its crewAI cassettes are measured (CASSETTE_BENCH_FILTER=<substring> to choose others, '' for all).
 * For realism: CASSETTE_CORPUS=../shared/corpus/vcrpy (504 crewAI cassettes).
 * CASSETTE_BENCH_QUICK=1 skips the 100,000-interaction database (the slow part) while iterating.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import {
  type Cassette,
  contentDigest,
  interactionsOf,
  requestBody,
  requestFingerprint,
  requestMethod,
  requestUri,
  toTaggedJson,
} from '@cassettekit/core';
import { codecFor } from '@cassettekit/formats';
import { createFileStore } from '@cassettekit/yaml';
import { createSqliteStore } from '../src/index.js';
import { tempDir } from '../test/support/backdoor.js';

const ROUNDS = 11;
const WARMUP_ROUNDS = 3;
const TARGET_INTERACTIONS = process.env.CASSETTE_BENCH_QUICK === '1' ? 0 : 100_000;
const LOOKUPS = 20_000;
const SINGLE_GETS = 2000;

const root =
  process.env.CASSETTE_CORPUS ?? fileURLToPath(new URL('../../../fixtures/corpus/vcrpy/', import.meta.url));
const FILTER = process.env.CASSETTE_BENCH_FILTER ?? 'crewAI';
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
// ../shared beside the repository (a clone in /work/main) or beside its worktrees folder (/work/wt/x).
const VCRPY =
  process.env.CASSETTE_VCRPY_PATH ??
  [join(REPO, '../shared/vendor/vcrpy-8.2.1'), join(REPO, '../../shared/vendor/vcrpy-8.2.1')].find((p) =>
    existsSync(p),
  ) ??
  join(REPO, '../shared/vendor/vcrpy-8.2.1');
const IMPORT_ROUNDS = 3;
// vcrpy runs once per import round and once per load-cpu.ts run: 6 rounds, interleaved.

/**
 * One load of `files` by vcrpy's own loader (scripts/vcrpy-load-time.py, its process CPU time), or
 * why it did not run. One round per call: the rounds are interleaved with the Node ones.
 */
function vcrpyLoad(files: readonly string[]): { cpu: number } | { skipped: string } {
  if (files.length === 0) return { skipped: 'no YAML files' };
  const result = spawnSync('python3', [join(REPO, 'scripts/vcrpy-load-time.py'), '1'], {
    input: files.join('\n'),
    encoding: 'utf8',
    env: { ...process.env, CASSETTE_VCRPY_PATH: VCRPY },
    maxBuffer: 1 << 20,
  });
  if (result.error !== undefined) return { skipped: `python3 cannot run: ${result.error.message}` };
  if (result.status !== 0) {
    const why = result.stderr.trim().split('\n').at(-1) ?? `exit ${result.status}`;
    return { skipped: existsSync(VCRPY) ? why : `vcrpy not found at ${VCRPY} (${why})` };
  }
  return { cpu: (JSON.parse(result.stdout) as { cpu: number[] }).cpu[0]! };
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : /\.(ya?ml|json)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}
function time<T>(fn: () => T): [T, number] {
  const start = process.hrtime.bigint();
  const result = fn();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}
async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}
/**
 * CPU milliseconds of this process (all its threads) spent in `fn`: on a shared machine wall time
 * mostly measures the other processes; the ratios of issue 13 compare CPU time on both sides.
 */
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
async function cpuAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = cpuNow();
  const result = await fn();
  return [result, cpuNow() - start];
}
/** A ratio row's verdict: the target and whether this run met it. */
const verdict = (target: string, met: boolean) => `${target}: ${met ? 'met' : 'NOT met'}`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

const tmp = tempDir('cassette-sqlite-bench-');
try {
  // The corpus, decoded once.
  const corpus: { name: string; file: string; text: string; cassette: Cassette; codec: 'yaml' | 'json' }[] =
    [];
  let corpusBytes = 0;
  for (const file of walk(root)
    .filter((f) => relative(root, f).includes(FILTER))
    .sort()) {
    const codec = file.endsWith('.json') ? 'json' : 'yaml';
    const text = readFileSync(file, 'utf8');
    try {
      corpus.push({ name: relative(root, file), file, text, cassette: codecFor(codec).decode(text), codec });
      corpusBytes += Buffer.byteLength(text);
    } catch {
      // the corpus holds two files vcrpy itself cannot read
    }
  }
  const interactionCount = corpus.reduce((n, c) => n + interactionsOf(c.cassette.data).length, 0);
  console.log(
    `corpus: ${root}${FILTER === '' ? '' : ` (names containing "${FILTER}")`}\n  ${corpus.length} cassettes, ${interactionCount} interactions, ${mb(corpusBytes)}\n`,
  );

  // Import from YAML: decode the text and put it, one transaction per cassette; a new database each
  // round (the last one is measured below), interleaved with vcrpy loading the same files.
  const yamlFiles = corpus.filter((c) => c.codec === 'yaml').map((c) => c.file);
  const dbPath = join(tmp.dir, 'corpus.db');
  const importCpu: number[] = [];
  const importWall: number[] = [];
  const vcrpyCpu: number[] = [];
  let vcrpySkipped: string | undefined;
  const vcrpyRound = (): void => {
    if (vcrpySkipped !== undefined) return;
    const v = vcrpyLoad(yamlFiles);
    if ('skipped' in v) vcrpySkipped = v.skipped;
    else vcrpyCpu.push(v.cpu);
  };
  for (let round = 0; round < IMPORT_ROUNDS; round += 1) {
    rmSync(dbPath, { force: true });
    const start = process.hrtime.bigint();
    const [, ms] = await cpuAsync(async () => {
      const store = await createSqliteStore({ path: dbPath, create: true });
      for (const c of corpus) await store.put(c.name, codecFor(c.codec).decode(c.text));
      await store.close();
    });
    importWall.push(Number(process.hrtime.bigint() - start) / 1e6);
    importCpu.push(ms);
    vcrpyRound();
  }
  const importMs = median(importWall);
  const dbBytes = statSync(dbPath).size;
  const store = await createSqliteStore({ path: dbPath });
  const stats = await store.databaseStats();

  // The floor: the same data as JSON files, read and parsed.
  const jsonDir = join(tmp.dir, 'json');
  mkdirSync(jsonDir);
  corpus.forEach((c, i) => {
    writeFileSync(join(jsonDir, `${i}.json`), JSON.stringify(toTaggedJson(c.cassette.data)));
  });
  const jsonFiles = corpus.map((_, i) => join(jsonDir, `${i}.json`));

  // The yaml store: a folder of the same files.
  const yamlDir = join(tmp.dir, 'yaml');
  const yamlStore = createFileStore({ dir: yamlDir, codec: codecFor('yaml') });
  for (const c of corpus) await yamlStore.put(c.name, c.cassette);

  const floor: number[] = [];
  const sqlite: number[] = [];
  const sqliteWarm: number[] = [];
  const yamlTimes: number[] = [];
  // The first rounds (JIT warm-up, for all three alike) are not counted.
  for (let round = -WARMUP_ROUNDS; round < ROUNDS; round += 1) {
    const keep = (times: number[], ms: number) => round >= 0 && times.push(ms);
    keep(floor, time(() => jsonFiles.map((f) => JSON.parse(readFileSync(f, 'utf8')) as unknown))[1]);
    // A store opened for the round (not timed): its cache of decoded blocks starts empty, so every
    // block is decoded in the round. The warm row below reuses one store across rounds.
    const fresh = await createSqliteStore({ path: dbPath });
    keep(sqlite, (await timeAsync(async () => Promise.all(corpus.map((c) => fresh.get(c.name)))))[1]);
    await fresh.close();
    keep(sqliteWarm, (await timeAsync(async () => Promise.all(corpus.map((c) => store.get(c.name)))))[1]);
    keep(yamlTimes, (await timeAsync(async () => Promise.all(corpus.map((c) => yamlStore.get(c.name)))))[1]);
  }
  await yamlStore.close();
  // The CPU time of the same loads, for the ratios of issue 13, in a process of their own
  // (load-cpu.ts), in three runs interleaved with vcrpy's.
  const floorCpu: number[] = [];
  const sqliteCpu: number[] = [];
  for (let run = 0; run < 3; run += 1) {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./load-cpu.ts', import.meta.url))],
      {
        input: JSON.stringify({
          db: dbPath,
          names: corpus.map((c) => c.name),
          jsonFiles,
          rounds: ROUNDS,
          warmup: WARMUP_ROUNDS,
        }),
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      },
    );
    if (child.status !== 0) throw new Error(`load-cpu.ts failed: ${child.stderr}`);
    const out = JSON.parse(child.stdout) as { floor: number[]; sqlite: number[] };
    floorCpu.push(...out.floor);
    sqliteCpu.push(...out.sqlite);
    vcrpyRound();
  }
  // One cassette at a time with no block cache: what a test that loads its one cassette pays.
  const single = await createSqliteStore({ path: dbPath, blockCacheBytes: 0 });
  const singleTimes: number[] = [];
  const singleFloor: number[] = [];
  for (let n = 0; n < SINGLE_GETS; n += 1) {
    const i = (n * 7919) % corpus.length;
    singleTimes.push((await timeAsync(() => single.get(corpus[i]!.name)))[1]);
    singleFloor.push(time(() => JSON.parse(readFileSync(jsonFiles[i]!, 'utf8')) as unknown)[1]);
  }
  await single.close();
  // Sanity: what was loaded is the corpus.
  for (const c of corpus) {
    if (contentDigest((await store.get(c.name))!.cassette.data) !== contentDigest(c.cassette.data)) {
      throw new Error(`${c.name} changed in the database`);
    }
  }
  await store.close();

  // Reference: brotli over the whole corpus at once (cross-cassette redundancy no row store can use).
  const whole = brotliCompressSync(Buffer.from(corpus.map((c) => c.text).join('')), {
    params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_LGWIN]: 24 },
  }).length;

  // >= 100,000 interactions: the corpus again and again under new names.
  const bigPath = join(tmp.dir, 'big.db');
  const big = await createSqliteStore({ path: bigPath, create: true });
  let copies = 0;
  const [, replicateMs] = await timeAsync(async () => {
    while (copies === 0 || copies * interactionCount < TARGET_INTERACTIONS) {
      // Data only: style detection is measured by the import above, not 250 times over.
      for (const c of corpus) await big.put(`copy${copies}/${c.name}`, { data: c.cassette.data });
      copies += 1;
    }
  });
  const probes = corpus.flatMap((c) =>
    interactionsOf(c.cassette.data).map((i) => ({
      name: c.name,
      fingerprint: requestFingerprint({ method: requestMethod(i), uri: requestUri(i), body: requestBody(i) }),
    })),
  );
  const inCassette: number[] = [];
  const anywhere: number[] = [];
  for (let n = 0; n < LOOKUPS; n += 1) {
    const probe = probes[(n * 7919) % probes.length]!;
    const cassette = `copy${n % copies}/${probe.name}`;
    const [found, ms] = await timeAsync(() =>
      big.findInteractions({ fingerprint: probe.fingerprint, cassette }),
    );
    if (found.length === 0) throw new Error(`not found: ${cassette} ${probe.fingerprint}`);
    inCassette.push(ms);
    anywhere.push(
      (await timeAsync(() => big.findInteractions({ fingerprint: probe.fingerprint, limit: 1 })))[1],
    );
  }
  const bigStats = await big.databaseStats();
  await big.close();

  const allYaml = corpus.every((c) => c.codec === 'yaml');
  const floorCpuMs = median(floorCpu);
  const sqliteCpuMs = median(sqliteCpu);
  const importCpuMs = median(importCpu);
  const vcrpyMs = vcrpySkipped === undefined ? median(vcrpyCpu) : Number.NaN;
  const ratioRows: [string, string, string, string][] = [
    [
      'load all, sqlite vs read + JSON.parse floor',
      `${sqliteCpuMs.toFixed(1)} / ${floorCpuMs.toFixed(1)} ms`,
      `${(sqliteCpuMs / floorCpuMs).toFixed(2)}x floor`,
      verdict('<= 1.25x floor', sqliteCpuMs <= 1.25 * floorCpuMs),
    ],
    [
      'database size vs the YAML files',
      mb(dbBytes),
      `${((dbBytes / corpusBytes) * 100).toFixed(1)}% of files`,
      verdict('<= 17%', dbBytes <= 0.17 * corpusBytes),
    ],
    ...((vcrpySkipped !== undefined
      ? [['vcrpy load (skipped)', vcrpySkipped, '', '']]
      : [
          [
            `vcrpy 8.2.1 load of the same YAML (${vcrpyCpu.length} rounds)`,
            `${vcrpyMs.toFixed(1)} ms`,
            allYaml ? '' : 'YAML files only',
            '',
          ],
          [
            '  sqlite load all vs vcrpy',
            '',
            `${(vcrpyMs / sqliteCpuMs).toFixed(1)}x faster`,
            verdict('>= 10x faster', vcrpyMs >= 10 * sqliteCpuMs),
          ],
          [
            `  import (yaml -> sqlite) vs vcrpy load (${IMPORT_ROUNDS} rounds)`,
            `${importCpuMs.toFixed(0)} ms`,
            `${(importCpuMs / vcrpyMs).toFixed(2)}x`,
            verdict('<= 1.5x', importCpuMs <= 1.5 * vcrpyMs),
          ],
        ]) as [string, string, string, string][]),
  ];
  const floorMs = median(floor);
  const rows: [string, string, string, string][] = [
    ['load all: read + JSON.parse floor', `${floorMs.toFixed(1)} ms`, '1.00x', ''],
    [
      'load all: sqlite store (fresh store each round)',
      `${median(sqlite).toFixed(1)} ms`,
      `${(median(sqlite) / floorMs).toFixed(2)}x floor`,
      '',
    ],
    [
      '  best round vs best round',
      `${Math.min(...sqlite).toFixed(1)} ms`,
      `${(Math.min(...sqlite) / Math.min(...floor)).toFixed(2)}x floor`,
      '',
    ],
    [
      '  same store every round (warm block cache)',
      `${median(sqliteWarm).toFixed(1)} ms`,
      `${(median(sqliteWarm) / floorMs).toFixed(2)}x floor`,
      '',
    ],
    [
      'load all: yaml store',
      `${median(yamlTimes).toFixed(1)} ms`,
      `${(median(yamlTimes) / floorMs).toFixed(2)}x floor`,
      '',
    ],
    ['load all: sqlite vs yaml store', '', `${(median(sqlite) / median(yamlTimes)).toFixed(2)}x`, ''],
    [
      'get one cassette, no block cache',
      `${median(singleTimes).toFixed(3)} ms median`,
      `p99 ${percentile(singleTimes, 0.99).toFixed(3)} ms`,
      '',
    ],
    [
      '  floor: read + JSON.parse one file',
      `${median(singleFloor).toFixed(3)} ms median`,
      `p99 ${percentile(singleFloor, 0.99).toFixed(3)} ms`,
      '',
    ],
    ['database size', mb(dbBytes), `${((dbBytes / corpusBytes) * 100).toFixed(1)}% of files`, ''],
    [
      '  values: blocks / raw (bodies, documents, originals)',
      `${mb(stats.bodyStoredBytes)} / ${mb(stats.bodyRawBytes)}`,
      `${stats.bodies} distinct, ${stats.blocks} blocks`,
      '',
    ],
    [
      '  ref: brotli-5 of the whole corpus',
      mb(whole),
      `${((whole / corpusBytes) * 100).toFixed(1)}% of files`,
      '',
    ],
    [
      `find by fingerprint in cassette, ${bigStats.interactions} interactions`,
      `${median(inCassette).toFixed(3)} ms median`,
      `p99 ${percentile(inCassette, 0.99).toFixed(3)} ms`,
      '< 0.2 ms median',
    ],
    [
      '  anywhere in the database (limit 1)',
      `${median(anywhere).toFixed(3)} ms median`,
      `p99 ${percentile(anywhere, 0.99).toFixed(3)} ms`,
      '',
    ],
    [
      'import corpus from YAML (decode + put)',
      `${importMs.toFixed(0)} ms`,
      `${(corpusBytes / 1e6 / (importMs / 1000)).toFixed(1)} MB/s`,
      '',
    ],
    [
      `  replicate to ${bigStats.interactions} interactions`,
      `${replicateMs.toFixed(0)} ms`,
      `${mb(bigStats.fileBytes)} file`,
      '',
    ],
  ];
  const table = (title: string, body: [string, string, string, string][]) => {
    const widths = [0, 1, 2, 3].map((i) => Math.max(...body.map((r) => r[i]!.length), 6));
    console.log(`${title}\n`);
    console.log(['what', 'value', 'ratio', 'target'].map((h, i) => h.padEnd(widths[i]!)).join(' | '));
    console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
    for (const r of body) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join(' | '));
    console.log();
  };
  table('Wall time (medians; noisy on a shared machine)', rows);
  table(
    "Issue 13 targets: CPU time vs vcrpy's (medians, interleaved; the loads in a process of their own: load-cpu.ts)",
    ratioRows,
  );
  console.log(
    `\n${stats.cassettes} cassettes, ${stats.originals} of them keep their original text (no style reproduces it); medians of ${ROUNDS} rounds (loads) and ${LOOKUPS} lookups`,
  );
} finally {
  tmp.remove();
}
