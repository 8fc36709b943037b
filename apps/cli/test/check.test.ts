import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO, runCli } from './run-cli.js';

// `cassette check [store]`: reads every cassette (SQLite: also its integrity check and every stored
// hash) and exits 1 on any damage, 0 when clean. Run as a user runs it: the built command.
const EXAMPLES = join(REPO, 'examples', 'cassettes');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cassette-check-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The examples in a new SQLite database. */
async function database(): Promise<string> {
  const path = join(dir, 'c.db');
  const migrated = await runCli(['migrate', `yaml:${EXAMPLES}`, `sqlite:${path}`]);
  expect(migrated.code, migrated.stderr).toBe(0);
  return path;
}

/** Flips one byte in the middle of every stored block, as a bad disk would: SQLite itself sees nothing wrong. */
function damageBlocks(path: string): void {
  const db = new Database(path);
  const blocks = db.prepare('SELECT id, data FROM blocks').all() as { id: number; data: Buffer }[];
  for (const { id, data } of blocks) {
    const bad = Buffer.from(data);
    const at = Math.floor(bad.length / 2);
    bad[at] = bad[at]! ^ 0x20;
    db.prepare('UPDATE blocks SET data = ? WHERE id = ?').run(bad, id);
  }
  db.close();
}

describe('cassette check', () => {
  it('a clean database: exit 0, every cassette checked, --json says ok', async () => {
    const path = await database();
    const text = await runCli(['check', `sqlite:${path}`]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^9 cassettes checked in sqlite:.*: no damage found$/m);
    const json = await runCli(['check', `sqlite:${path}`, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ store: `sqlite:${path}`, ok: true, checked: 9, damaged: [] });
  }, 60_000);

  it('checks the project store when none is given', async () => {
    await database();
    await writeFile(join(dir, 'cassette.config.json'), JSON.stringify({ store: 'sqlite:c.db' }));
    const result = await runCli(['check'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('9 cassettes checked in sqlite:c.db: no damage found');
  }, 60_000);

  it('damaged blocks: exit 1, each damaged cassette named; verify finds it too', async () => {
    const path = await database();
    damageBlocks(path);
    const text = await runCli(['check', `sqlite:${path}`]);
    expect(text.code, text.stderr).toBe(1);
    expect(text.stdout).toMatch(/^damaged agents\/test_agent_step_callback: .*/m);
    expect(text.stdout).toMatch(/^9 cassettes checked in .*: \d+ damaged$/m);
    const json = JSON.parse((await runCli(['check', `sqlite:${path}`, '--json'])).stdout) as {
      ok: boolean;
      damaged: { name: string | null; code: string }[];
    };
    expect(json.ok).toBe(false);
    expect(json.damaged.map((d) => d.name)).toContain('agents/test_agent_step_callback');
    expect(json.damaged.find((d) => d.name === 'agents/test_agent_step_callback')?.code).toBe(
      'INVALID_CASSETTE',
    );

    const verify = await runCli(['verify', `yaml:${EXAMPLES}`, `sqlite:${path}`]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toMatch(/^unreadable: .*agents\/test_agent_step_callback/m);
  }, 60_000);

  it('a file that is no database at all: exit 1, says so', async () => {
    const path = join(dir, 'notes.db');
    await writeFile(path, 'these are my notes, not a database\n'.repeat(20));
    const result = await runCli(['check', `sqlite:${path}`]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^damaged: .*not a SQLite database/m);
  }, 60_000);

  it('works for every store: a broken YAML file is damage', async () => {
    await writeFile(join(dir, 'broken.yaml'), 'interactions:\n- request: {method: GET\n');
    await writeFile(join(dir, 'fine.yaml'), 'interactions: []\nversion: 1\n');
    const result = await runCli(['check', `yaml:${dir}`]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^damaged broken: /m);
    expect(result.stdout).toContain('2 cassettes checked');
  }, 60_000);

  it('a missing store is a usage error (exit 2)', async () => {
    const result = await runCli(['check', `sqlite:${join(dir, 'none.db')}`]);
    expect(result.code).toBe(2);
  }, 60_000);
});
