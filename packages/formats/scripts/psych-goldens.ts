/**
 * Regenerates test/psych/goldens/psych.jsonl.gz: `npx tsx packages/formats/scripts/psych-goldens.ts`.
 * Needs ruby with Psych 4 (Debian: apt-get install ruby). Each line: {"in": <tagged doc>, "out":
 * <YAML.dump text> | {"$error": ...}}.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { generateDialectDocs } from '../test/psych/generate.js';
import { PSYCH_ORACLE, runLineOracle } from '../test/psych/oracle.js';
import { encodeValue } from '../test/pyyaml/codec.js';

export const GOLDEN_SEED = 20261127;
export const GOLDEN_DOCS = 1000;

const docs = generateDialectDocs(GOLDEN_SEED, GOLDEN_DOCS, 'ruby');
const results = await runLineOracle('ruby', [PSYCH_ORACLE], docs);
let text = '';
docs.forEach((doc, i) => {
  const r = results[i];
  const out = typeof r === 'string' ? r : { $error: r?.error ?? 'missing' };
  text += `${JSON.stringify({ in: encodeValue(doc), out })}\n`;
});
const gz = gzipSync(text, { level: 9 });
writeFileSync(fileURLToPath(new URL('../test/psych/goldens/psych.jsonl.gz', import.meta.url)), gz);
console.log(`psych: ${docs.length} docs, ${(gz.length / 1e6).toFixed(2)} MB`);
