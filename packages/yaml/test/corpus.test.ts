import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentDigest, isCassetteError } from '@cassettekit/core';
import { codecFor, jsonCodec, yamlCodec } from '@cassettekit/formats';
import { CORPUS_TIMEOUT_MS, corpusFiles } from '@cassettekit/store-test-suite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileStore } from '../src/index.js';

const files = corpusFiles();
const valid = files.filter((f) => f.golden !== 'INVALID');

describe('the vcrpy corpus (crewAI, vcrpy, tweepy)', () => {
  it('has the files the goldens describe', () => {
    expect(files.length).toBe(159);
    expect(valid.length).toBe(157);
  });

  it(
    'reads every file as exactly the data PyYAML (or json) reads',
    async () => {
      for (const file of valid) {
        const cassette = codecFor(file.codec).decode(await readFile(file.path, 'utf8'), {
          cassette: file.rel,
        });
        expect(contentDigest(cassette.data), file.rel).toBe(file.golden);
      }
    },
    CORPUS_TIMEOUT_MS,
  );

  it(
    "refuses what vcrpy's safe loader refuses: the pre-1.0 format and its Python object tags",
    async () => {
      for (const file of files.filter((f) => f.golden === 'INVALID')) {
        const text = await readFile(file.path, 'utf8');
        let error: unknown;
        try {
          codecFor(file.codec).decode(text, { cassette: file.rel });
        } catch (e) {
          error = e;
        }
        expect(isCassetteError(error, 'INVALID_CASSETTE'), file.rel).toBe(true);
        expect(String(error)).toContain(file.rel);
      }
    },
    CORPUS_TIMEOUT_MS,
  );

  describe('through the stores', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'cassette-corpus-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it(
      'YAML -> JSON -> YAML gives back every file byte for byte, with the data unchanged',
      async () => {
        const json = createFileStore({ dir: join(dir, 'json'), codec: jsonCodec() });
        const yaml = createFileStore({ dir: join(dir, 'yaml'), codec: yamlCodec() });
        for (const file of valid) {
          const name = file.rel.replace(/\.(yaml|json)$/, '');
          const text = await readFile(file.path, 'utf8');
          const source = codecFor(file.codec).decode(text);
          await json.put(name, source);
          const viaJson = (await json.get(name))!.cassette;
          expect(contentDigest(viaJson.data), `${file.rel} in JSON`).toBe(file.golden);
          const store = file.codec === 'json' ? json : yaml;
          const other = file.codec === 'json' ? yaml : json;
          await other.put(name, viaJson);
          const viaOther = (await other.get(name))!.cassette;
          await store.put(name, viaOther);
          const back = await readFile(join(dir, file.codec, `${name}.${file.codec}`), 'utf8');
          expect(back === text, `${file.rel} after the round trip`).toBe(true);
        }
      },
      CORPUS_TIMEOUT_MS,
    );
  });
});
