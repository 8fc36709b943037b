import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCassetteError, memoryDriver } from '@cassettekit/core';
import { s3Driver } from '@cassettekit/s3';
import { sqliteDriver } from '@cassettekit/sqlite';
import { jsonDriver, pollyDriver, yamlDriver } from '@cassettekit/yaml';
import { describe, expect, it } from 'vitest';
import { registry, storeUrlHelp } from '../src/registry.js';
import { runCli } from './run-cli.js';

describe('the store registry: the packages own their drivers', () => {
  it('serves every scheme with the driver its package exports, copying nothing', async () => {
    expect(registry.schemes).toEqual(['yaml', 'json', 'polly', 'sqlite', 's3', 'memory']);
    expect(await registry.drivers()).toEqual([
      yamlDriver,
      jsonDriver,
      pollyDriver,
      sqliteDriver,
      s3Driver,
      memoryDriver,
    ]);
    const help = await storeUrlHelp();
    for (const driver of await registry.drivers()) {
      expect(help).toContain(`${driver.example.padEnd(34)} ${driver.description}`);
    }
  });

  it('opens a store of a lazily loaded package, and honours readOnly through it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cassette-registry-'));
    try {
      const store = await registry.open(`json:${dir}`, { readOnly: true });
      expect(store.readOnly).toBe(true);
      const error = await store.put('x', { data: { interactions: [], version: 1 } }).catch((e: unknown) => e);
      expect(isCassetteError(error, 'PERMISSION_DENIED'), String(error)).toBe(true);
      await store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('lists every store URL in the command help', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const example of ['yaml:./tests/cassettes', 'sqlite:./cassettes.db', 's3://', 'memory:']) {
      expect(help.stdout).toContain(example);
    }
  }, 60_000);
});
