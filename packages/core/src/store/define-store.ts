import { createError } from '../errors/errors.js';
import type { Cassette } from '../model/cassette.js';
import { assertValidName, nameHasPrefix } from '../model/name.js';
import type {
  CassetteEntry,
  CassetteStore,
  ListOptions,
  StoreCapabilities,
  StoredCassette,
  WriteOptions,
} from './contract.js';

/**
 * What a backend writes: its storage and nothing else. `defineStore` adds the rules every store shares,
 * so a backend never checks them itself: calls after `close()` fail with `CLOSED`, names are checked
 * (`INVALID_NAME`) before the backend sees them, `list()` keeps the prefix and yields in name order,
 * and a read-only store refuses `put` and `delete` with `PERMISSION_DENIED` before any I/O.
 */
export interface StoreSpec<Extra extends object = NoExtras> {
  /** The URL the store was opened with; every error names it. */
  readonly url: string;
  readonly capabilities: StoreCapabilities;
  /** Writes are refused (`OpenOptions.readOnly`, `sqlite:x.db?mode=ro`). Default false. */
  readonly readOnly?: boolean;
  /** How to open this store writable, ending the read-only error. Default: open it without readOnly. */
  readonly writableHint?: string;
  /**
   * Every cassette, in any order: `defineStore` drops names outside `options.prefix` and sorts. A backend
   * may use the prefix to read less (an S3 listing prefix) and must tell `options.onSkip` what it skips.
   */
  list(options: ListOptions): AsyncIterable<CassetteEntry> | Iterable<CassetteEntry>;
  /** `name` is valid and the store open. A cassette that exists but cannot be read throws. */
  get(name: string): Promise<StoredCassette | null>;
  /** `name` is valid, the store open and writable. Apply `options.ifVersion` (see `checkVersion`). */
  put(name: string, cassette: Cassette, options: WriteOptions): Promise<{ version: string }>;
  delete(name: string, options: WriteOptions): Promise<boolean>;
  /** Releases files, connections and handles; called once, by the first `close()`. */
  close?(): Promise<void> | void;
  /**
   * Members beyond the contract (an SQLite store's queries, an S3 store's bucket), copied onto the
   * store. Methods among them call `guard.assertOpen()` themselves (see the function form of `defineStore`).
   */
  readonly extras?: Extra;
}

// biome-ignore lint/complexity/noBannedTypes: "no members" is exactly what the default means.
export type NoExtras = {};

/** The store's open/closed state, for a backend's own checks (a queued write, an extra method). */
export interface StoreGuard {
  /** The store's URL (empty until the spec is built). */
  readonly url: string;
  readonly closed: boolean;
  /** Throws `CLOSED` once the store is closed. */
  assertOpen(): void;
}

/**
 * Builds a `CassetteStore` from a backend's spec. Pass a function to get the store's guard first, for
 * backends that must re-check "closed" after waiting (a lock, a retry) or that have extra methods:
 *
 * ```ts
 * defineStore((guard) => ({ url, capabilities, list, get, put, delete, extras: { query() { guard.assertOpen(); ... } } }))
 * ```
 */
export function defineStore<Extra extends object = NoExtras>(
  define: StoreSpec<Extra> | ((guard: StoreGuard) => StoreSpec<Extra>),
): CassetteStore & Extra {
  let closed = false;
  let url = '';
  const guard: StoreGuard = {
    get url() {
      return url;
    },
    get closed() {
      return closed;
    },
    assertOpen() {
      if (closed) throw createError('CLOSED', 'the store is closed', { store: url });
    },
  };
  const spec = typeof define === 'function' ? define(guard) : define;
  url = spec.url;
  const readOnly = spec.readOnly ?? false;

  const writable = (name: string): void => {
    guard.assertOpen();
    assertValidName(name, url);
    if (readOnly) {
      throw createError('PERMISSION_DENIED', 'the store was opened read-only, so it cannot be changed', {
        store: url,
        cassette: name,
        hint: spec.writableHint ?? 'Open it without readOnly to write',
      });
    }
  };

  const store: CassetteStore = {
    url,
    capabilities: spec.capabilities,
    readOnly,

    async *list(options: ListOptions = {}): AsyncIterable<CassetteEntry> {
      guard.assertOpen();
      const entries: CassetteEntry[] = [];
      for await (const entry of spec.list(options)) {
        if (nameHasPrefix(entry.name, options.prefix)) entries.push(entry);
      }
      // Code-unit order, the same in every store and every locale.
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      yield* entries;
    },

    async get(name) {
      guard.assertOpen();
      assertValidName(name, url);
      return spec.get(name);
    },

    async put(name, cassette, options: WriteOptions = {}) {
      writable(name);
      return spec.put(name, cassette, options);
    },

    async delete(name, options: WriteOptions = {}) {
      writable(name);
      return spec.delete(name, options);
    },

    async close() {
      if (closed) return;
      closed = true;
      await spec.close?.();
    },
  };
  const extras = spec.extras;
  if (extras === undefined) return store as CassetteStore & Extra;
  // Descriptors, not a spread: getters among the extras stay getters. The contract's members win.
  const out = Object.defineProperties({}, Object.getOwnPropertyDescriptors(extras));
  return Object.defineProperties(out, Object.getOwnPropertyDescriptors(store)) as CassetteStore & Extra;
}
