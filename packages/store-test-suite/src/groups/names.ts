import { isCassetteError } from '@cassettekit/core';
import { expect, it } from 'vitest';
import { INVALID_NAMES, rejection, small } from '../cassettes.js';
import { group, type HarnessFactory, type SuiteOptions } from '../harness.js';

/** Names that could walk out of the store are refused before any I/O. */
export function namesGroup(label: string, createHarness: HarnessFactory, options: SuiteOptions = {}): void {
  group(label, 'names', createHarness, options, (h) => {
    it('refuses bad names with INVALID_NAME and touches nothing', async () => {
      const { store, backdoor } = h();
      for (const bad of INVALID_NAMES) {
        for (const attempt of [store.get(bad), store.put(bad, small('x')), store.delete(bad)]) {
          const error = await rejection(attempt);
          expect(isCassetteError(error, 'INVALID_NAME'), `${JSON.stringify(bad)}: ${String(error)}`).toBe(
            true,
          );
        }
      }
      expect(await backdoor.names()).toEqual([]);
    });
  });
}
