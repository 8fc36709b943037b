/**
 * Regenerates test/psych/goldens/psych.jsonl.gz: `npx tsx packages/formats/scripts/psych-goldens.ts`.
 * Needs ruby with Psych 4 (Debian: apt-get install ruby). Each line: {"in": <tagged doc>, "out":
 * <YAML.dump text> | {"$error": ...}}.
 */
import { fileURLToPath } from 'node:url';
import { generateDialectDocs } from '../test/psych/generate.js';
import { writeGoldens } from '../test/psych/goldens.js';
import { PSYCH_ORACLE, runLineOracle } from '../test/psych/oracle.js';
export const GOLDEN_SEED = 20261127;
export const GOLDEN_DOCS = 1000;

const docs = generateDialectDocs(GOLDEN_SEED, GOLDEN_DOCS, 'ruby');
const path = fileURLToPath(new URL('../test/psych/goldens/psych.jsonl.gz', import.meta.url));
const size = writeGoldens(path, docs, await runLineOracle('ruby', [PSYCH_ORACLE], docs));
console.log(`psych: ${docs.length} docs, ${(size / 1e6).toFixed(2)} MB`);
