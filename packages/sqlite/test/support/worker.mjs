// A separate process writing into one database, as a parallel test worker would. It imports the BUILT
// package (packages/sqlite/dist): run `npm run build` first. Prints one JSON line with what it did.
//
//   node worker.mjs write DB ID COUNT BUSY_TIMEOUT_MS START_AT   own cassettes + compare-and-swap races on "shared"
//   node worker.mjs crash DB SIZE     writes a big cassette; stops (and waits to be killed) before COMMIT
//   node worker.mjs loop DB SIZE      writes big cassettes, generation after generation, until killed
//   node worker.mjs create DB         creates the database and writes one cassette (to be killed meanwhile)
import Database from 'better-sqlite3';
import { createSqliteStore } from '../../dist/index.js';

const [mode, path, ...args] = process.argv.slice(2);

function cassette(text, extra = []) {
  return {
    data: {
      interactions: [
        {
          request: { body: null, headers: { Accept: ['*/*'] }, method: 'GET', uri: 'https://example.com/a' },
          response: { body: { string: text }, headers: {}, status: { code: 200, message: 'OK' } },
        },
      ],
      tags: extra,
      version: 1,
    },
  };
}

if (mode === 'write') {
  const [id, count, busy, startAt] = args;
  const store = await createSqliteStore({ path, busyTimeoutMs: Number(busy) });
  // All workers start at the same moment, so that they really contend.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
  const result = { id, written: 0, wins: 0, conflicts: 0, errors: [] };
  for (let i = 0; i < Number(count); i += 1) {
    try {
      await store.put(`w${id}/c${String(i).padStart(3, '0')}`, cassette(`${id}:${i}`));
      result.written += 1;
    } catch (error) {
      result.errors.push(`${error.code ?? ''} ${error.message}`);
    }
    // Read, change, write back only if nobody else wrote in between.
    try {
      const current = await store.get('shared');
      const tags = current === null ? [] : current.cassette.data.tags;
      await store.put('shared', cassette('shared', [...tags, `${id}:${i}`]), {
        ifVersion: current?.version ?? null,
      });
      result.wins += 1;
    } catch (error) {
      if (error.code === 'CONFLICT') result.conflicts += 1;
      else result.errors.push(`${error.code ?? ''} ${error.message}`);
    }
  }
  await store.close();
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else if (mode === 'create') {
  process.stdout.write('starting\n');
  const store = await createSqliteStore({ path, create: true });
  await store.put('first', cassette('first'));
  await store.close();
  process.stdout.write('created\n');
} else if (mode === 'crash' || mode === 'loop') {
  const size = Number(args[0]);
  // Generation g of the big cassette: every interaction carries g, so a torn write would show.
  const big = (g) => {
    const interactions = [];
    for (let i = 0; i < size; i += 1) {
      interactions.push({
        request: {
          body: `g${g} request ${i} ${'x'.repeat(i % 97)}`,
          headers: {},
          method: 'POST',
          uri: `https://example.com/${i}`,
        },
        response: {
          body: { string: `g${g} response ${i} `.repeat(20) },
          headers: {},
          status: { code: 200, message: 'OK' },
        },
      });
    }
    return { data: { interactions, generation: g, version: 1 } };
  };
  if (mode === 'crash') {
    // Stop at the store's COMMIT, tell the parent, and wait to be killed.
    const exec = Database.prototype.exec;
    Database.prototype.exec = function (sql) {
      if (sql === 'COMMIT' && this.name === path) {
        process.stdout.write('in-transaction\n');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
      }
      return exec.call(this, sql);
    };
  }
  const store = await createSqliteStore({ path });
  for (let g = 1; ; g += 1) {
    await store.put('big', big(g));
    process.stdout.write(`committed ${g}\n`);
  }
}
