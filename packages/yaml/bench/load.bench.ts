// Loading the corpus through the yaml store, as a ratio to the floor of a structured load: reading
// the same data as JSON files and JSON.parse. Both measured in this run, on this machine.

import { mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { toTaggedJson } from '@cassettekit/core';
import { codecFor, yamlCodec } from '@cassettekit/formats';
import { corpusFiles } from '@cassettekit/store-test-suite';
import { createFileStore } from '../src/index.js';
import { median, table } from './measure.js';

const files = corpusFiles().filter((f) => f.golden !== 'INVALID' && f.codec === 'yaml');
const dir = await mkdtemp(join(tmpdir(), 'cassette-bench-'));
const yamlDir = join(dir, 'yaml');
const jsonDir = join(dir, 'json');
let yamlBytes = 0;
const names: string[] = [];
for (const file of files) {
  const text = readFileSync(file.path, 'utf8');
  yamlBytes += Buffer.byteLength(text);
  const name = file.rel.replace(/\.yaml$/, '');
  names.push(name);
  mkdirSync(dirname(join(yamlDir, name)), { recursive: true });
  mkdirSync(dirname(join(jsonDir, name)), { recursive: true });
  await writeFile(join(yamlDir, `${name}.yaml`), text);
  await writeFile(
    join(jsonDir, `${name}.json`),
    JSON.stringify(toTaggedJson(codecFor('yaml').decode(text).data)),
  );
}

const store = createFileStore({ dir: yamlDir, codec: yamlCodec() });
const floor = await median(7, async () => {
  for (const name of names) JSON.parse(await readFile(join(jsonDir, `${name}.json`), 'utf8'));
});
const viaStore = await median(7, async () => {
  for (const name of names) await store.get(name);
});
const parseOnly = await median(7, async () => {
  for (const name of names) codecFor('yaml').decode(await readFile(join(yamlDir, `${name}.yaml`), 'utf8'));
});

const mb = yamlBytes / 1e6;
console.log(`\nyaml store: loading ${names.length} corpus cassettes (${mb.toFixed(1)} MB of YAML)\n`);
console.log(
  table([
    ['operation', 'median ms', 'MB/s', 'ratio to floor'],
    ['read + JSON.parse (floor)', floor.toFixed(1), (mb / (floor / 1000)).toFixed(0), '1.00x'],
    [
      'yaml codec decode (read + parse + digest)',
      parseOnly.toFixed(1),
      (mb / (parseOnly / 1000)).toFixed(0),
      `${(parseOnly / floor).toFixed(2)}x`,
    ],
    [
      'yaml store get (every cassette)',
      viaStore.toFixed(1),
      (mb / (viaStore / 1000)).toFixed(0),
      `${(viaStore / floor).toFixed(2)}x`,
    ],
  ]),
);
await rm(dir, { recursive: true, force: true });
