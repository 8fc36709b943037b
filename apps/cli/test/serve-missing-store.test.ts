import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from './project.js';
import { startServe } from './serve-process.js';

const work = mkdtempSync(join(tmpdir(), 'cassette-serve-missing-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('cassette serve of a store that does not exist yet', () => {
  it('says so on stderr, serves it empty, and the first recording creates it', async () => {
    const served = await startServe(['yaml:new-folder'], { cwd: work });
    try {
      const listed = (await (await fetch(`${served.url}/v1/cassettes`)).json()) as { cassettes: unknown[] };
      expect(listed.cassettes).toEqual([]);
      expect(existsSync(join(work, 'new-folder'))).toBe(false);
      const text = readFileSync(join(EXAMPLES, 'gzip_requests.yaml'), 'utf8');
      expect((await fetch(`${served.url}/v1/cassettes/recorded`, { method: 'PUT', body: text })).status).toBe(
        201,
      );
      expect(existsSync(join(work, 'new-folder', 'recorded.yaml'))).toBe(true);
    } finally {
      expect(await served.stop()).toBe(0);
    }
    expect(served.stderr()).toContain(
      'yaml:new-folder does not exist yet: it is served empty, and the first write creates it',
    );
  });

  it('a SQLite database it created and nothing was written to is not left behind', async () => {
    const served = await startServe(['sqlite:new.db'], { cwd: work });
    expect((await fetch(`${served.url}/v1/cassettes`)).status).toBe(200);
    expect(await served.stop()).toBe(0);
    expect(served.stderr()).toContain('sqlite:new.db does not exist yet');
    expect(existsSync(join(work, 'new.db'))).toBe(false);
  });

  it('an existing store: no such note', async () => {
    const served = await startServe([`yaml:${EXAMPLES}`], { cwd: work });
    expect((await fetch(`${served.url}/v1/cassettes`)).status).toBe(200);
    expect(await served.stop()).toBe(0);
    expect(served.stderr()).not.toContain('does not exist');
  });
});
