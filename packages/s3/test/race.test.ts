import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { interactionsOf, type ValueMap } from '@cassettekit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBucket, endpoint, openStore, plainClient, s3Backdoor } from './helpers.js';

const WRITERS = 8;
const ROUNDS = Number(process.env.CASSETTE_RACE_ROUNDS ?? 6);
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const src = fileURLToPath(new URL('../src/', import.meta.url));
const racer = fileURLToPath(new URL('./fixtures/racer.mjs', import.meta.url));

interface Reply {
  round: number;
  id: number;
  ok: boolean;
  version?: string;
  code?: string;
  message?: string;
}

class Racer {
  private readonly waiting: ((reply: Reply) => void)[] = [];
  readonly ready: Promise<void>;
  constructor(readonly child: ChildProcessWithoutNullStreams) {
    let markReady!: () => void;
    this.ready = new Promise((r) => {
      markReady = r;
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => {
      if (code !== 0 && code !== null)
        for (const w of this.waiting.splice(0)) w({ round: -1, id: -1, ok: false, message: stderr });
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as Reply | { ready: number };
      if ('ready' in message) markReady();
      else this.waiting.shift()?.(message);
    });
  }
  write(round: number, ifVersion: string | null, text: string): Promise<Reply> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write(`${JSON.stringify({ round, ifVersion, text })}\n`);
    });
  }
}

describe('processes racing for one cassette', () => {
  const client = plainClient();
  let bucket: string;
  const racers: Racer[] = [];

  beforeAll(async () => {
    // The racers import the built package: refuse to test a stale build.
    const built = existsSync(dist) ? statSync(dist).mtimeMs : 0;
    const newest = Math.max(...readdirSync(src).map((f) => statSync(`${src}${f}`).mtimeMs));
    if (built === 0 || built < newest) {
      throw new Error(
        'packages/s3/dist is missing or older than src: run `npx tsc -p packages/s3/tsconfig.build.json`',
      );
    }
    bucket = await createBucket(client, 'race');
    for (let id = 0; id < WRITERS; id += 1) {
      const config = JSON.stringify({
        endpoint: endpoint(),
        bucket,
        prefix: 'race',
        name: 'shared/cassette',
        id,
      });
      const child = spawn(process.execPath, [racer, config], {
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      });
      racers.push(new Racer(child));
    }
    await Promise.all(racers.map((r) => r.ready));
  }, 60_000);

  afterAll(() => {
    for (const r of racers) r.child.kill();
    client.destroy();
  });

  it(`exactly one of ${WRITERS} processes wins each round, the rest get CONFLICT, nothing is lost`, async () => {
    const store = await openStore({ bucket, prefix: 'race' });
    const backdoor = s3Backdoor(client, store);
    const history: string[] = [];
    try {
      let version: string | null = null;
      for (let round = 0; round < ROUNDS; round += 1) {
        const replies = await Promise.all(
          racers.map((r, id) => r.write(round, version, `round-${round}-writer-${id}`)),
        );
        const winners = replies.filter((r) => r.ok);
        const losers = replies.filter((r) => !r.ok);
        expect(winners, `round ${round}: ${JSON.stringify(replies)}`).toHaveLength(1);
        expect(
          losers.map((l) => l.code),
          `round ${round}: ${JSON.stringify(losers)}`,
        ).toEqual(Array(WRITERS - 1).fill('CONFLICT'));
        const winner = winners[0]!;
        // The stored object is the winner's write, under the version the winner was given.
        const stored = await store.get('shared/cassette');
        expect(stored?.version, `round ${round}: ${JSON.stringify(replies)}`).toBe(winner.version);
        const body = interactionsOf((await backdoor.read('shared/cassette'))!)[0]!.response.body as ValueMap;
        expect(body.string).toBe(`round-${round}-writer-${winner.id}`);
        history.push(String(body.string));
        version = winner.version!;
      }
      // Every round built on the previous winner's version: no write was lost or overwritten blindly.
      expect(history).toHaveLength(ROUNDS);
      expect(await backdoor.names()).toEqual(['shared/cassette']);
    } finally {
      await store.close();
    }
  }, 120_000);
});
