import { createError } from '../errors/errors.js';
import type { Cassette } from '../model/cassette.js';
import { cloneValue, isValueMap } from '../model/value.js';
import type { CassetteStore } from './contract.js';
import { defineStore } from './define-store.js';
import { assertKnownParams, type StoreDriver } from './url.js';
import { checkVersion } from './versions.js';

/** The storage behind memory stores; share one between stores to model several handles. */
export interface MemorySpace {
  readonly entries: Map<string, { cassette: Cassette; version: string; updatedAt: Date }>;
  counter: number;
}

export function createMemorySpace(): MemorySpace {
  return { entries: new Map(), counter: 0 };
}

export interface MemoryStoreOptions {
  /** Shown in errors; default `memory:`. */
  url?: string;
  /** Storage shared with other memory stores; a new, private one by default. */
  space?: MemorySpace;
  /** Refuse writes (`OpenOptions.readOnly`). */
  readOnly?: boolean;
}

/**
 * The reference implementation of the contract: a map in this process. Every other store must behave
 * like this one under the conformance suite. Cassettes are copied in and out, so a caller's later
 * mutation never changes what is stored.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): CassetteStore {
  const url = options.url ?? 'memory:';
  const space = options.space ?? createMemorySpace();
  const entries = space.entries;

  return defineStore({
    url,
    capabilities: { crossProcessConditionalWrites: false, keepsFormat: true, persistent: false },
    readOnly: options.readOnly ?? false,

    *list() {
      for (const [name, entry] of entries) yield { name, version: entry.version, updatedAt: entry.updatedAt };
    },

    async get(name) {
      const entry = entries.get(name);
      if (entry === undefined) return null;
      if (!isValueMap(entry.cassette?.data)) {
        throw createError('INVALID_CASSETTE', 'the stored cassette is not a mapping', {
          store: url,
          cassette: name,
        });
      }
      return { cassette: copy(entry.cassette), version: entry.version };
    },

    async put(name, cassette, writeOptions) {
      checkVersion(entries.get(name)?.version ?? null, writeOptions, url, name);
      space.counter += 1;
      const version = `m${space.counter}`;
      entries.set(name, { cassette: copy(cassette), version, updatedAt: new Date() });
      return { version };
    },

    async delete(name, writeOptions) {
      checkVersion(entries.get(name)?.version ?? null, writeOptions, url, name);
      return entries.delete(name);
    },
  });
}

function copy(cassette: Cassette): Cassette {
  return cassette.format === undefined
    ? { data: cloneValue(cassette.data) }
    : { data: cloneValue(cassette.data), format: cassette.format };
}

/** `memory:` URLs: a fresh, empty store per open (useful in tests and dry runs). */
export const memoryDriver: StoreDriver = {
  schemes: ['memory'],
  description: 'an in-memory store that lives as long as the process',
  example: 'memory:',
  async open(url, options) {
    assertKnownParams(url, []);
    return createMemoryStore({ url: url.url, readOnly: options.readOnly ?? false });
  },
};
