// The CLI's own overhead: migrating the corpus yaml -> STORE -> yaml with the `cassette` command (a
// separate process per migration, as users run it) vs the same migrations through the library in
// this process. Both measured in this run.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrateStores, registry } from '../src/index.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = join(REPO, 'apps', 'cli', 'dist', 'main.js');
const middle = process.argv[2] ?? (registry.schemes.includes('sqlite') ? 'sqlite' : 'json');
const work = mkdtempSync(join(tmpdir(), 'cassette-cli-bench-'));
const source = join(work, 'corpus');
cpSync(join(REPO, 'fixtures', 'corpus', 'vcrpy'), source, { recursive: true });
rmSync(join(source, 'kevin1024__vcrpy', 'tests__fixtures__migration__old_cassette.yaml'));
rmSync(join(source, 'kevin1024__vcrpy', 'tests__fixtures__migration__old_cassette.json'));
const middleUrl = (run: string) => {
  // A sqlite: store is one file, in a folder that must exist.
  mkdirSync(join(work, run), { recursive: true });
  return middle === 'sqlite' ? `sqlite:${join(work, run, 'mid.db')}` : `${middle}:${join(work, run, 'mid')}`;
};

function viaCli(run: string): number {
  const start = performance.now();
  for (const [from, to] of [
    [`yaml:${source}`, middleUrl(run)],
    [middleUrl(run), `yaml:${join(work, run, 'back')}`],
  ] as const) {
    const result = spawnSync(process.execPath, [CLI, 'migrate', from, to, '--json'], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`cassette migrate failed: ${result.stderr}`);
  }
  return performance.now() - start;
}

async function viaLibrary(run: string): Promise<number> {
  const start = performance.now();
  for (const [from, to] of [
    [`yaml:${source}`, middleUrl(run)],
    [middleUrl(run), `yaml:${join(work, run, 'back')}`],
  ] as const) {
    const a = await registry.open(from);
    const b = await registry.open(to, { create: true });
    const summary = await migrateStores(a, b);
    if (summary.failed > 0) throw new Error(JSON.stringify(summary.failures));
    await a.close();
    await b.close();
  }
  return performance.now() - start;
}

const cli: number[] = [];
const lib: number[] = [];
for (let i = 0; i < 5; i += 1) {
  lib.push(await viaLibrary(`lib${i}`));
  cli.push(viaCli(`cli${i}`));
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `\ncli: migrating the corpus yaml -> ${middle} -> yaml (${middle === 'sqlite' ? 'sqlite file' : 'folder'}), median of 5\n`,
);
console.log(`library, in process   ${med(lib).toFixed(0)} ms   1.00x`);
console.log(
  `cassette command      ${med(cli).toFixed(0)} ms   ${(med(cli) / med(lib)).toFixed(2)}x  (the CLI's own overhead: process start, imports, output)`,
);
rmSync(work, { recursive: true, force: true });
