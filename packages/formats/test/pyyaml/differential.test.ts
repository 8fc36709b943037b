/**
 * dumpPyYaml against PyYAML 6.0.3: (a) the committed goldens, (b) a live run of fresh seeded
 * documents through python3 (required when CI=true). Every style must be 100% identical; on a
 * mismatch the first few diffs are printed with the style and the input.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Value } from '@cassettekit/core';
import { CORPUS_TIMEOUT_MS } from '@cassettekit/store-test-suite';
import { describe, expect, it } from 'vitest';
import { decodeValue, type Tagged } from './codec.js';
import { compareStyle, formatReports, type StyleReport } from './compare.js';
import { generateDocs } from './generate.js';
import { type OracleResult, oracleAvailable, runOracle } from './oracle.js';
import { STYLES, styleId } from './styles.js';

const GOLDENS = fileURLToPath(new URL('./goldens/', import.meta.url));
/**
 * Fresh documents per style in the live run. 1,000 x 14 styles keeps it to well under a minute on a
 * busy 2-core machine, so `npm test` stays under ~10 minutes; `npm run bench` (and anyone who sets
 * PYYAML_LIVE_DOCS) runs the full 10,000, which takes ~5 minutes alone.
 */
const LIVE_DOCS = Number(process.env.PYYAML_LIVE_DOCS ?? 1_000);
const LIVE_SEED = Number(process.env.PYYAML_LIVE_SEED ?? 424242);

function check(reports: StyleReport[]): void {
  const text = formatReports(reports);
  console.log(text);
  const failed = reports.filter((r) => r.identical !== r.compared);
  expect(failed.length, text).toBe(0);
}

describe('PyYAML emitter, differential', () => {
  it(
    'matches every golden file',
    () => {
      const files = readdirSync(GOLDENS).filter((f) => f.endsWith('.jsonl.gz'));
      expect(files.sort()).toEqual(STYLES.map((s) => `${styleId(s)}.jsonl.gz`).sort());
      const reports: StyleReport[] = [];
      for (const style of STYLES) {
        const lines = gunzipSync(readFileSync(`${GOLDENS}${styleId(style)}.jsonl.gz`))
          .toString('utf8')
          .split('\n');
        const docs: Value[] = [];
        const expected: OracleResult[] = [];
        for (const line of lines) {
          if (!line) continue;
          const row = JSON.parse(line) as { in: Tagged; out: string | { $error: string } };
          docs.push(decodeValue(row.in));
          expected.push(typeof row.out === 'string' ? row.out : { error: row.out.$error });
        }
        reports.push(compareStyle(docs, expected, style));
      }
      check(reports);
    },
    CORPUS_TIMEOUT_MS,
  );

  const available = oracleAvailable();
  const required = process.env.CI === 'true';
  it.skipIf(!available && !required)(
    `matches live PyYAML on ${LIVE_DOCS} fresh documents per style`,
    async () => {
      expect(available, 'CI=true but python3 with PyYAML 6 + libyaml is not available').toBe(true);
      const docs = generateDocs(LIVE_SEED, LIVE_DOCS);
      const results = await runOracle(docs, STYLES);
      check(
        STYLES.map((s, j) =>
          compareStyle(
            docs,
            results.map((r) => r[j] ?? { error: 'missing' }),
            s,
          ),
        ),
      );
    },
    600_000,
  );
});
