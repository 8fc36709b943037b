/**
 * dumpYamlV3 against gopkg.in/yaml.v3 3.0.1 `yaml.Marshal`: (a) the committed goldens (1000
 * documents), (b) a live run of fresh seeded documents through the Go oracle when go and yaml.v3
 * are installed (required when CI=true). Every document must come out byte-identical.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dumpYamlV3 } from '../../src/yamlv3/index.js';
import { generateDialectDocs } from '../psych/generate.js';
import { readGoldens } from '../psych/goldens.js';
import { compare } from '../psych/oracle.js';
import { runYamlV3Oracle, yamlV3Oracle } from './oracle.js';

const GOLDENS = fileURLToPath(new URL('./goldens/yamlv3.jsonl.gz', import.meta.url));
const LIVE_DOCS = Number(process.env.YAMLV3_LIVE_DOCS ?? 300);
const LIVE_SEED = Number(process.env.YAMLV3_LIVE_SEED ?? 424242);

describe('yaml.v3 emitter, differential', () => {
  it('writes every golden document as yaml.v3 wrote it', () => {
    const { docs, expected } = readGoldens(GOLDENS);
    expect(docs.length).toBe(1000);
    const { identical, mismatches } = compare(docs, expected, dumpYamlV3);
    expect(mismatches, mismatches.join('\n')).toEqual([]);
    expect(identical).toBe(docs.length);
  }, 120_000);

  it.skipIf(process.env.CI !== 'true' && yamlV3Oracle() === null)(
    `writes ${LIVE_DOCS} fresh documents (seed ${LIVE_SEED}) as live yaml.v3 does`,
    async () => {
      const docs = generateDialectDocs(LIVE_SEED, LIVE_DOCS, 'go');
      const { identical, mismatches } = compare(docs, await runYamlV3Oracle(docs), dumpYamlV3);
      expect(mismatches, `seed ${LIVE_SEED}\n${mismatches.join('\n')}`).toEqual([]);
      expect(identical).toBe(docs.length);
    },
    180_000,
  );
});
