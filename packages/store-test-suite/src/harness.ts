import type { CassetteData, CassetteStore } from '@cassettekit/core';

/**
 * Reads and damages a store's storage *without* its API (the file, the table, the object), so the
 * suite checks what was really written, not only what the store says it wrote.
 */
export interface StoreBackdoor {
  /** The cassette data as it lies in storage, decoded independently of the store, or null. */
  read(name: string): Promise<CassetteData | null>;
  /** Every cassette name present in storage. */
  names(): Promise<string[]>;
  /** Leaves unreadable content where `name` lives, so the store's `get` must throw INVALID_CASSETTE. */
  corrupt(name: string): Promise<void>;
}

/** What a backend's test file gives the suite: a fresh, empty store and a back door into it. */
export interface StoreHarness {
  readonly store: CassetteStore;
  /** Another handle on the same storage, as a second process (or test worker) would open it. */
  reopen(): Promise<CassetteStore>;
  readonly backdoor: StoreBackdoor;
  /** Closes what the harness opened and removes what it created. */
  cleanup(): Promise<void>;
}

export interface SuiteOptions {
  /**
   * `sorted` for stores that write map keys in sorted order, as vcrpy's YAML does (header names then
   * come back sorted, case kept); `kept` (default) for stores that keep the order they were given.
   */
  readonly keyOrder?: 'kept' | 'sorted';
  /** Extra time for slow stores (network); milliseconds per test. */
  readonly timeout?: number;
}
