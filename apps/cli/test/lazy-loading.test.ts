import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadedModules } from './loaded-modules.js';

const work = mkdtempSync(join(tmpdir(), 'cassette-lazy-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const matching = (urls: readonly string[], pattern: RegExp) => urls.filter((url) => pattern.test(url));

describe('a command loads what it uses, not every command', () => {
  it('migrate yaml: -> sqlite: loads neither the secrets scanner, the HTTP server, S3 nor other commands', async () => {
    mkdirSync(join(work, 'empty'));
    const urls = await loadedModules(['migrate', 'yaml:empty', 'sqlite:m.db', '--json'], work);
    expect(matching(urls, /\/commands\/migrate\.js$/)).toHaveLength(1);
    expect(matching(urls, /\/sqlite\/dist\//).length).toBeGreaterThan(0);
    expect(matching(urls, /\/secrets\/|\/s3\/dist\/|@aws-sdk|\/src\/serve\/|\/dist\/serve\//)).toEqual([]);
    expect(matching(urls, /\/commands\/(?!migrate\.js$)/)).toEqual([]);
  });

  it('--version loads no command and no store', async () => {
    const urls = await loadedModules(['--version'], work);
    expect(matching(urls, /\/commands\/|\/(yaml|sqlite|s3|formats|secrets)\/dist\//)).toEqual([]);
  });

  it('--help still lists every command', async () => {
    const urls = await loadedModules(['--help'], work);
    expect(matching(urls, /\/commands\/[a-z]+\.js$/).length).toBeGreaterThanOrEqual(15);
  });
});
