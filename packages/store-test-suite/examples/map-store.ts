// The example of README.md ("Writing a store"): a whole store, its driver included, over a Map of
// encoded texts. Its test (test/example-map-store.test.ts) runs the kit against it, so the guide
// cannot drift from what works.
import { createHash } from 'node:crypto';
import {
  type Cassette,
  type CassetteStore,
  checkVersion,
  createError,
  defineStore,
  fromTaggedJson,
  isValueMap,
  type StoreDriver,
  type TaggedJson,
  toTaggedJson,
} from '@cassettekit/core';

/** The storage: cassette name -> encoded text. Stores sharing one map are handles on the same data. */
export type TextMap = Map<string, string>;

export interface MapStoreOptions {
  readonly texts: TextMap;
  /** Shown in every error (default `map:`). */
  readonly url?: string;
  readonly readOnly?: boolean;
}

/** One line of JSON per cassette; bytes survive as tagged values (`{"$bytes": "base64"}`). */
export function encodeCassette(cassette: Cassette): string {
  return `${JSON.stringify(toTaggedJson(cassette.data))}\n`;
}

function decodeCassette(text: string, url: string, name: string): Cassette {
  let data: ReturnType<typeof fromTaggedJson>;
  try {
    data = fromTaggedJson(JSON.parse(text) as TaggedJson);
  } catch (cause) {
    throw createError('INVALID_CASSETTE', 'the stored text is not tagged JSON', {
      store: url,
      cassette: name,
      hint: 'Delete it and record it again',
      cause,
    });
  }
  if (!isValueMap(data)) {
    throw createError('INVALID_CASSETTE', 'the stored text is not a mapping', { store: url, cassette: name });
  }
  return { data };
}

/** Equal texts, equal versions: the version is a hash of what is stored. */
function versionOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function createMapStore(options: MapStoreOptions): CassetteStore {
  const { texts } = options;
  const url = options.url ?? 'map:';
  // defineStore checks names, refuses calls after close and writes to a read-only store, keeps the
  // prefix and sorts list(): the backend below only stores.
  return defineStore({
    url,
    capabilities: { crossProcessConditionalWrites: false, keepsFormat: false, persistent: false },
    readOnly: options.readOnly ?? false,

    *list() {
      for (const [name, text] of texts)
        yield { name, version: versionOf(text), size: Buffer.byteLength(text) };
    },

    async get(name) {
      const text = texts.get(name);
      return text === undefined
        ? null
        : { cassette: decodeCassette(text, url, name), version: versionOf(text) };
    },

    async put(name, cassette, writeOptions) {
      const text = encodeCassette(cassette); // before the check: a cassette that cannot be encoded changes nothing
      const current = texts.get(name);
      // No await between the check and the write: one handle's writers cannot interleave.
      checkVersion(current === undefined ? null : versionOf(current), writeOptions, url, name);
      texts.set(name, text);
      return { version: versionOf(text) };
    },

    async delete(name, writeOptions) {
      const current = texts.get(name);
      checkVersion(current === undefined ? null : versionOf(current), writeOptions, url, name);
      return texts.delete(name);
    },
  });
}

const maps = new Map<string, TextMap>();

/** `map:NAME`: one map per name, for as long as the process lives. */
export const mapDriver: StoreDriver = {
  schemes: ['map'],
  description: 'an example store: encoded cassettes in a Map of this process',
  example: 'map:scratch',
  async open(url, openOptions) {
    let texts = maps.get(url.location);
    if (texts === undefined) {
      texts = new Map();
      maps.set(url.location, texts);
    }
    return createMapStore({ texts, url: url.url, readOnly: openOptions.readOnly ?? false });
  },
};
