// A stress worker for the lock: takes the lock many times, checks inside it that nobody else is
// inside (an O_EXCL marker file), and after some turns plants a lock owned by a dead process, so that
// every waiter has to take over stale locks while others do the same.
//   node lock-stress.mjs DIR DEAD_PID TURNS
import { open, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { withFileLock } from '../../dist/store/lock.js';

const [dir, deadPid, turns] = process.argv.slice(2);
const path = join(dir, 'x.yaml');
let overlaps = 0;
let timeouts = 0;
const loop = async (seed) => {
  for (let i = 0; i < Number(turns); i += 1) {
    try {
      await withFileLock(path, { store: 'stress', cassette: 'x', timeoutMs: 10_000 }, async () => {
        try {
          await (await open(join(dir, 'inside'), 'wx')).close();
        } catch {
          overlaps += 1;
          return;
        }
        await new Promise((r) => setTimeout(r, 1));
        await rm(join(dir, 'inside'), { force: true });
      });
    } catch {
      timeouts += 1;
    }
    if ((i + seed) % 2 === 0)
      await writeFile(`${path}.lock`, `${deadPid} ${hostname()} dead\n`, { flag: 'wx' }).catch(() => {});
  }
};
await Promise.all([0, 1, 2].map(loop));
process.stdout.write(`${JSON.stringify({ overlaps, timeouts })}\n`);
