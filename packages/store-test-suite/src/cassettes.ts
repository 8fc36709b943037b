import {
  type Cassette,
  type CassetteStore,
  interactionsOf,
  isCassetteError,
  type ValueMap,
} from '@cassettekit/core';
import { expect } from 'vitest';

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

/** The response body text of a cassette's first interaction (what `small` put there). */
export function responseText(cassette: Cassette): unknown {
  return (interactionsOf(cassette.data)[0]?.response.body as ValueMap | undefined)?.string;
}

/** Bytes and text apart, keys the model does not know at every level, header names in a mixed case. */
export function oddCassette(requestBody: string | Uint8Array = new Uint8Array([0, 255, 1])): Cassette {
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

/** Every name `list()` yields, in the order it yields them. */
export async function listNames(store: CassetteStore, prefix?: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of store.list(prefix === undefined ? {} : { prefix })) out.push(entry.name);
  return out;
}

/** What a promise rejected with, or null when it resolved. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (e: unknown) => e,
  );
}

export async function expectConflict(promise: Promise<unknown>): Promise<void> {
  const error = await rejection(promise);
  expect(isCassetteError(error, 'CONFLICT'), `expected CONFLICT, got ${String(error)}`).toBe(true);
}

/** How many writers won and how many lost with CONFLICT; any other failure is rethrown. */
export function outcomes(results: PromiseSettledResult<unknown>[]): { won: number; conflicts: number } {
  let won = 0;
  let conflicts = 0;
  for (const r of results) {
    if (r.status === 'fulfilled') won += 1;
    else if (isCassetteError(r.reason, 'CONFLICT')) conflicts += 1;
    else throw r.reason;
  }
  return { won, conflicts };
}
