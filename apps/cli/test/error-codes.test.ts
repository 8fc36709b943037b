import { createError, createMemoryStore, defineStore, isCassetteError } from '@cassettekit/core';
import { describe, expect, it } from 'vitest';
import { writeVerified } from '../src/lib/write-verified.js';
import { failureOf, UsageError } from '../src/util/exit.js';

const cassette = (text: string) => ({ data: { interactions: [], version: 1, note: text } });

describe('error codes scripts see (--json failures)', () => {
  it('names every failure with a code: the store error, usage, a system error, else INTERNAL', () => {
    const gone = createError('NOT_FOUND', 'gone', { store: 'memory:', cassette: 'a' });
    const disk = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    expect(failureOf('a', gone).code).toBe('NOT_FOUND');
    expect(failureOf('a', new UsageError('bad flag')).code).toBe('USAGE');
    expect(failureOf('a', disk)).toEqual({ name: 'a', code: 'ENOSPC', message: disk.message });
    expect(failureOf('a', new Error('a bug')).code).toBe('INTERNAL');
    expect(failureOf('a', 'thrown string').code).toBe('INTERNAL');
  });
});

describe('writeVerified', () => {
  it('answers the version read back', async () => {
    const store = createMemoryStore();
    const version = await writeVerified(store, 'a', cassette('x'), null);
    expect(version).toBe((await store.get('a'))!.version);
  });

  it('refuses a write that does not read back as written with VERIFICATION_FAILED naming store and cassette', async () => {
    const inner = createMemoryStore();
    // A store that loses what it is given: it keeps another cassette than the one put.
    const lossy = defineStore({
      url: 'lossy:',
      capabilities: inner.capabilities,
      list: () => inner.list(),
      get: (name) => inner.get(name),
      put: (name, _cassette, options) => inner.put(name, cassette('something else'), options),
      delete: (name, options) => inner.delete(name, options),
    });
    const error = await writeVerified(lossy, 'agents/a', cassette('mine'), undefined).catch(
      (e: unknown) => e,
    );
    expect(isCassetteError(error, 'VERIFICATION_FAILED'), String(error)).toBe(true);
    expect(String(error)).toContain('[lossy:] agents/a: it does not read back as written');
  });
});
