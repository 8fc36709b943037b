import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO, runCli } from './run-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cassette-kill-'));
  // The whole corpus, twice over: enough work for a kill to land in the middle.
  for (const copy of ['one', 'two']) {
    await cp(join(REPO, 'fixtures', 'corpus', 'vcrpy', 'crewAIInc__crewAI'), join(dir, 'src', copy), {
      recursive: true,
    });
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('an interrupted migration', () => {
  it('killed with SIGKILL midway, leaves no partial cassette, and a re-run finishes and verifies', async () => {
    const from = `yaml:${join(dir, 'src')}`;
    const to = `json:${join(dir, 'dst')}`;
    const child = spawn(process.execPath, [CLI, 'migrate', from, to, '--concurrency', '2'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    let copied = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      copied += (chunk.toString().match(/^copied/gm) ?? []).length;
      if (copied >= 20) child.kill('SIGKILL');
    });
    await exited;
    expect(copied).toBeGreaterThanOrEqual(20);

    // Whatever is in the destination reads back whole: verify finds missing cassettes, never broken ones.
    const partial = await runCli(['verify', from, to, '--json']);
    const report = JSON.parse(partial.stdout);
    expect(report.unreadable).toEqual([]);
    expect(report.different).toEqual([]);
    expect(report.onlyInA.length).toBeGreaterThan(0);

    const rerun = await runCli(['migrate', from, to, '--json']);
    expect(rerun.code, rerun.stderr).toBe(0);
    const summary = JSON.parse(rerun.stdout);
    expect(summary.unchanged).toBeGreaterThanOrEqual(20);
    expect(summary.copied + summary.unchanged).toBe(186);
    const verify = await runCli(['verify', from, to]);
    expect(verify.code).toBe(0);
  }, 120_000);
});
