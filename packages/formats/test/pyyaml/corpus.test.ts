/**
 * Every YAML cassette of the corpus (fixtures/corpus/vcrpy) re-dumps byte-identically under exactly
 * the PyYAML settings that reproduce it with PyYAML itself (goldens/corpus-styles.json, made by
 * scripts/pyyaml-corpus-styles.py), and under no other of the settings tried.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Value } from '@cassettekit/core';
import { CORPUS_TIMEOUT_MS } from '@cassettekit/store-test-suite';
import { describe, expect, it } from 'vitest';
import { dumpPyYaml } from '../../src/pyyaml/index.js';
import { loadYamlValue } from './load-yaml.js';
import { CORPUS_STYLES, styleId } from './styles.js';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CORPUS = join(REPO_ROOT, 'fixtures/corpus/vcrpy');
const MANIFEST = fileURLToPath(new URL('./goldens/corpus-styles.json', import.meta.url));

const present = existsSync(CORPUS);

describe('PyYAML emitter on the vcrpy corpus', () => {
  it.skipIf(!present && process.env.CI !== 'true')(
    'reproduces every file PyYAML reproduces, under the same settings',
    () => {
      expect(present, `corpus folder missing: ${CORPUS}`).toBe(true);
      const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string[]>;
      let pyyamlFiles = 0;
      let ourFiles = 0;
      const differences: string[] = [];
      for (const [file, expected] of Object.entries(manifest)) {
        const text = readFileSync(join(CORPUS, file), 'utf8');
        let value: Value | undefined;
        try {
          value = loadYamlValue(text);
        } catch {
          value = undefined;
        }
        const ours: string[] = [];
        if (value !== undefined) {
          for (const style of CORPUS_STYLES) {
            let out: string | undefined;
            try {
              out = dumpPyYaml(value, style);
            } catch {
              out = undefined;
            }
            if (out === text) ours.push(styleId(style));
          }
        }
        if (expected.length > 0) pyyamlFiles++;
        if (ours.length > 0) ourFiles++;
        if (ours.join() !== expected.join()) differences.push(`${file}: pyyaml [${expected}] ours [${ours}]`);
      }
      console.log(
        `corpus: ${Object.keys(manifest).length} YAML files; reproduced exactly under some setting: ` +
          `PyYAML ${pyyamlFiles}, dumpPyYaml ${ourFiles}`,
      );
      expect(differences).toEqual([]);
      expect(ourFiles).toBe(pyyamlFiles);
    },
    CORPUS_TIMEOUT_MS,
  );
});
