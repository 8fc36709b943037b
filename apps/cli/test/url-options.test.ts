import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'cassette-url-options-'));
mkdirSync(join(work, 'folder'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const run = (...args: string[]) => runCli(args, { cwd: work });

describe('a store URL option the store does not know is a usage error (exit 2), never ignored', () => {
  const cases: readonly [string, string][] = [
    ['sqlite:x.db?foo=1', 'The options of sqlite: are mode'],
    ['yaml:folder?foo=1', 'The options of yaml: are style, width, unicode, flow, dialect'],
    ['json:folder?Indent=2', 'The options of json: are indent, dialect'],
    ['memory:?foo=1', 'memory: takes no options'],
  ];
  for (const [url, known] of cases) {
    it(url, async () => {
      const result = await run('ls', url);
      expect(result.code, result.stderr).toBe(2);
      const option = /\?([^=]+)=/.exec(url)![1];
      expect(result.stderr).toContain(`unknown option "${option}" in "${url}"`);
      expect(result.stderr).toContain(known);
    });
  }

  it('a migration into a store URL with an unknown option creates nothing', async () => {
    const result = await run('migrate', 'yaml:folder', 'sqlite:new.db?mdoe=ro');
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('unknown option "mdoe"');
    expect(existsSync(join(work, 'new.db'))).toBe(false);
  });
});
