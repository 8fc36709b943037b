import { describe, expect, it } from 'vitest';
import {
  type CassetteEntry,
  createError,
  createMemoryStore,
  defineStore,
  isCassetteError,
  memoryDriver,
  parseStoreUrl,
} from '../src/index.js';

const small = { data: { interactions: [], version: 1 } };
const capabilities = { crossProcessConditionalWrites: false, keepsFormat: false, persistent: false };

/** A backend that records what reached it, so the tests see what defineStore stopped before it. */
function recordingBackend(listed: CassetteEntry[] = []) {
  const calls: string[] = [];
  const store = defineStore({
    url: 'test:rec',
    capabilities,
    list: () => listed,
    get: async (name) => {
      calls.push(`get ${name}`);
      return null;
    },
    put: async (name) => {
      calls.push(`put ${name}`);
      return { version: 'v' };
    },
    delete: async (name) => {
      calls.push(`delete ${name}`);
      return false;
    },
  });
  return { store, calls };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (e: unknown) => e,
  );
}

describe('defineStore: the rules every store shares', () => {
  it('lists in code-unit name order, keeping only the prefix, whatever order the backend gives', async () => {
    const entry = (name: string) => ({ name, version: '1' });
    const { store } = recordingBackend(['b/x', 'a/y', 'B', 'a/x', 'ab', 'é'].map(entry));
    const names = async (prefix?: string) => {
      const out: string[] = [];
      for await (const e of store.list(prefix === undefined ? {} : { prefix })) out.push(e.name);
      return out;
    };
    expect(await names()).toEqual(['B', 'a/x', 'a/y', 'ab', 'b/x', 'é']);
    expect(await names('a/')).toEqual(['a/x', 'a/y']);
  });

  it('refuses bad names with INVALID_NAME before the backend sees them', async () => {
    const { store, calls } = recordingBackend();
    for (const attempt of [store.get('../x'), store.put('a//b', small), store.delete('/abs')]) {
      expect(isCassetteError(await failure(attempt), 'INVALID_NAME')).toBe(true);
    }
    expect(calls).toEqual([]);
  });

  it('refuses every call after close with CLOSED, and closes the backend once', async () => {
    let closes = 0;
    const store = defineStore({
      url: 'test:closing',
      capabilities,
      list: () => [],
      get: async () => null,
      put: async () => ({ version: 'v' }),
      delete: async () => false,
      close: () => {
        closes += 1;
      },
    });
    await store.close();
    await store.close();
    expect(closes).toBe(1);
    for (const attempt of [
      store.get('x'),
      store.put('x', small),
      store.delete('x'),
      store.list()[Symbol.asyncIterator]().next(),
    ]) {
      const error = await failure(attempt);
      expect(isCassetteError(error, 'CLOSED'), String(error)).toBe(true);
      expect(String(error)).toContain('test:closing');
    }
  });

  it('refuses writes to a read-only store with one error naming the store, the cassette and the way out', async () => {
    const calls: string[] = [];
    const store = defineStore({
      url: 'test:ro',
      capabilities,
      readOnly: true,
      writableHint: 'Open it without mode=ro to write',
      list: () => [],
      get: async () => null,
      put: async () => {
        calls.push('put');
        return { version: 'v' };
      },
      delete: async () => {
        calls.push('delete');
        return true;
      },
    });
    expect(store.readOnly).toBe(true);
    expect(await store.get('x')).toBeNull();
    for (const attempt of [
      store.put('a/b', small),
      store.delete('a/b'),
      store.delete('a/b', { ifVersion: 'v' }),
    ]) {
      const error = await failure(attempt);
      expect(isCassetteError(error, 'PERMISSION_DENIED'), String(error)).toBe(true);
      expect(String(error)).toBe(
        'CassetteError: [cassette] [test:ro] a/b: the store was opened read-only, so it cannot be changed. Open it without mode=ro to write',
      );
    }
    expect(calls).toEqual([]);
  });

  it('copies extras onto the store, getters included, and hands methods the guard', async () => {
    let size = 0;
    const store = defineStore((guard) => ({
      url: 'test:extras',
      capabilities,
      list: () => [],
      get: async () => null,
      put: async () => {
        size += 1;
        return { version: String(size) };
      },
      delete: async () => false,
      extras: {
        bucket: 'b',
        get size() {
          return size;
        },
        count(): number {
          guard.assertOpen();
          return size;
        },
      },
    }));
    await store.put('x', small);
    expect([store.bucket, store.size, store.count(), store.url]).toEqual(['b', 1, 1, 'test:extras']);
    await store.close();
    expect(() => store.count()).toThrow(
      createError('CLOSED', 'the store is closed', { store: 'test:extras' }).message,
    );
  });

  it('the memory store and its driver honour readOnly', async () => {
    const store = await memoryDriver.open(parseStoreUrl('memory:'), { readOnly: true });
    expect(isCassetteError(await failure(store.put('x', small)), 'PERMISSION_DENIED')).toBe(true);
    const writable = createMemoryStore();
    expect(writable.readOnly).toBe(false);
    await writable.put('x', small);
  });
});
