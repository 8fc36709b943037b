/**
 * `npx tsx packages/formats/bench/emit.bench.ts [corpus-dir] [rounds]`
 *
 * Emits every cassette of the crewAI part of the vcrpy corpus (fixtures/corpus/vcrpy, files whose
 * path contains "crewAI"; or every YAML file under `corpus-dir`) with dumpPyYaml in the libyaml
 * (CDumper) style, against PyYAML's CDumper on the same documents, which is what vcrpy's
 * serializer calls. Honest by construction:
 * - both sides emit the same documents and must write the same bytes (SHA-256 of every file's
 *   output compared first; the bench refuses to time a mismatch);
 * - python runs as one persistent process (scripts/cdumper-time.py) and the rounds interleave,
 *   one CDumper pass then one dumpPyYaml pass, so both see the same machine load;
 * - medians over the rounds, in wall time and in CPU time (what stays comparable on a busy machine);
 * - our output is read, so a string V8 built by concatenation is flattened inside the timing.
 * js-yaml's `dump` (not vcrpy's layout) and V8's native JSON.stringify of the same data (the floor
 * of writing it as text here) are timed in the same rounds for scale. The emitter is the
 * built package (dist/, what users run; `npm run bench` builds first), not tsx's compiled sources.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { toTaggedJson, type Value } from '@cassettekit/core';
import yaml from 'js-yaml';
import type { YamlStyle } from '../src/index.js';
import { loadYamlValue } from '../test/pyyaml/load-yaml.js';
import { table } from './measure.js';

// Loaded at run time so type checking (which runs before this package is built) does not need dist/.
const DIST = new URL('../dist/index.js', import.meta.url).href;
const { dumpPyYaml } = (await import(DIST)) as typeof import('../src/index.js');

const TARGET = 10;
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../scripts/cdumper-time.py', import.meta.url));
const PYTHON = process.env.PYTHON ?? 'python3';
const dirArg = process.argv[2];
const dir = resolve(dirArg ?? join(REPO_ROOT, 'fixtures/corpus/vcrpy'));
const rounds = Number(process.argv[3] ?? 11);
const STYLE: YamlStyle = { dumper: 'libyaml', width: 80, unicode: false, flow: 'block' };

const yamlFiles = (d: string): string[] =>
  readdirSync(d, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((f) => join(d, f))
    .filter((f) => /\.ya?ml$/.test(f) && statSync(f).isFile());

const files: string[] = [];
const values: Value[] = [];
let bytes = 0;
for (const f of yamlFiles(dir)) {
  if (dirArg === undefined && !f.includes('crewAI')) continue;
  const text = readFileSync(f, 'utf8');
  try {
    values.push(loadYamlValue(text));
    files.push(f);
    bytes += Buffer.byteLength(text);
  } catch {
    // not loadable as a cassette value (e.g. python object tags): skipped by every contender
  }
}

// Reading a character of each output makes V8 flatten a string built by concatenation, work the
// caller pays for when it writes the text, and python's str already holds.
let sink = 0;
const emitOurs = (): void => {
  for (const v of values) {
    const out = dumpPyYaml(v, STYLE);
    sink += out.charCodeAt(out.length >> 1);
  }
};
// V8's native JSON.stringify of the same data (bytes as base64 strings, converted beforehand): the
// floor of writing these documents as text in this process, for scale.
const tagged = values.map((v) => toTaggedJson(v));
const emitJson = (): void => {
  for (const v of tagged) {
    const out = JSON.stringify(v);
    sink += out.charCodeAt(out.length >> 1);
  }
};
const emitJsYaml = (): void => {
  for (const v of values) {
    const out = yaml.dump(v, { skipInvalid: true });
    sink += out.charCodeAt(out.length >> 1);
  }
};

/** Wall and CPU milliseconds of one call. */
function timed(work: () => void): { wall: number; cpu: number } {
  const start = performance.now();
  const startCpu = process.cpuUsage();
  work();
  const cpu = process.cpuUsage(startCpu);
  return { wall: performance.now() - start, cpu: (cpu.user + cpu.system) / 1000 };
}

