/**
 * `npx tsx packages/yaml/bench/emit.profile.ts [corpus-dir] [seconds] [style]`
 *
 * Emits the corpus with dumpPyYaml in a loop for a few seconds and prints ms per pass: a steady
 * workload to run under `node --cpu-prof` (e.g. `node --cpu-prof --import tsx ...`) when tuning the
 * emitter. `style` is libyaml (default) or pyyaml.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Value } from '@cassette/core';
import { dumpPyYaml, type YamlStyle } from '../src/pyyaml/index.js';
import { loadYamlValue } from '../test/pyyaml/load-yaml.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dir = resolve(process.argv[2] ?? join(REPO_ROOT, 'fixtures/corpus/vcrpy'));
const seconds = Number(process.argv[3] ?? 5);
const dumper = process.argv[4] === 'pyyaml' ? 'pyyaml' : 'libyaml';
const STYLE: YamlStyle = { dumper, width: 80, unicode: false, flow: 'block' };

function yamlFiles(d: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

const values: Value[] = [];
for (const f of yamlFiles(dir)) {
  try {
    values.push(loadYamlValue(readFileSync(f, 'utf8')));
  } catch {
    // not a cassette value: the bench skips it too
  }
}

let sink = 0;
let passes = 0;
const times: number[] = [];
const end = performance.now() + seconds * 1000;
while (performance.now() < end) {
  const t0 = performance.now();
  for (const v of values) sink += dumpPyYaml(v, STYLE).length;
  times.push(performance.now() - t0);
  passes++;
}
times.sort((a, b) => a - b);
console.log(
  `${dumper}: ${passes} passes, median ${times[passes >> 1]?.toFixed(2)} ms, min ${times[0]?.toFixed(2)} ms`,
);
if (sink < 0) console.log(sink);
