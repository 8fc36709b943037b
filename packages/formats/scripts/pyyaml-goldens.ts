/**
 * Regenerates test/pyyaml/goldens/<style>.jsonl.gz: `npx tsx packages/yaml/scripts/pyyaml-goldens.ts`.
 * Needs python3 with PyYAML 6 + libyaml. Each line: {"in": <tagged doc>, "out": <yaml> | {"$error": ...}}.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { encodeValue } from '../test/pyyaml/codec.js';
import { generateDocs } from '../test/pyyaml/generate.js';
import { runOracle } from '../test/pyyaml/oracle.js';
import { STYLES, styleId } from '../test/pyyaml/styles.js';

export const GOLDEN_SEED = 20240601;
export const GOLDEN_DOCS = 1000;

const docs = generateDocs(GOLDEN_SEED, GOLDEN_DOCS);
const results = await runOracle(docs, STYLES);
const encoded = docs.map((d) => JSON.stringify(encodeValue(d)));
STYLES.forEach((style, j) => {
  let text = '';
  for (let i = 0; i < docs.length; i++) {
    const r = results[i]?.[j];
    const out = typeof r === 'string' ? JSON.stringify(r) : JSON.stringify({ $error: r?.error ?? 'missing' });
    text += `{"in":${encoded[i]},"out":${out}}\n`;
  }
  const file = fileURLToPath(new URL(`../test/pyyaml/goldens/${styleId(style)}.jsonl.gz`, import.meta.url));
  const gz = gzipSync(text, { level: 9 });
  writeFileSync(file, gz);
  console.log(`${styleId(style)}: ${docs.length} docs, ${(gz.length / 1e6).toFixed(2)} MB`);
});