/** The persistent CDumper process, or why there is none. */
function startPython(): { child: ChildProcessWithoutNullStreams; next: () => Promise<string> } | string {
  const probe = spawnSync(PYTHON, ['-c', 'import yaml; assert yaml.__with_libyaml__'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} is not available (${probe.error.message})`;
  if (probe.status !== 0) return 'PyYAML with libyaml is not installed (pip install pyyaml)';
  const child = spawn(PYTHON, [SCRIPT]);
  child.stderr.pipe(process.stderr);
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const line = await lines.next();
    if (line.done) throw new Error('the CDumper process ended early (see its stderr above)');
    return line.value;
  };
  child.stdin.write(`${JSON.stringify(files)}\n`);
  return { child, next };
}

const python = startPython();
const theirs: { wall: number; cpu: number }[] = [];
if (typeof python !== 'string') {
  const digests = JSON.parse(await python.next()) as string[];
  const differ = files.filter(
    (_, i) =>
      createHash('sha256')
        .update(dumpPyYaml(values[i] as Value, STYLE))
        .digest('hex') !== digests[i],
  );
  if (differ.length > 0) {
    python.child.kill();
    throw new Error(
      `dumpPyYaml and CDumper write different bytes for ${differ.length} files:\n${differ.join('\n')}`,
    );
  }
}

const ours: { wall: number; cpu: number }[] = [];
const jsYaml: { wall: number; cpu: number }[] = [];
const json: { wall: number; cpu: number }[] = [];
emitOurs(); // warm-up
emitOurs();
emitJsYaml();
for (let round = 0; round < rounds; round++) {
  if (typeof python !== 'string') {
    python.child.stdin.write('time\n');
    theirs.push(JSON.parse(await python.next()) as { wall: number; cpu: number });
  }
  ours.push(timed(emitOurs));
  jsYaml.push(timed(emitJsYaml));
  json.push(timed(emitJson));
}
if (typeof python !== 'string') python.child.stdin.end();

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const wall = (xs: { wall: number }[]) => median(xs.map((x) => x.wall));
const cpu = (xs: { cpu: number }[]) => median(xs.map((x) => x.cpu));
const mb = bytes / 1e6;
const row = (name: string, xs: { wall: number; cpu: number }[]): string[] =>
  xs.length === 0
    ? [name, 'n/a', 'n/a', 'n/a', 'n/a', 'n/a']
    : [
        name,
        wall(xs).toFixed(1),
        cpu(xs).toFixed(1),
        (mb / (wall(xs) / 1000)).toFixed(1),
        `${(wall(xs) / wall(ours)).toFixed(2)}x`,
        `${(cpu(xs) / cpu(ours)).toFixed(2)}x`,
      ];

console.log(`corpus: ${dir}${dirArg === undefined ? ' (paths containing "crewAI")' : ''}`);
console.log(`${files.length} files, ${mb.toFixed(1)} MB of YAML, medians of ${rounds} interleaved rounds\n`);
console.log(
  table([
    ['emitter', 'wall ms', 'cpu ms', 'MB/s', 'wall: dumpPyYaml faster', 'cpu: dumpPyYaml faster'],
    row('dumpPyYaml (CDumper style)', ours),
    row('PyYAML CDumper (same bytes)', theirs),
    row('js-yaml 4 dump (other layout)', jsYaml),
    row('JSON.stringify (native, not YAML)', json),
  ]),
);
if (typeof python === 'string') {
  console.log(`\nPyYAML CDumper not measured: ${python}`);
} else {
  const ratioWall = wall(theirs) / wall(ours);
  const ratioCpu = cpu(theirs) / cpu(ours);
  const verdict = (r: number) => (r >= TARGET ? 'met' : 'not met');
  console.log(
    `\nvs PyYAML CDumper: ${ratioWall.toFixed(2)}x faster in wall time, ${ratioCpu.toFixed(2)}x in CPU time` +
      ` (target ${TARGET}x: wall ${verdict(ratioWall)}, cpu ${verdict(ratioCpu)})`,
  );
}
if (sink < 0) console.log(sink);
