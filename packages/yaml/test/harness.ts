import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { contentDigest } from '@cassettekit/core';
import { CASSETTE_SCHEMA, JSON_BYTES_KEY, jsonCodec, yamlCodec } from '@cassettekit/formats';
import type { StoreHarness } from '@cassettekit/store-test-suite';
import yaml from 'js-yaml';
import { createFileStore } from '../src/index.js';

/**
 * A fresh folder store with a back door that reads the files itself: js-yaml with the cassette
 * schema for YAML, JSON.parse for JSON — not the store, not the codec's decode.
 */
export async function folderHarness(kind: 'yaml' | 'json'): Promise<StoreHarness> {
  const dir = await mkdtemp(join(tmpdir(), `cassette-${kind}-`));
  const codec = () => (kind === 'yaml' ? yamlCodec() : jsonCodec());
  const extension = kind === 'yaml' ? '.yaml' : '.json';
  const store = createFileStore({ dir, codec: codec() });
  const path = (name: string) => join(dir, ...name.split('/')) + extension;
  return {
    store,
    reopen: async (options) => createFileStore({ dir, codec: codec(), readOnly: options?.readOnly ?? false }),
    backdoor: {
      async read(name) {
        let text: string;
        try {
          text = await readFile(path(name), 'utf8');
        } catch {
          return null;
        }
        const data =
          kind === 'yaml' ? yaml.load(text, { schema: CASSETTE_SCHEMA }) : JSON.parse(text, reviveBytes);
        // A digest round trip proves the value model holds what the file holds.
        contentDigest(data);
        return data;
      },
      async names() {
        const out: string[] = [];
        const visit = async (folder: string) => {
          for (const entry of await readdir(folder, { withFileTypes: true })) {
            if (entry.isDirectory() && !entry.name.startsWith('.')) await visit(join(folder, entry.name));
            else if (entry.isFile() && entry.name.endsWith(extension)) {
              out.push(
                relative(dir, join(folder, entry.name)).slice(0, -extension.length).split(sep).join('/'),
              );
            }
          }
        };
        await visit(dir);
        return out;
      },
      async corrupt(name) {
        await writeFile(path(name), kind === 'yaml' ? 'interactions: [unclosed\n' : '{"interactions": [');
      },
    },
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function reviveBytes(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const tagged = (value as Record<string, unknown>)[JSON_BYTES_KEY];
    if (keys.length === 1 && typeof tagged === 'string') return new Uint8Array(Buffer.from(tagged, 'base64'));
  }
  return value;
}
