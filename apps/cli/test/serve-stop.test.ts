import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from './project.js';
import { CLI } from './run-cli.js';

/** Starts `cassette serve` and sends SIGTERM the moment its address is printed. */
function stopAtOnce(): Promise<number | NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', `yaml:${EXAMPLES}`]);
    child.stdout.once('data', () => child.kill('SIGTERM'));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? signal));
  });
}

describe('cassette serve', () => {
  it('handles SIGTERM from the moment it prints its address: stopped at once, it still exits 0', async () => {
    // Before, the address came out before the signal handlers were in place: most such stops ended
    // the process by the signal itself (no exit code, writes in flight not finished).
    const exits = [];
    for (let i = 0; i < 8; i += 1) exits.push(await stopAtOnce());
    expect(exits).toEqual(Array(8).fill(0));
  });
});
