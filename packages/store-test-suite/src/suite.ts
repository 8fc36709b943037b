import {
  type Cassette,
  type CassetteStore,
  contentDigest,
  interactionsOf,
  isCassetteError,
  type ValueMap,
} from '@cassettekit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoreHarness, SuiteOptions } from './harness.js';
import { sampleCassettes } from './samples.js';

/** Names every store must refuse with INVALID_NAME before touching storage. */
export const INVALID_NAMES: readonly string[] = [
  '',
  '../x',
  'a/../../x',
  '/etc/passwd',
  'a//b',
  'a/',
  'a\\b',
  'a\u0000b',
  '.',
  'a/./b',
  '.hidden/x',
  'x'.repeat(300),
];

/**
 * The conformance suite: every store runs it with a factory for a fresh, empty store and a back door
 * into its storage. `storeConformanceSuite('yaml', () => createYamlHarness())`.
 */
export function storeConformanceSuite(
  label: string,
  createHarness: () => Promise<StoreHarness>,
  options: SuiteOptions = {},
): void {
  const timeout = options.timeout ?? 30_000;

  describe(`${label}: the cassette store contract`, () => {
    let h: StoreHarness;
    let store: CassetteStore;
    beforeEach(async () => {
      h = await createHarness();
      store = h.store;
    }, timeout);
    afterEach(async () => {
      await h.cleanup();
    }, timeout);

    it('starts empty: list yields nothing and get answers null', async () => {
      expect(await names(store)).toEqual([]);
      expect(await store.get('nothing/here')).toBeNull();
      expect(await h.backdoor.names()).toEqual([]);
    });

    it(
      'stores real corpus cassettes without changing a value (checked through the back door)',
      async () => {
        for (const sample of sampleCassettes()) {
          const digest = contentDigest(sample.cassette.data);
          const { version } = await store.put(sample.name, sample.cassette);
          expect(typeof version).toBe('string');
          const raw = await h.backdoor.read(sample.name);
          expect(raw, `${sample.source} in storage`).not.toBeNull();
          expect(contentDigest(raw!), `${sample.source} in storage`).toBe(digest);
          const got = await store.get(sample.name);
          expect(got?.version).toBe(version);
          expect(contentDigest(got!.cassette.data), `${sample.source} read back`).toBe(digest);
        }
      },
      timeout,
    );

    it('keeps bytes as bytes and text as text, unknown keys at every level, header case and order', async () => {
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
      expect(contentDigest((await h.backdoor.read('odd/keys'))!)).toBe(contentDigest(cassette.data));
    });

    it('loads a cassette with no interactions', async () => {
      await store.put('empty', { data: { interactions: [], version: 1 } });
      const got = await store.get('empty');
      expect(got?.cassette.data).toEqual({ interactions: [], version: 1 });
    });

    it('lists names with "/" in order, filtered by prefix, with the versions get returns', async () => {
      const c = small('x');
      for (const name of ['b/two', 'a/one', 'a/sub/three', 'ab', 'c[param-1].test']) await store.put(name, c);
      expect(await names(store)).toEqual(['a/one', 'a/sub/three', 'ab', 'b/two', 'c[param-1].test']);
      expect(await names(store, 'a/')).toEqual(['a/one', 'a/sub/three']);
      expect(await names(store, 'a')).toEqual(['a/one', 'a/sub/three', 'ab']);
      expect(await names(store, 'zzz')).toEqual([]);
      expect((await h.backdoor.names()).sort()).toEqual([
        'a/one',
        'a/sub/three',
        'ab',
        'b/two',
        'c[param-1].test',
      ]);
      for await (const entry of store.list()) {
        expect(entry.version).toBe((await store.get(entry.name))!.version);
      }
    });

    it('gives a new version on every change and the same one while nothing changed', async () => {
      const v1 = (await store.put('v', small('one'))).version;
      expect((await store.get('v'))!.version).toBe(v1);
      const v2 = (await store.put('v', small('two'))).version;
      expect(v2).not.toBe(v1);
      expect(responseText((await store.get('v'))!.cassette)).toBe('two');
    });

    it('ifVersion null creates only when absent', async () => {
      await store.put('c', small('first'), { ifVersion: null });
      await expectConflict(store.put('c', small('second'), { ifVersion: null }));
      expect(responseText({ data: (await h.backdoor.read('c'))! })).toBe('first');
    });

    it('ifVersion compares and swaps', async () => {
      const v1 = (await store.put('cas', small('one'))).version;
      const v2 = (await store.put('cas', small('two'), { ifVersion: v1 })).version;
      await expectConflict(store.put('cas', small('three'), { ifVersion: v1 }));
      expect(responseText({ data: (await h.backdoor.read('cas'))! })).toBe('two');
      await expectConflict(store.put('gone', small('x'), { ifVersion: v2 }));
      expect(await h.backdoor.read('gone')).toBeNull();
    });

    it('deletes, honouring ifVersion', async () => {
      const v1 = (await store.put('d/x', small('one'))).version;
      await store.put('d/x', small('two'));
      await expectConflict(store.delete('d/x', { ifVersion: v1 }));
      expect(await h.backdoor.read('d/x')).not.toBeNull();
      expect(await store.delete('d/x')).toBe(true);
      expect(await store.get('d/x')).toBeNull();
      expect(await h.backdoor.read('d/x')).toBeNull();
      expect(await store.delete('d/x')).toBe(false);
      expect(await names(store)).toEqual([]);
    });

    it('tells a missing cassette (null) from a broken one (INVALID_CASSETTE naming it)', async () => {
      await store.put('broken/one', small('x'));
      await h.backdoor.corrupt('broken/one');
      const error = await store.get('broken/one').then(
        () => null,
        (e: unknown) => e,
      );
      expect(isCassetteError(error, 'INVALID_CASSETTE'), String(error)).toBe(true);
      expect(String((error as Error).message)).toContain('broken/one');
      expect(await store.get('broken/two')).toBeNull();
    });

    it('refuses bad names with INVALID_NAME and touches nothing', async () => {
      for (const bad of INVALID_NAMES) {
        for (const attempt of [store.get(bad), store.put(bad, small('x')), store.delete(bad)]) {
          const error = await attempt.then(
            () => null,
            (e: unknown) => e,
          );
          expect(isCassetteError(error, 'INVALID_NAME'), `${JSON.stringify(bad)}: ${String(error)}`).toBe(
            true,
          );
        }
      }
      expect(await h.backdoor.names()).toEqual([]);
    });

    it('copies in and out: changing a cassette after put or get changes nothing stored', async () => {
      const c = small('kept');
      await store.put('iso', c);
      (interactionsOf(c.data)[0]!.response.body as ValueMap).string = 'changed';
      const got = await store.get('iso');
      expect(responseText(got!.cassette)).toBe('kept');
      (interactionsOf(got!.cassette.data)[0]!.response.body as ValueMap).string = 'changed';
      expect(responseText((await store.get('iso'))!.cassette)).toBe('kept');
    });

    it(
      'lets exactly one of many concurrent writers with the same ifVersion win',
      async () => {
        const handles = [store, ...(await Promise.all(Array.from({ length: 7 }, () => h.reopen())))];
        try {
          const created = await Promise.allSettled(
            handles.map((s, i) => s.put('race', small(`create-${i}`), { ifVersion: null })),
          );
          expect(outcomes(created)).toEqual({ won: 1, conflicts: 7 });
          for (let round = 0; round < 3; round += 1) {
            const { version } = (await store.get('race'))!;
            const results = await Promise.allSettled(
              handles.map((s, i) => s.put('race', small(`round-${round}-${i}`), { ifVersion: version })),
            );
            expect(outcomes(results)).toEqual({ won: 1, conflicts: 7 });
            const winner = results.findIndex((r) => r.status === 'fulfilled');
            expect(responseText({ data: (await h.backdoor.read('race'))! })).toBe(`round-${round}-${winner}`);
          }
        } finally {
          for (const s of handles.slice(1)) await s.close();
        }
      },
      timeout,
    );

    it(
      'keeps every one of many concurrent writes to different cassettes',
      async () => {
        await Promise.all(
          Array.from({ length: 24 }, (_, i) =>
            store.put(`many/c${String(i).padStart(2, '0')}`, small(`${i}`)),
          ),
        );
        expect(await names(store, 'many/')).toHaveLength(24);
        for (let i = 0; i < 24; i += 1) {
          expect(
            responseText({ data: (await h.backdoor.read(`many/c${String(i).padStart(2, '0')}`))! }),
          ).toBe(`${i}`);
        }
      },
      timeout,
    );

    it('sees writes made through another handle', async () => {
      const other = await h.reopen();
      try {
        await other.put('shared', small('from other'));
        expect(responseText((await store.get('shared'))!.cassette)).toBe('from other');
      } finally {
        await other.close();
      }
    });

    it('refuses every call after close with CLOSED', async () => {
      const other = await h.reopen();
      await other.close();
      const error = await other.get('x').then(
        () => null,
        (e: unknown) => e,
      );
      expect(isCassetteError(error, 'CLOSED'), String(error)).toBe(true);
    });
  });
}

