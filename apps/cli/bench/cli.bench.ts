// Issue 13's target: `cassette migrate yaml: sqlite:` of the corpus, end to end (the command, a
// process as users run it), within 1.5x of the library doing the same work. The library is measured
// two ways, interleaved with the command in the same rounds (medians):
// - in a fresh node process that imports it and migrates once: the same cold start (V8 compiles and
//   optimises the same code from nothing), so the ratio is the command's own overhead (commander,
//   its module loading, configuration, output);
// - warm, in this process, after earlier rounds: what the same work costs once V8 has optimised it.
//   The command can never be warm, so this ratio also holds the JIT warm-up of every cold process.
// Wall time is noisy on a shared machine: CPU time (user + system of the process doing the work)
// is printed beside it, and the verdict is given for both.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { migrateStores, registry } from '../src/index.js';

const TARGET = 1.5;
const ROUNDS = Number(process.env.CLI_BENCH_ROUNDS ?? 5);
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const DIST = join(REPO, 'apps', 'cli', 'dist');
const work = mkdtempSync(join(tmpdir(), 'cassette-cli-bench-'));
const source = join(work, 'corpus');
cpSync(join(REPO, 'fixtures', 'corpus', 'vcrpy'), source, { recursive: true });
// Two cassettes of vcrpy's own tests are in a format vcrpy itself no longer reads.
rmSync(join(source, 'kevin1024__vcrpy', 'tests__fixtures__migration__old_cassette.yaml'));
rmSync(join(source, 'kevin1024__vcrpy', 'tests__fixtures__migration__old_cassette.json'));
const from = `yaml:${source}`;

/** A fresh destination database per run. */
const target = (run: string): string => {
  mkdirSync(join(work, run), { recursive: true });
  return `sqlite:${join(work, run, 'out.db')}`;
};

interface Sample {
  readonly wall: number;
  readonly cpu: number;
}

/** Preloaded into each child: prints its own CPU time at exit, for the parent to read. */
const CPU_AT_EXIT = `data:text/javascript,${encodeURIComponent(
  "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\ncpu-us ' + (u.user + u.system) + '\\n'); });",
)}`;

function child(args: readonly string[]): Sample {
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--import', CPU_AT_EXIT, ...args], { encoding: 'utf8' });
  const wall = performance.now() - start;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  const cpu = /\ncpu-us (\d+)\n/.exec(result.stderr);
  if (cpu === null) throw new Error(`no CPU time from ${args.join(' ')}: ${result.stderr}`);
  return { wall, cpu: Number(cpu[1]) / 1000 };
}

/** The command, as a user runs it. */
const viaCli = (run: string): Sample =>
  child([join(DIST, 'main.js'), 'migrate', from, target(run), '--json']);

/** The library in a fresh process: import, open both stores, migrate, close. */
const viaFreshLibrary = (run: string): Sample =>
  child([
    '--input-type=module',
    '-e',
    `const { migrateStores, registry } = await import(${JSON.stringify(pathToFileURL(join(DIST, 'index.js')).href)});
     const a = await registry.open(${JSON.stringify(from)});
     const b = await registry.open(${JSON.stringify(target(run))}, { create: true });
     const summary = await migrateStores(a, b);
     await a.close();
     await b.close();
     if (summary.failed > 0) throw new Error(JSON.stringify(summary.failures));`,
  ]);

/** The library in this process, warmed by the rounds before. */
async function viaWarmLibrary(run: string): Promise<Sample> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const a = await registry.open(from);
  const b = await registry.open(target(run), { create: true });
  const summary = await migrateStores(a, b);
  await a.close();
  await b.close();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  if (summary.failed > 0) throw new Error(JSON.stringify(summary.failures));
  return { wall, cpu: (used.user + used.system) / 1000 };
}

const cli: Sample[] = [];
const fresh: Sample[] = [];
const warm: Sample[] = [];
await viaWarmLibrary('warm-up'); // the first in-process run is as cold as a new process
for (let i = 0; i < ROUNDS; i += 1) {
  // The order rotates so that no side always runs first (after the disk cache was filled by another).
  const steps = [
    () => cli.push(viaCli(`cli${i}`)),
    () => fresh.push(viaFreshLibrary(`fresh${i}`)),
    async () => warm.push(await viaWarmLibrary(`warm${i}`)),
  ];
  for (let k = 0; k < steps.length; k += 1) await steps[(i + k) % steps.length]!();
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const med = (samples: readonly Sample[]) => ({
  wall: median(samples.map((s) => s.wall)),
  cpu: median(samples.map((s) => s.cpu)),
});
const [c, f, w] = [med(cli), med(fresh), med(warm)];
const verdict = (ratio: number) => `${ratio.toFixed(2)}x ${ratio <= TARGET ? 'met' : 'NOT met'}`;
const row = (label: string, s: { wall: number; cpu: number }) =>
  `${label.padEnd(44)} ${s.wall.toFixed(0).padStart(7)} ms ${s.cpu.toFixed(0).padStart(7)} ms`;

console.log(
  `\ncli: cassette migrate yaml: sqlite: of the corpus (fixtures/corpus/vcrpy), ${ROUNDS} interleaved rounds, medians\n`,
);
console.log(`${''.padEnd(44)} ${'wall'.padStart(10)} ${'cpu'.padStart(10)}`);
console.log(row('library, fresh node process', f));
console.log(row('library, warm in this process', w));
console.log(row('cassette command (a process)', c));
console.log(`\ntarget: the command within ${TARGET}x of the library doing the same work`);
console.log(
  `  vs the library in a fresh process (the command's own overhead): wall ${verdict(c.wall / f.wall)}, cpu ${verdict(c.cpu / f.cpu)}`,
);
console.log(
  `  vs the library warm in this process (+ V8's warm-up of a cold process): wall ${verdict(c.wall / w.wall)}, cpu ${verdict(c.cpu / w.cpu)}`,
);
rmSync(work, { recursive: true, force: true });
