import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'cassette-missing-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const run = (...args: string[]) => runCli(args, { cwd: work });

describe('a store that does not exist is a usage error (exit 2) that says what to do', () => {
  it('ls of a SQLite file in a folder that does not exist', async () => {
    const result = await run('ls', 'sqlite:no/such/folder/x.db');
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`no cassette database at ${join(work, 'no/such/folder/x.db')}`);
    expect(result.stderr).toContain('create the folder, then create it');
    expect(existsSync(join(work, 'no'))).toBe(false);
  });

  it('ls of a missing SQLite file and of a missing folder, as before', async () => {
    for (const url of ['sqlite:x.db', 'yaml:no-such-folder']) {
      const result = await run('ls', url);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(`[${url}]`);
    }
  });
});
