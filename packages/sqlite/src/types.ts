import type { CassetteStore, InteractionData, ListOptions, StoreCapabilities } from '@cassettekit/core';
import type { CodecLookup } from './format.js';

/** The public shapes of the SQLite store: its options, its queries and what they answer. */

export interface SqliteStoreOptions {
  /** The database file. */
  readonly path: string;
  /** Shown in errors; default `sqlite:<path>`. */
  readonly url?: string;
  /** Create the database when the file does not exist (its folder must). Default false. */
  readonly create?: boolean;
  /** Open read-only: reads work, writes throw PERMISSION_DENIED. Default false. */
  readonly readOnly?: boolean;
  /** How long SQLite itself waits for a lock before the store's own retries take over. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** How long the store keeps retrying a locked database before UNAVAILABLE. Default 60000 ms. */
  readonly retryForMs?: number;
  /** Codec lookup used to decide whether `format.original` must be stored; default `@cassettekit/yaml`. */
  readonly codecs?: CodecLookup;
  /**
   * Bytes of decoded blocks kept in memory for later reads (the last few blocks). Default 4 MiB;
   * 0 keeps none (every read decodes its blocks again).
   */
  readonly blockCacheBytes?: number;
}

/** One interaction found by a query, without loading its cassette. */
export interface InteractionMatch {
  readonly cassette: string;
  /** Its index in the cassette's `interactions` list. */
  readonly index: number;
  readonly method: string;
  readonly uri: string;
  readonly host: string | null;
  readonly status: number | null;
  readonly fingerprint: string;
  /** The cassette's version token. */
  readonly version: string;
}

/** Every given field must match. */
export interface InteractionQuery {
  /** The core's `requestFingerprint`. */
  readonly fingerprint?: string;
  /** Upper-cased before comparing. */
  readonly method?: string;
  /** The URI exactly as recorded. */
  readonly uri?: string;
  readonly uriPrefix?: string;
  /** Host name, compared lower-cased, without port. */
  readonly host?: string;
  readonly status?: number;
  readonly cassette?: string;
  /** At most this many (default: all). */
  readonly limit?: number;
}

export interface CassetteStats {
  readonly name: string;
  readonly version: string;
  readonly interactions: number;
  /** Bytes this cassette takes in the database (its bodies counted in full, even when shared). */
  readonly storedBytes: number;
  /** Bytes of its data before compression. */
  readonly rawBytes: number;
  readonly updatedAt: Date;
}

export interface DatabaseStats {
  readonly path: string;
  readonly cassettes: number;
  readonly interactions: number;
  /** Distinct stored values (after deduplication): bodies, documents and kept original texts. */
  readonly bodies: number;
  /** Their bytes before compression. */
  readonly bodyRawBytes: number;
  /** The bytes of the blocks that hold them (compressed). */
  readonly bodyStoredBytes: number;
  /** Blocks the values are packed into. */
  readonly blocks: number;
  /** Cassettes whose original text is kept because no codec style reproduces it. */
  readonly originals: number;
  /** The database file plus its -wal file. */
  readonly fileBytes: number;
}

/**
 * What the SQLite store answers beyond the contract, from its index tables without loading cassettes.
 * Nothing in the CLI calls these: they are for programs that open the store with `createSqliteStore`.
 */
export interface SqliteQueries {
  readonly path: string;
  findInteractions(query: InteractionQuery): Promise<InteractionMatch[]>;
  findByFingerprint(fingerprint: string): Promise<InteractionMatch[]>;
  /** One interaction, read without loading the rest of its cassette; null when absent. */
  getInteraction(cassette: string, index: number): Promise<InteractionData | null>;
  /** Cassettes in name order with their sizes and interaction counts. */
  listCassettes(options?: ListOptions): Promise<CassetteStats[]>;
  databaseStats(): Promise<DatabaseStats>;
}

/** One piece of damage `check()` found; `cassette` is null when it concerns no single cassette. */
export interface StoreProblem {
  readonly cassette: string | null;
  readonly message: string;
}

export interface StoreCheckReport {
  /** Cassettes whose rows were checked. */
  readonly checked: number;
  readonly problems: readonly StoreProblem[];
}

/**
 * A store that can check its own storage beyond reading every cassette, declared by the capability
 * `selfCheck` (the CLI's `cassette check` calls it; the contract in core has no such method yet).
 */
export interface SelfCheckingStore {
  readonly capabilities: StoreCapabilities & { readonly selfCheck: true };
  /** Reports damage, never repairs it; read-only. */
  check(): Promise<StoreCheckReport>;
}

export type SqliteStore = CassetteStore & SqliteQueries & SelfCheckingStore;
