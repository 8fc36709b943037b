/**
 * `npx tsx packages/yaml/bench/emit.bench.ts [corpus-dir] [runs]`
 *
 * Emits every YAML cassette of the corpus (default fixtures/corpus/vcrpy) with dumpPyYaml in the
 * libyaml (CDumper) style and reports the median time against PyYAML CDumper (timed by python3 on
 * the same files in this run) and js-yaml 4 `dump`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Value } from '@cassettekit/core';
import yaml from 'js-yaml';
import { dumpPyYaml, type YamlStyle } from '../src/pyyaml/index.js';
import { loadYamlValue } from '../test/pyyaml/load-yaml.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const dir = resolve(process.argv[2] ?? join(REPO_ROOT, 'fixtures/corpus/vcrpy'));
const runs = Number(process.argv[3] ?? 15);
const STYLE: YamlStyle = { dumper: 'libyaml', width: 80, unicode: false, flow: 'block' };

function yamlFiles(d: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

const files: string[] = [];
const values: Value[] = [];
let bytes = 0;
for (const f of yamlFiles(dir)) {
  const text = readFileSync(f, 'utf8');
  try {
    values.push(loadYamlValue(text));
    files.push(f);
    bytes += Buffer.byteLength(text);
  } catch {
    // not loadable as a cassette value (e.g. python object tags): skipped by every contender
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function time(fn: () => void): number {
  fn(); // warm-up
  fn();
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ts.push((performance.now() - t0) / 1000);
  }
  return median(ts);
}

let sink = 0;
const ours = time(() => {
  for (const v of values) sink += dumpPyYaml(v, STYLE).length;
});
const jsYaml = time(() => {
  for (const v of values) sink += yaml.dump(v, { skipInvalid: true }).length;
});

// PyYAML CDumper on the same files, timed inside python (loading excluded).
const py = spawnSync(
  process.env.PYTHON ?? 'python3',
  [
    '-c',
    `
import sys, time, json, yaml
files = json.loads(sys.stdin.read())
data = [yaml.load(open(f, encoding='utf-8').read(), Loader=yaml.CLoader) for f in files]
def once():
    for d in data: yaml.dump(d, Dumper=yaml.CDumper)
once()
ts = []
for _ in range(${runs}):
    t0 = time.perf_counter(); once(); ts.append(time.perf_counter() - t0)
ts.sort(); print(ts[len(ts)//2])
`,
  ],
  { input: JSON.stringify(files), encoding: 'utf8' },
);
const cdumper = py.status === 0 ? Number(py.stdout.trim()) : Number.NaN;

const mb = bytes / 1e6;
const rows: [string, number][] = [
  ['dumpPyYaml (libyaml style)', ours],
  ['PyYAML CDumper', cdumper],
  ['js-yaml 4 dump (not vcrpy style)', jsYaml],
];
console.log(`corpus: ${dir}\n${files.length} files, ${mb.toFixed(1)} MB of YAML, median of ${runs} runs\n`);
console.log('| emitter | median s | MB/s | dumpPyYaml speed-up |');
console.log('|---|---|---|---|');
for (const [name, s] of rows) {
  const speed = Number.isNaN(s) ? 'n/a' : `${(s / ours).toFixed(2)}x`;
  console.log(
    `| ${name} | ${Number.isNaN(s) ? 'n/a' : s.toFixed(4)} | ${Number.isNaN(s) ? 'n/a' : (mb / s).toFixed(0)} | ${speed} |`,
  );
}
if (py.status !== 0)
  console.log(`\n(python3 CDumper timing unavailable: ${py.stderr.trim().split('\n').pop()})`);
if (sink < 0) console.log(sink);
