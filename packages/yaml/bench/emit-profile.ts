/** Profiling helper: `node --cpu-prof --import tsx packages/yaml/bench/emit-profile.ts` (emits the corpus 30 times). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Value } from '@cassette/core';
import { dumpPyYaml } from '../src/pyyaml/index.js';
import { loadYamlValue } from '../test/pyyaml/load-yaml.js';

const root = fileURLToPath(new URL('../../../fixtures/corpus/vcrpy', import.meta.url));
const walk = (d: string): string[] =>
  readdirSync(d).flatMap((n) =>
    statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : /\.ya?ml$/.test(n) ? [join(d, n)] : [],
  );
const values: Value[] = [];
for (const f of walk(root)) {
  try {
    values.push(loadYamlValue(readFileSync(f, 'utf8')));
  } catch {}
}
let n = 0;
const t0 = performance.now();
for (let i = 0; i < 30; i++)
  for (const v of values)
    n += dumpPyYaml(v, { dumper: 'libyaml', width: 80, unicode: false, flow: 'block' }).length;
console.log(((performance.now() - t0) / 30).toFixed(1), 'ms per corpus', n);
