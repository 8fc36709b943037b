import type { CassetteStore } from '@cassettekit/core';
import { expect, it } from 'vitest';
import { listNames, outcomes, responseText, small } from '../cassettes.js';
import { group, type HarnessFactory, type StoreHarness, type SuiteOptions } from '../harness.js';

/**
 * Writers at the same time: of many writers with the same `ifVersion` exactly one wins. Across handles
 * opened as other processes open them when the store declares `crossProcessConditionalWrites`, on one
 * handle otherwise (a memory store promises no more).
 */
export function concurrencyGroup(
  label: string,
  createHarness: HarnessFactory,
  options: SuiteOptions = {},
): void {
  const timeout = options.timeout ?? 30_000;
  group(label, 'concurrency', createHarness, options, (h) => {
    it(
      'lets exactly one of many concurrent writers with the same ifVersion win, on one handle',
      async () => {
        await race(
          h(),
          Array.from({ length: 8 }, () => h().store),
        );
      },
      timeout,
    );

    it(
      'lets exactly one of many writers win across handles (crossProcessConditionalWrites)',
      async (context) => {
        const harness = h();
        if (!harness.store.capabilities.crossProcessConditionalWrites) {
          context.skip('the store does not declare crossProcessConditionalWrites');
        }
        const others = await Promise.all(Array.from({ length: 7 }, () => harness.reopen()));
        try {
          await race(harness, [harness.store, ...others]);
        } finally {
          for (const s of others) await s.close();
        }
      },
      timeout,
    );

    it(
      'keeps every one of many concurrent writes to different cassettes',
      async () => {
        const { store, backdoor } = h();
        const name = (i: number) => `many/c${String(i).padStart(2, '0')}`;
        await Promise.all(Array.from({ length: 24 }, (_, i) => store.put(name(i), small(`${i}`))));
        expect(await listNames(store, 'many/')).toHaveLength(24);
        for (let i = 0; i < 24; i += 1) {
          expect(responseText({ data: (await backdoor.read(name(i)))! })).toBe(`${i}`);
        }
      },
      timeout,
    );

    it('sees writes made through another handle', async () => {
      const { store, reopen } = h();
      const other = await reopen();
      try {
        await other.put('shared', small('from other'));
        expect(responseText((await store.get('shared'))!.cassette)).toBe('from other');
      } finally {
        await other.close();
      }
    });
  });
}

/** A create race, then three compare-and-swap rounds: one winner each time, its text in storage. */
async function race(h: StoreHarness, handles: readonly CassetteStore[]): Promise<void> {
  const losers = handles.length - 1;
  const created = await Promise.allSettled(
    handles.map((s, i) => s.put('race', small(`create-${i}`), { ifVersion: null })),
  );
  expect(outcomes(created)).toEqual({ won: 1, conflicts: losers });
  for (let round = 0; round < 3; round += 1) {
    const { version } = (await h.store.get('race'))!;
    const results = await Promise.allSettled(
      handles.map((s, i) => s.put('race', small(`round-${round}-${i}`), { ifVersion: version })),
    );
    expect(outcomes(results)).toEqual({ won: 1, conflicts: losers });
    const winner = results.findIndex((r) => r.status === 'fulfilled');
    expect(responseText({ data: (await h.backdoor.read('race'))! })).toBe(`round-${round}-${winner}`);
  }
}
