/**
 * Ad-hoc differential run: `npx tsx packages/yaml/scripts/pyyaml-diff.ts [count] [seed]`.
 * Generates documents, dumps them with PyYAML (python3) and with dumpPyYaml, prints a per-style report.
 */
import { compareStyle, formatReports } from '../test/pyyaml/compare.js';
import { generateDocs } from '../test/pyyaml/generate.js';
import { runOracle } from '../test/pyyaml/oracle.js';
import { STYLES } from '../test/pyyaml/styles.js';

const count = Number(process.argv[2] ?? 2000);
const seed = Number(process.argv[3] ?? 1);
const docs = generateDocs(seed, count);
const t0 = performance.now();
const results = await runOracle(docs, STYLES);
console.log(
  `oracle: ${count} docs x ${STYLES.length} styles in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
const reports = STYLES.map((s, j) =>
  compareStyle(
    docs,
    results.map((r) => r[j] ?? { error: 'missing' }),
    s,
  ),
);
console.log(formatReports(reports));
process.exitCode = reports.every((r) => r.identical === r.compared) ? 0 : 1;
