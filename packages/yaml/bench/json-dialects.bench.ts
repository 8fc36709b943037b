/**
 * `npx tsx packages/yaml/bench/json-dialects.bench.ts [rounds]`
 *
 * Loading each JSON dialect's corpus (fixtures/corpus: Polly HAR, nock, Betamax, Ruby VCR JSON,
 * vcrpy JSON) through a `json:DIR` store — `get` of every cassette it lists — against the floor of
 * the same files read and given to JSON.parse. Issue #11's target: the store within 2x the floor.
 * CPU time (process.cpuUsage), the contenders interleaved round by round, medians: on a shared
 * machine that is what stays comparable.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseStoreUrl } from '@cassettekit/core';
import { jsonDriver } from '../src/index.js';
import { cpuMedians, table } from './measure.js';

const CORPUS = fileURLToPath(new URL('../../../fixtures/corpus/', import.meta.url));
const rounds = Number(process.argv[2] ?? 9);
const TARGET = 2;

const corpora: [dialect: string, dir: string][] = [
  ['har (Polly .har)', 'pollyjs-har'],
  ['nock', 'nock-back'],
  ['betamax', 'betamax'],
  ['ruby-vcr (JSON)', 'ruby-vcr'],
  ['vcrpy (JSON)', 'vcrpy'],
];

interface Corpus {
  readonly label: string;
  readonly files: string[];
  readonly bytes: number;
  readonly store: () => Promise<unknown>;
  readonly floor: () => unknown;
}

const loaded: Corpus[] = [];
for (const [label, dir] of corpora) {
  const store = await jsonDriver.open(parseStoreUrl(`json:${join(CORPUS, dir)}`), { readOnly: true });
  const names: string[] = [];
  for await (const entry of store.list({})) {
    // Only what the store reads (the corpus holds a few files it refuses, e.g. pre-1.0 vcrpy lists).
    if (await store.get(entry.name).then(Boolean, () => false)) names.push(entry.name);
  }
  const files: string[] = [];
  for (const name of names) {
    const found = ['.json', '.har'].map((e) => join(CORPUS, dir, name + e)).find((p) => existsSync(p));
    if (found !== undefined) files.push(found);
  }
  loaded.push({
    label,
    files,
    bytes: files.reduce((n, f) => n + readFileSync(f).length, 0),
    store: async () => {
      for (const name of names) await store.get(name);
    },
    floor: () => {
      for (const file of files) JSON.parse(readFileSync(file, 'utf8'));
    },
  });
}

const contenders = loaded.flatMap((c) => [c.floor, c.store]);
const cpu = await cpuMedians(rounds, contenders);

const rows: string[][] = [['corpus', 'files', 'MB', 'floor ms', 'store ms', 'store / floor', 'target']];
loaded.forEach((c, i) => {
  const floor = cpu[2 * i]!;
  const store = cpu[2 * i + 1]!;
  const ratio = store / floor;
  rows.push([
    c.label,
    String(c.files.length),
    (c.bytes / 1e6).toFixed(2),
    floor.toFixed(1),
    store.toFixed(1),
    `${ratio.toFixed(2)}x`,
    `<= ${TARGET}x ${ratio <= TARGET ? 'met' : 'NOT met'}`,
  ]);
});
console.log(
  `\njson: store loading each JSON dialect's corpus vs read + JSON.parse of the same files (CPU ms, median of ${rounds} interleaved rounds)\n`,
);
console.log(table(rows));
