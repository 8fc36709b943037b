import { contentDigest, interactionsOf, isCassetteError, type ValueMap } from '@cassettekit/core';
import { expect, it } from 'vitest';
import { listNames, oddCassette, rejection, responseText, small } from '../cassettes.js';
import { group, type HarnessFactory, type SuiteOptions } from '../harness.js';

/** Put, get, list and delete keep what they are given, value for value, checked through the back door. */
export function basicsGroup(label: string, createHarness: HarnessFactory, options: SuiteOptions = {}): void {
  group(label, 'basics', createHarness, options, (h) => {
    it('starts empty: list yields nothing and get answers null', async () => {
      const { store, backdoor } = h();
      expect(await listNames(store)).toEqual([]);
      expect(await store.get('nothing/here')).toBeNull();
      expect(await backdoor.names()).toEqual([]);
    });

    it('keeps bytes as bytes and text as text, unknown keys at every level, header case and order', async () => {
      const { store, backdoor } = h();
      const cassette = oddCassette();
      await store.put('odd/keys', cassette);
      const got = (await store.get('odd/keys'))!.cassette.data;
      expect(contentDigest(got)).toBe(contentDigest(cassette.data));
      const interaction = interactionsOf(got)[0]!;
      expect(interaction.request.body).toBeInstanceOf(Uint8Array);
      expect((interaction.response.body as ValueMap).string).toBe('caf\u00e9 \ud83d\ude00');
      expect(Object.keys(interaction.request.headers as ValueMap)).toEqual(
        options.keyOrder === 'sorted' ? ['X-Bytes', 'X-Zeta', 'accept'] : ['X-Zeta', 'accept', 'X-Bytes'],
      );
      expect((interaction.request.headers as ValueMap)['X-Bytes']).toEqual([new Uint8Array([0, 255, 1])]);
      expect(interaction.recorded_at).toBe('2024-01-01T00:00:00');
      expect(got.custom_top).toEqual({ nested: [1, null, 'x'] });
      // str and bytes of the same content are different cassettes
      const asText = oddCassette('\u0000\u00ff\u0001');
      expect(contentDigest(asText.data)).not.toBe(contentDigest(cassette.data));
      expect(contentDigest((await backdoor.read('odd/keys'))!)).toBe(contentDigest(cassette.data));
    });

    it('loads a cassette with no interactions', async () => {
      const { store } = h();
      await store.put('empty', { data: { interactions: [], version: 1 } });
      expect((await store.get('empty'))?.cassette.data).toEqual({ interactions: [], version: 1 });
    });

    it('lists names with "/" in order, filtered by prefix, with the versions get returns', async () => {
      const { store, backdoor } = h();
      const all = ['a/one', 'a/sub/three', 'ab', 'b/two', 'c[param-1].test'];
      for (const name of ['b/two', 'a/one', 'a/sub/three', 'ab', 'c[param-1].test'])
        await store.put(name, small('x'));
      expect(await listNames(store)).toEqual(all);
      expect(await listNames(store, 'a/')).toEqual(['a/one', 'a/sub/three']);
      expect(await listNames(store, 'a')).toEqual(['a/one', 'a/sub/three', 'ab']);
      expect(await listNames(store, 'zzz')).toEqual([]);
      expect((await backdoor.names()).sort()).toEqual(all);
      for await (const entry of store.list()) {
        expect(entry.version).toBe((await store.get(entry.name))!.version);
      }
    });

    it('copies in and out: changing a cassette after put or get changes nothing stored', async () => {
      const { store } = h();
      const c = small('kept');
      await store.put('iso', c);
      (interactionsOf(c.data)[0]!.response.body as ValueMap).string = 'changed';
      const got = await store.get('iso');
      expect(responseText(got!.cassette)).toBe('kept');
      (interactionsOf(got!.cassette.data)[0]!.response.body as ValueMap).string = 'changed';
      expect(responseText((await store.get('iso'))!.cassette)).toBe('kept');
    });

    it('tells a missing cassette (null) from a broken one (INVALID_CASSETTE naming it)', async () => {
      const { store, backdoor } = h();
      await store.put('broken/one', small('x'));
      await backdoor.corrupt('broken/one');
      const error = await rejection(store.get('broken/one'));
      expect(isCassetteError(error, 'INVALID_CASSETTE'), String(error)).toBe(true);
      expect(String((error as Error).message)).toContain('broken/one');
      expect(await store.get('broken/two')).toBeNull();
    });
  });
}
