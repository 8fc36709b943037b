import { expect, it } from 'vitest';
import { expectConflict, listNames, responseText, small } from '../cassettes.js';
import { group, type HarnessFactory, type SuiteOptions } from '../harness.js';

/** Version tokens and `ifVersion`: create-only, compare-and-swap, conditional delete. */
export function versionsGroup(
  label: string,
  createHarness: HarnessFactory,
  options: SuiteOptions = {},
): void {
  group(label, 'versions', createHarness, options, (h) => {
    it('gives a new version on every change and the same one while nothing changed', async () => {
      const { store } = h();
      const v1 = (await store.put('v', small('one'))).version;
      expect(typeof v1).toBe('string');
      expect((await store.get('v'))!.version).toBe(v1);
      const v2 = (await store.put('v', small('two'))).version;
      expect(v2).not.toBe(v1);
      expect(responseText((await store.get('v'))!.cassette)).toBe('two');
    });

    it('ifVersion null creates only when absent', async () => {
      const { store, backdoor } = h();
      await store.put('c', small('first'), { ifVersion: null });
      await expectConflict(store.put('c', small('second'), { ifVersion: null }));
      expect(responseText({ data: (await backdoor.read('c'))! })).toBe('first');
    });

    it('ifVersion compares and swaps', async () => {
      const { store, backdoor } = h();
      const v1 = (await store.put('cas', small('one'))).version;
      const v2 = (await store.put('cas', small('two'), { ifVersion: v1 })).version;
      await expectConflict(store.put('cas', small('three'), { ifVersion: v1 }));
      expect(responseText({ data: (await backdoor.read('cas'))! })).toBe('two');
      await expectConflict(store.put('gone', small('x'), { ifVersion: v2 }));
      expect(await backdoor.read('gone')).toBeNull();
    });

    it('deletes, honouring ifVersion', async () => {
      const { store, backdoor } = h();
      const v1 = (await store.put('d/x', small('one'))).version;
      await store.put('d/x', small('two'));
      await expectConflict(store.delete('d/x', { ifVersion: v1 }));
      expect(await backdoor.read('d/x')).not.toBeNull();
      expect(await store.delete('d/x')).toBe(true);
      expect(await store.get('d/x')).toBeNull();
      expect(await backdoor.read('d/x')).toBeNull();
      expect(await store.delete('d/x')).toBe(false);
      expect(await listNames(store)).toEqual([]);
    });
  });
}