async function names(store: CassetteStore, prefix?: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of store.list(prefix === undefined ? {} : { prefix })) out.push(entry.name);
  return out;
}

async function expectConflict(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isCassetteError(error, 'CONFLICT'), `expected CONFLICT, got ${String(error)}`).toBe(true);
}

function outcomes(results: PromiseSettledResult<unknown>[]): { won: number; conflicts: number } {
  let won = 0;
  let conflicts = 0;
  for (const r of results) {
    if (r.status === 'fulfilled') won += 1;
    else if (isCassetteError(r.reason, 'CONFLICT')) conflicts += 1;
    else throw r.reason;
  }
  return { won, conflicts };
}

/** A minimal vcrpy cassette whose response body is `text`. */
export function small(text: string): Cassette {
  return {
    data: {
      interactions: [
        {
          request: {
            body: null,
            headers: { Accept: ['*/*'] },
            method: 'GET',
            uri: 'https://example.com/a?b=1',
          },
          response: { body: { string: text }, headers: {}, status: { code: 200, message: 'OK' } },
        },
      ],
      version: 1,
    },
  };
}

function responseText(cassette: Cassette): unknown {
  return (interactionsOf(cassette.data)[0]?.response.body as ValueMap | undefined)?.string;
}

function oddCassette(requestBody: string | Uint8Array = new Uint8Array([0, 255, 1])): Cassette {
  return {
    data: {
      custom_top: { nested: [1, null, 'x'] },
      interactions: [
        {
          recorded_at: '2024-01-01T00:00:00',
          request: {
            body: requestBody,
            headers: { 'X-Zeta': ['z'], accept: ['a', 'b'], 'X-Bytes': [new Uint8Array([0, 255, 1])] },
            method: 'POST',
            uri: 'https://example.com/\u00e9?q=1',
            extra_request_key: true,
          },
          response: {
            body: { string: 'caf\u00e9 \ud83d\ude00' },
            headers: {},
            status: { code: 201, message: 'Created' },
            http_version: 'HTTP/1.1',
          },
        },
      ],
      version: 1,
    },
  };
}
