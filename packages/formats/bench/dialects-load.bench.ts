/**
 * `npx tsx packages/formats/bench/dialects-load.bench.ts [runs]`
 *
 * Loading speed per MB of the Ruby VCR and go-vcr YAML corpora (fixtures/corpus/ruby-vcr, go-vcr)
 * against vcrpy YAML (fixtures/corpus/vcrpy through decodeYaml, what the yaml store does today): the
 * dialects through decodeYaml (what the stores use for every YAML dialect) and through their own
 * standalone loaders (js-yaml with Psych's / yaml.v3's resolution rules).
 * A ratio >= 1 means the dialect loads at least as fast per MB as vcrpy YAML: issue #11's target for
 * the decodeYaml rows. CPU time (process.cpuUsage), the contenders interleaved round by round,
 * medians: on a shared machine that is what stays comparable.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeYaml } from '../src/codec/yaml-codec.js';
import { loadRubyVcrYaml } from '../src/psych/load.js';
import { loadGoVcrYaml } from '../src/yamlv3/load.js';
import { cpuMedians, table } from './measure.js';

const CORPUS = fileURLToPath(new URL('../../../fixtures/corpus/', import.meta.url));
const rounds = Number(process.argv[2] ?? 9);
const TARGET = 1;

function texts(dir: string, load: (text: string) => unknown): string[] {
  return readdirSync(join(CORPUS, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => readFileSync(join(CORPUS, dir, f), 'utf8'))
    .filter((text) => {
      try {
        load(text);
        return true;
      } catch {
        return false; // refused by its own loader (e.g. vcrpy's python tags): not a load to time
      }
    });
}

/** name, corpus folder, loader, whether issue #11's target applies (what the stores call) */
const contenders: [string, string, (text: string) => unknown, boolean][] = [
  ['vcrpy YAML (decodeYaml)', 'vcrpy', (t) => decodeYaml(t), false],
  ['Ruby VCR YAML (decodeYaml, as stores read it)', 'ruby-vcr', (t) => decodeYaml(t), true],
  ['Ruby VCR YAML (loadRubyVcrYaml)', 'ruby-vcr', (t) => loadRubyVcrYaml(t), false],
  ['go-vcr YAML (decodeYaml, as stores read it)', 'go-vcr', (t) => decodeYaml(t), true],
  ['go-vcr YAML (loadGoVcrYaml)', 'go-vcr', (t) => loadGoVcrYaml(t), false],
];

const corpora = contenders.map(([, dir, load]) => texts(dir, load));
const cpu = await cpuMedians(
  rounds,
  contenders.map(([, , load], i) => () => {
    for (const t of corpora[i]!) load(t);
  }),
);

const rows: string[][] = [['corpus', 'files', 'MB', 'CPU ms', 'MB/s', 'per MB vs vcrpy', 'target']];
const mbOf = (files: string[]) => files.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;
const vcrpyRate = mbOf(corpora[0]!) / cpu[0]!;
contenders.forEach(([name, , , targeted], i) => {
  const mb = mbOf(corpora[i]!);
  const rate = mb / cpu[i]!;
  const ratio = rate / vcrpyRate;
  rows.push([
    name,
    String(corpora[i]!.length),
    mb.toFixed(2),
    cpu[i]!.toFixed(1),
    (rate * 1000).toFixed(1),
    `${ratio.toFixed(2)}x`,
    targeted ? `>= ${TARGET.toFixed(1)}x ${ratio >= TARGET ? 'met' : 'NOT met'}` : '',
  ]);
});
console.log(
  `\nYAML dialects: loading speed per MB vs vcrpy YAML (CPU time, median of ${rounds} interleaved rounds)\n`,
);
console.log(table(rows));
