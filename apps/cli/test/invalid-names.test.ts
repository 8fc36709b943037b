import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPerTest } from './project.js';
import { runCli } from './run-cli.js';

const dir = projectPerTest();
const run = (...args: string[]) => runCli(args, { cwd: dir() });
const VALID = 'gzip_requests';

describe('an invalid cassette name is a usage error (exit 2) in every command that takes names', () => {
  const calls: readonly (readonly string[])[] = [
    ['show', 'yaml:cassettes', '../x'],
    ['inspect', 'yaml:cassettes', '../x'],
    ['inspect', 'yaml:cassettes', VALID, '../x'],
    ['rm', 'yaml:cassettes', '../x'],
    ['mv', 'yaml:cassettes', '../x', 'y'],
    ['mv', 'yaml:cassettes', VALID, '../y'],
    ['diff', 'yaml:cassettes', 'yaml:cassettes', '../x'],
  ];
  for (const args of calls) {
    it(`cassette ${args.join(' ')}`, async () => {
      const result = await run(...args);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(
        /\[yaml:cassettes\] invalid cassette name "\.\.\/[xy]": it has a "\.\." segment/,
      );
    });
  }

  it('rm removes nothing when one of its names is invalid', async () => {
    const result = await run('rm', 'yaml:cassettes', VALID, '../x');
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    expect(await readdir(join(dir(), 'cassettes'))).toContain(`${VALID}.yaml`);
  });
});
