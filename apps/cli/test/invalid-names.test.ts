import { cp, readdir } from 'node:fs/promises';
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

describe('a file whose name is no valid cassette name (a segment over 200 bytes)', () => {
  const long = 'a'.repeat(201);
  const place = async () => {
    await cp(join(dir(), 'cassettes', `${VALID}.yaml`), join(dir(), 'cassettes', `${long}.yaml`));
  };

  it('ls names it as skipped, with the reason, and lists the cassettes', async () => {
    await place();
    const result = await run('ls', 'yaml:cassettes');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(VALID);
    expect(result.stdout).not.toContain(long);
    expect(result.stderr).toContain(`${long}.yaml`);
    expect(result.stderr).toContain('a segment is longer than 200 bytes');
    const json = JSON.parse((await run('ls', 'yaml:cassettes', '--json')).stdout);
    expect(json.skipped).toEqual([
      { location: `${long}.yaml`, reason: expect.stringContaining('a segment is longer than 200 bytes') },
    ]);
  });

  it('the commands that read every cassette pass it over instead of failing on it', async () => {
    await place();
    const inspect = await run('inspect', 'yaml:cassettes');
    expect(inspect.code, inspect.stderr).toBe(0);
    expect(inspect.stderr).not.toContain('invalid cassette name');
  });
});
