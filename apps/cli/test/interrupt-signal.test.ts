import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO } from './run-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cassette-sigint-'));
  for (const copy of ['one', 'two']) {
    await cp(join(REPO, 'fixtures', 'corpus', 'vcrpy', 'crewAIInc__crewAI'), join(dir, 'src', copy), {
      recursive: true,
    });
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the command, sends SIGINT after `lines` output lines, and resolves with its exit code and output. */
function interrupted(
  args: string[],
  lines: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (!sent && stdout.split('\n').length > lines) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('Ctrl-C', () => {
  it('stops migrate and push after the cassettes in flight: exit 130, no temp or lock files, a re-run finishes', async () => {
    const from = `yaml:${join(dir, 'src')}`;
    const mid = `yaml:${join(dir, 'mid')}`;
    const migrate = await interrupted(['migrate', from, mid, '--concurrency', '1'], 10);
    expect(migrate.code, migrate.stderr).toBe(130);
    expect(migrate.stderr).toContain('Interrupted: run the same command again');
    const push = await interrupted(
      ['push', from, `yaml:${join(dir, 'remote')}`, '--concurrency', '1', '--state', join(dir, 'state')],
      10,
    );
    expect(push.code, push.stderr).toBe(130);
    expect(push.stderr).toContain('Interrupted');
    for (const folder of ['mid', 'remote']) {
      const files = await readdir(join(dir, folder), { recursive: true });
      expect(files.filter((f) => f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([]);
    }
  }, 120_000);
});
