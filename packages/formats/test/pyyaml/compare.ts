/**
 * Runs the TypeScript emitter on documents and compares with PyYAML's results, per style.
 */
import type { Value } from '@cassettekit/core';
import { dumpPyYaml, type YamlStyle } from '../../src/pyyaml/index.js';
import { encodeValue } from './codec.js';
import type { OracleResult } from './oracle.js';
import { styleId } from './styles.js';

export interface StyleReport {
  style: string;
  compared: number;
  identical: number;
  mismatches: string[];
}

function ours(doc: Value, style: YamlStyle): OracleResult {
  try {
    return dumpPyYaml(doc, style);
  } catch (e) {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** Equal when both wrote the same text, or both refused the document. */
function same(a: OracleResult, b: OracleResult): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return true;
}

export function compareStyle(
  docs: Value[],
  expected: OracleResult[],
  style: YamlStyle,
  maxReported = 3,
): StyleReport {
  const report: StyleReport = { style: styleId(style), compared: docs.length, identical: 0, mismatches: [] };
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i] as Value;
    const want = expected[i] as OracleResult;
    const got = ours(doc, style);
    if (same(got, want)) {
      report.identical++;
    } else if (report.mismatches.length < maxReported) {
      report.mismatches.push(
        `[${report.style}] doc #${i}\n  input:    ${JSON.stringify(encodeValue(doc)).slice(0, 2000)}\n` +
          `  pyyaml:   ${JSON.stringify(want).slice(0, 3000)}\n  ours:     ${JSON.stringify(got).slice(0, 3000)}`,
      );
    }
  }
  return report;
}

export function formatReports(reports: StyleReport[]): string {
  return reports
    .map((r) => {
      const head = `${r.style.padEnd(28)} ${r.identical}/${r.compared} identical`;
      return r.mismatches.length ? `${head}\n${r.mismatches.join('\n')}` : head;
    })
    .join('\n');
}
