import type { CassetteData, CassetteStore } from '@cassettekit/core';
import { afterEach, beforeEach, describe } from 'vitest';

/**
 * Reads and damages a store's storage *without* its API (the file, the table, the object), so the
 * kit checks what was really written, not only what the store says it wrote.
 */
export interface StoreBackdoor {
  /** The cassette data as it lies in storage, decoded independently of the store, or null. */
  read(name: string): Promise<CassetteData | null>;
  /** Every cassette name present in storage. */
  names(): Promise<string[]>;
  /** Leaves unreadable content where `name` lives, so the store's `get` must throw INVALID_CASSETTE. */
  corrupt(name: string): Promise<void>;
}

export interface ReopenOptions {
  /** Open it as `OpenOptions.readOnly` does: reads work, writes fail with PERMISSION_DENIED. */
  readonly readOnly?: boolean;
}

/** What a backend's test file gives the kit: a fresh, empty store and a back door into it. */
export interface StoreHarness {
  readonly store: CassetteStore;
  /** Another handle on the same storage, as a second process (or test worker) would open it. */
  reopen(options?: ReopenOptions): Promise<CassetteStore>;
  readonly backdoor: StoreBackdoor;
  /** Closes what the harness opened and removes what it created. */
  cleanup(): Promise<void>;
}

/** A fresh harness per test. */
export type HarnessFactory = () => Promise<StoreHarness>;

/** The kit's groups, in the order `storeConformanceSuite` runs them. */
export const GROUPS = ['basics', 'versions', 'names', 'concurrency', 'close', 'readOnly', 'corpus'] as const;
export type GroupName = (typeof GROUPS)[number];

export interface SuiteOptions {
  /**
   * `sorted` for stores that write map keys in sorted order, as vcrpy's YAML does (header names then
   * come back sorted, case kept); `kept` (default) for stores that keep the order they were given.
   */
  readonly keyOrder?: 'kept' | 'sorted';
  /** Extra time for slow stores (network); milliseconds per test. Default 30 s. */
  readonly timeout?: number;
  /**
   * Groups to leave out, each with the reason it does not apply (printed in the test name). Read-only
   * cannot be left out: the contract promises it for every store.
   */
  readonly skip?: Partial<Record<Exclude<GroupName, 'readOnly'>, string>>;
}

/** Declares one group: a `describe` whose tests each get a fresh harness, cleaned up afterwards. */
export function group(
  label: string,
  title: string,
  createHarness: HarnessFactory,
  options: SuiteOptions,
  tests: (h: () => StoreHarness) => void,
): void {
  const timeout = options.timeout ?? 30_000;
  describe(`${label}: ${title}`, () => {
    let harness: StoreHarness | undefined;
    beforeEach(async () => {
      harness = await createHarness();
    }, timeout);
    afterEach(async () => {
      await harness?.cleanup();
      harness = undefined;
    }, timeout);
    tests(() => {
      if (harness === undefined) throw new Error('the harness is only there inside a test');
      return harness;
    });
  });
}
