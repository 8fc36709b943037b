import type { Cassette } from '../model/cassette.js';

/** One cassette as `list()` reports it. */
export interface CassetteEntry {
  readonly name: string;
  /** Opaque version token: equal tokens mean equal stored content. */
  readonly version: string;
  /** Stored size in bytes, when the store knows it without reading the cassette. */
  readonly size?: number;
  readonly updatedAt?: Date;
}

export interface StoredCassette {
  readonly cassette: Cassette;
  readonly version: string;
}

export interface ListOptions {
  /** Only names starting with this string (`"agents/"` lists one folder). */
  readonly prefix?: string;
  /**
   * Told of everything the listing passes over instead of listing it (a symlink that leaves the store,
   * an object key that is no valid cassette name), so callers can name it rather than lose it silently.
   */
  readonly onSkip?: (skipped: SkippedEntry) => void;
}

/** Something stored under the store's folder, prefix or file that `list()` did not report as a cassette. */
export interface SkippedEntry {
  /** Where it is, in the store's own terms: a path relative to the folder, an object key. */
  readonly location: string;
  /** Why it was passed over, for a person ("a symlink that leads out of the store"). */
  readonly reason: string;
}

export interface WriteOptions {
  /**
   * Compare-and-swap: write only if the stored version is this one. `null` means "only if absent"
   * (create). Omitted means unconditional. A mismatch throws a `ConflictError` (code `CONFLICT`).
   */
  readonly ifVersion?: string | null;
}

/**
 * What a store can promise beyond the contract, declared instead of faked (no no-op defaults).
 */
export interface StoreCapabilities {
  /** `ifVersion` holds between processes (and machines), not only inside one process. */
  readonly crossProcessConditionalWrites: boolean;
  /** The store keeps `cassette.format` (style and original text), so codecs can write the same bytes. */
  readonly keepsFormat: boolean;
  /** Data outlives the process (false for the memory store). */
  readonly persistent: boolean;
}

/**
 * The storage contract every backend implements. Writes are atomic: a concurrent reader sees the old
 * cassette or the new one, never a mix. Names are checked with `assertValidName` before any I/O.
 */
export interface CassetteStore {
  /** The URL this store was opened with; every error it throws names it. */
  readonly url: string;
  readonly capabilities: StoreCapabilities;
  /** True when the store was opened read-only: `put` and `delete` then fail with `PERMISSION_DENIED`. */
  readonly readOnly?: boolean;
  /** Every cassette, in name order. */
  list(options?: ListOptions): AsyncIterable<CassetteEntry>;
  /** The cassette, or `null` when there is none. A cassette that exists but cannot be read throws. */
  get(name: string): Promise<StoredCassette | null>;
  put(name: string, cassette: Cassette, options?: WriteOptions): Promise<{ version: string }>;
  /**
   * What `get(name)` gives back after `put(name, cassette)`, for a store that changes what it is given
   * (a `polly:` folder holds HAR whose `_recordingName` is the name). Absent: the cassette itself. Those
   * who check a write by reading it back (migrate, push, pull) compare with this.
   */
  asStored?(name: string, cassette: Cassette): Cassette;
  /** True when something was deleted. `ifVersion` as for `put`. */
  delete(name: string, options?: WriteOptions): Promise<boolean>;
  /** Releases files, connections and handles; any later call throws `CLOSED`. */
  close(): Promise<void>;
}
