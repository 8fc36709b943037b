import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'cassette-empty-target-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const run = (...args: string[]) => runCli(args, { cwd: work });

mkdirSync(join(work, 'broken'));
writeFileSync(join(work, 'broken', 'one.yaml'), 'interactions: [\n  - {a: 1\n');
writeFileSync(join(work, 'broken', 'two.yaml'), 'x: !!python/object:os.system 1\n');

describe('a run that writes nothing leaves no new store behind', () => {
  it('a migration where every cassette fails does not leave the .db it created', async () => {
    const result = await run('migrate', 'yaml:broken', 'sqlite:out.db');
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('invalid YAML');
    expect(existsSync(join(work, 'out.db'))).toBe(false);
    expect(existsSync(join(work, 'out.db-wal'))).toBe(false);
    const folder = await run('migrate', 'yaml:broken', 'yaml:out-folder');
    expect(folder.code, folder.stderr).toBe(1);
    expect(existsSync(join(work, 'out-folder'))).toBe(false);
  });

  it('nor does a conversion where every cassette fails', async () => {
    const result = await run('convert', 'yaml:broken', 'sqlite:converted.db', '--to', 'vcrpy');
    expect(result.code, result.stderr).toBe(1);
    expect(existsSync(join(work, 'converted.db'))).toBe(false);
  });

  it('an empty database that existed before the run is kept', async () => {
    mkdirSync(join(work, 'empty'));
    expect((await run('migrate', 'yaml:empty', 'sqlite:kept.db')).code).toBe(0);
    // The first run created it and left it empty: it is gone; one made on purpose stays.
    expect(existsSync(join(work, 'kept.db'))).toBe(false);
    writeFileSync(join(work, 'kept.db'), '');
    const result = await run('migrate', 'yaml:broken', 'sqlite:kept.db');
    expect(result.code, result.stderr).toBe(1);
    expect(existsSync(join(work, 'kept.db'))).toBe(true);
  });
});
