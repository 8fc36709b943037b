/**
 * `npx tsx packages/formats/bench/dialects-load.bench.ts [runs]`
 *
 * Loading speed per MB of the Ruby VCR and go-vcr YAML corpora (fixtures/corpus/ruby-vcr, go-vcr)
 * against vcrpy YAML (fixtures/corpus/vcrpy through decodeYaml, what the yaml store does today): the
 * dialects through decodeYaml (what the stores use for every YAML dialect) and through their own
 * standalone loaders (js-yaml with Psych's / yaml.v3's resolution rules).
 * A ratio >= 1 means the dialect loads at least as fast per MB as vcrpy YAML.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeYaml } from '../src/codec/yaml-codec.js';
import { loadRubyVcrYaml } from '../src/psych/load.js';
import { loadGoVcrYaml } from '../src/yamlv3/load.js';
import { median, table } from './measure.js';

const CORPUS = fileURLToPath(new URL('../../../fixtures/corpus/', import.meta.url));
const runs = Number(process.argv[2] ?? 7);

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

const contenders: [string, string, (text: string) => unknown][] = [
  ['vcrpy YAML (decodeYaml)', 'vcrpy', (t) => decodeYaml(t)],
  ['Ruby VCR YAML (decodeYaml, as stores read it)', 'ruby-vcr', (t) => decodeYaml(t)],
  ['Ruby VCR YAML (loadRubyVcrYaml)', 'ruby-vcr', (t) => loadRubyVcrYaml(t)],
  ['go-vcr YAML (decodeYaml, as stores read it)', 'go-vcr', (t) => decodeYaml(t)],
  ['go-vcr YAML (loadGoVcrYaml)', 'go-vcr', (t) => loadGoVcrYaml(t)],
];

const rows: string[][] = [['corpus', 'files', 'MB', 'median ms', 'MB/s', 'per-MB speed vs vcrpy']];
let vcrpyRate = 0;
for (const [name, dir, load] of contenders) {
  const files = texts(dir, load);
  const mb = files.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;
  const ms = await median(runs, () => {
    for (const t of files) load(t);
  });
  const rate = mb / (ms / 1000);
  if (dir === 'vcrpy') vcrpyRate = rate;
  rows.push([
    name,
    String(files.length),
    mb.toFixed(2),
    ms.toFixed(1),
    rate.toFixed(1),
    `${(rate / vcrpyRate).toFixed(2)}x`,
  ]);
}
console.log(table(rows));
