import { isCassetteError } from '@cassettekit/core';
import { expect, it } from 'vitest';
import { listNames, rejection, responseText, small } from '../cassettes.js';
import { group, type HarnessFactory, type SuiteOptions } from '../harness.js';

/**
 * `OpenOptions.readOnly`: every store honours it (the contract promises "writes fail"). Reads work,
 * `put` and `delete` fail with PERMISSION_DENIED naming the store, and storage is left as it was.
 */
export function readOnlyGroup(
  label: string,
  createHarness: HarnessFactory,
  options: SuiteOptions = {},
): void {
  group(label, 'read-only', createHarness, options, (h) => {
    it('reads, and refuses every write with PERMISSION_DENIED, changing nothing', async () => {
      const { store, reopen, backdoor } = h();
      const { version } = await store.put('ro/kept', small('before'));
      const readOnly = await reopen({ readOnly: true });
      try {
        // `readOnly` on the store is optional in the contract; when a store reports it, it tells the truth.
        expect(readOnly.readOnly ?? true).toBe(true);
        expect(store.readOnly ?? false).toBe(false);
        expect(await listNames(readOnly)).toEqual(['ro/kept']);
        expect((await readOnly.get('ro/kept'))?.version).toBe(version);
        // One at a time: a store that ignores readOnly must not race its own writes here.
        for (const attempt of [
          () => readOnly.put('ro/kept', small('after')),
          () => readOnly.put('ro/new', small('new'), { ifVersion: null }),
          () => readOnly.delete('ro/kept'),
          () => readOnly.delete('ro/kept', { ifVersion: version }),
        ]) {
          const error = await rejection(attempt());
          expect(isCassetteError(error, 'PERMISSION_DENIED'), String(error)).toBe(true);
          expect(String(error)).toContain(readOnly.url);
        }
        expect(await backdoor.names()).toEqual(['ro/kept']);
        expect(responseText({ data: (await backdoor.read('ro/kept'))! })).toBe('before');
      } finally {
        await readOnly.close();
      }
    });

    it('checks names before refusing a write', async () => {
      const readOnly = await h().reopen({ readOnly: true });
      try {
        expect(isCassetteError(await rejection(readOnly.put('../x', small('x'))), 'INVALID_NAME')).toBe(true);
      } finally {
        await readOnly.close();
      }
    });
  });
}
