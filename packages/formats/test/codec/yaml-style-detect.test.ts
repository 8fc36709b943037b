/**
 * Style detection rejects most candidates on a probe of the first interaction (yaml-style-probe.ts)
 * before emitting the whole document, and the ASCII styles outright for a text that is not ASCII. That shortcut must never change an answer: over every corpus
 * file, and over cassettes built from the differential goldens' inputs in every style (plus texts
 * whose first interaction is in one style and the rest in another), the detection gives exactly what
 * emitting the whole document in each candidate style gives.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { CassetteData, CodecStyle, Value } from '@cassettekit/core';
import { CORPUS_TIMEOUT_MS, corpusFiles } from '@cassettekit/store-test-suite';
import { describe, expect, it } from 'vitest';
import { decodeYaml, detectYamlStyle } from '../../src/codec/yaml-codec.js';
import { candidateYamlStyles, yamlStyleToCodecStyle } from '../../src/codec/yaml-style.js';
import { firstInteractionProbe } from '../../src/codec/yaml-style-probe.js';
import { dumpPyYaml } from '../../src/pyyaml/index.js';
import { STYLES } from '../pyyaml/styles.js';

const GOLDENS = fileURLToPath(new URL('../pyyaml/goldens/', import.meta.url));

/** Detection without the probe: the full emit in each candidate style, in order. */
function detectByFullEmit(text: string, data: CassetteData): CodecStyle | null {
  for (const style of candidateYamlStyles(text)) {
    try {
      if (dumpPyYaml(data, style) === text) return yamlStyleToCodecStyle(style);
    } catch {
      // as the codec: a style that cannot write the data is not the one
    }
  }
  return null;
}

/** Cassettes of three interactions each, made of the goldens' inputs (the same in every file). */
function goldenCassettes(): CassetteData[] {
  const file = readdirSync(GOLDENS).find((f) => f.endsWith('.jsonl.gz'));
  if (file === undefined) throw new Error(`no goldens in ${GOLDENS}`);
  const inputs = gunzipSync(readFileSync(`${GOLDENS}${file}`))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { in: Value }).in);
  const out: CassetteData[] = [];
  for (let i = 0; i + 3 <= Math.min(inputs.length, 60); i += 3) {
    out.push({ interactions: inputs.slice(i, i + 3), version: 1 } as unknown as CassetteData);
  }
  return out;
}

/** Where the second top-level `- ` item starts (the emitter writes items at column 0). */
function secondItem(text: string): number {
  const first = text.indexOf('\n- ');
  return first < 0 ? -1 : text.indexOf('\n- ', first + 1) + 1;
}

describe('YAML style detection with the first-interaction probe', () => {
  it(
    'answers as full emits do on every corpus file',
    () => {
      let probed = 0;
      let detected = 0;
      for (const file of corpusFiles()) {
        if (file.codec !== 'yaml' || file.golden === 'INVALID') continue;
        const text = readFileSync(file.path, 'utf8');
        const data = decodeYaml(text).data;
        const expected = detectByFullEmit(text, data);
        expect(detectYamlStyle(text, data), file.rel).toEqual(expected);
        if (firstInteractionProbe(text, data) !== null) probed++;
        if (expected !== null) detected++;
      }
      // The probe is used on most of the corpus, and most files have a style (else this proves little).
      expect(probed).toBeGreaterThan(50);
      expect(detected).toBeGreaterThan(50);
    },
    CORPUS_TIMEOUT_MS,
  );

  it(
    'answers as full emits do on cassettes in every style, and on texts mixing two styles',
    () => {
      let mixedRejected = 0;
      let probed = 0;
      for (const data of goldenCassettes()) {
        const texts = STYLES.flatMap((style) => {
          try {
            return [dumpPyYaml(data, style)];
          } catch {
            return [];
          }
        });
        for (const text of texts) expect(detectYamlStyle(text, data)).toEqual(detectByFullEmit(text, data));
        if (texts.length > 0 && firstInteractionProbe(texts[0]!, data) !== null) probed++;
        for (const a of texts) {
          for (const b of texts) {
            const [cutA, cutB] = [secondItem(a), secondItem(b)];
            if (a === b || cutA <= 0 || cutB <= 0) continue;
            const mixed = a.slice(0, cutA) + b.slice(cutB);
            const expected = detectByFullEmit(mixed, data);
            expect(detectYamlStyle(mixed, data)).toEqual(expected);
            if (expected === null) mixedRejected++;
          }
        }
      }
      expect(mixedRejected).toBeGreaterThan(0);
      expect(probed).toBeGreaterThan(5);
    },
    CORPUS_TIMEOUT_MS,
  );

  it('rules out the ASCII styles for a text with a non-ASCII character: PyYAML never writes one there', () => {
    const files = readdirSync(GOLDENS).filter((f) => f.includes('-ascii-') && f.endsWith('.jsonl.gz'));
    expect(files.length).toBeGreaterThan(3);
    let nonAsciiInputs = 0;
    for (const file of files) {
      for (const line of gunzipSync(readFileSync(`${GOLDENS}${file}`))
        .toString('utf8')
        .trim()
        .split('\n')) {
        const record = JSON.parse(line) as { in: Value; out: string | { $error: string } };
        if (typeof record.out !== 'string') continue; // PyYAML refused the input
        expect(record.out, file).toMatch(/^[\x00-\x7f]*$/);
        if (/[^\x00-\x7f]/.test(JSON.stringify(record.in))) nonAsciiInputs++;
      }
    }
    expect(nonAsciiInputs).toBeGreaterThan(100); // the inputs do hold non-ASCII characters
  });

  it('is not used where an anchor or a single interaction makes it pointless or unsound', () => {
    const one = { interactions: [{ a: 1 }], version: 1 } as unknown as CassetteData;
    expect(firstInteractionProbe(dumpPyYaml(one, STYLES[0]!), one)).toBeNull();
    const shared = { a: 'x' };
    const two = { interactions: [shared, shared], version: 1 } as unknown as CassetteData;
    const text = dumpPyYaml(two, STYLES[0]!);
    expect(text).toContain('&id001');
    expect(firstInteractionProbe(text, two)).toBeNull();
    expect(detectYamlStyle(text, two)).toEqual(yamlStyleToCodecStyle(STYLES[0]!));
  });
});
