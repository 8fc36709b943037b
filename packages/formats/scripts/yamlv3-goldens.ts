/**
 * Regenerates test/yamlv3/goldens/yamlv3.jsonl.gz: `npx tsx packages/formats/scripts/yamlv3-goldens.ts`.
 * Needs go and gopkg.in/yaml.v3 (Debian: apt-get install golang-go golang-gopkg-yaml.v3-dev). Each
 * line: {"in": <tagged doc>, "out": <yaml.Marshal text> | {"$error": ...}}.
 */
import { fileURLToPath } from 'node:url';
import { generateDialectDocs } from '../test/psych/generate.js';
import { writeGoldens } from '../test/psych/goldens.js';
import { runYamlV3Oracle } from '../test/yamlv3/oracle.js';
export const GOLDEN_SEED = 20261128;
export const GOLDEN_DOCS = 1000;

const docs = generateDialectDocs(GOLDEN_SEED, GOLDEN_DOCS, 'go');
const path = fileURLToPath(new URL('../test/yamlv3/goldens/yamlv3.jsonl.gz', import.meta.url));
const size = writeGoldens(path, docs, await runYamlV3Oracle(docs));
console.log(`yamlv3: ${docs.length} docs, ${(size / 1e6).toFixed(2)} MB`);
