/**
 * dumpPsych against Ruby's Psych 4 (`YAML.dump`, libyaml 0.2.5): (a) the committed goldens
 * (1000 documents), (b) a live run of fresh seeded documents through ruby when it is installed
 * (required when CI=true). Every document must come out byte-identical.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dumpPsych } from '../../src/psych/index.js';
import { generateDialectDocs } from './generate.js';
import { readGoldens } from './goldens.js';
import { compare, PSYCH_ORACLE, rubyAvailable, runLineOracle } from './oracle.js';

const GOLDENS = fileURLToPath(new URL('./goldens/psych.jsonl.gz', import.meta.url));
const LIVE_DOCS = Number(process.env.PSYCH_LIVE_DOCS ?? 300);
const LIVE_SEED = Number(process.env.PSYCH_LIVE_SEED ?? 424242);

describe('Psych emitter, differential', () => {
  it('writes every golden document as Psych wrote it', () => {
    const { docs, expected } = readGoldens(GOLDENS);
    expect(docs.length).toBe(1000);
    const { identical, mismatches } = compare(docs, expected, dumpPsych);
    expect(mismatches, mismatches.join('\n')).toEqual([]);
    expect(identical).toBe(docs.length);
  }, 120_000);

  const available = rubyAvailable();
  it.skipIf(!available && process.env.CI !== 'true')(
    `writes ${LIVE_DOCS} fresh documents (seed ${LIVE_SEED}) as live Psych does`,
    async () => {
      expect(available, 'CI=true but ruby with Psych 4 is not installed (apt-get install ruby)').toBe(true);
      const docs = generateDialectDocs(LIVE_SEED, LIVE_DOCS, 'ruby');
      const { identical, mismatches } = compare(
        docs,
        await runLineOracle('ruby', [PSYCH_ORACLE], docs),
        dumpPsych,
      );
      expect(mismatches, `seed ${LIVE_SEED}\n${mismatches.join('\n')}`).toEqual([]);
      expect(identical).toBe(docs.length);
    },
    120_000,
  );
});
