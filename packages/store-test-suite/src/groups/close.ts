import { isCassetteError } from '@cassettekit/core';
import { expect, it } from 'vitest';
import { listNames, rejection, responseText, small } from '../cassettes.js';
import { group, type HarnessFactory, type SuiteOptions } from '../harness.js';

/** `close()` ends a handle; a `persistent` store keeps what it wrote for the next one. */
export function closeGroup(label: string, createHarness: HarnessFactory, options: SuiteOptions = {}): void {
  group(label, 'close', createHarness, options, (h) => {
    it('refuses every call after close with CLOSED naming the store, and closes twice quietly', async () => {
      const other = await h().reopen();
      await other.close();
      await other.close();
      for (const attempt of [
        () => other.get('x'),
        () => other.put('x', small('x')),
        () => other.delete('x'),
        () => listNames(other),
      ]) {
        const error = await rejection(attempt());
        expect(isCassetteError(error, 'CLOSED'), String(error)).toBe(true);
        expect(String(error)).toContain(other.url);
      }
    });

    it('keeps what it wrote after every handle closed (persistent)', async (context) => {
      const { store, reopen } = h();
      if (!store.capabilities.persistent) context.skip('the store does not declare persistent');
      const { version } = await store.put('kept/after-close', small('still here'));
      await store.close();
      const next = await reopen();
      try {
        const got = await next.get('kept/after-close');
        expect(got?.version).toBe(version);
        expect(responseText(got!.cassette)).toBe('still here');
      } finally {
        await next.close();
      }
    });
  });
}
