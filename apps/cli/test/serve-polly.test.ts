import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, type ServeProcess, startServe } from './serve-process.js';

const TOKEN = 'serve-polly-token';
let dir: string;
let served: ServeProcess;
let call: ReturnType<typeof client>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cassette-serve-polly-'));
  served = await startServe([`polly:${dir}/recordings`, '--token', TOKEN]);
  call = client(served.url, TOKEN);
});
afterAll(async () => {
  expect(await served.stop()).toBe(0);
  await rm(dir, { recursive: true, force: true });
});

describe('POST /polly/<id> with a document that is no HAR', () => {
  for (const [what, body] of [
    ['{"log":{}}', '{"log":{}}'],
    ['{"log":{"entries":{}}}', '{"log":{"entries":{}}}'],
    ['{}', '{}'],
    ['[]', '[]'],
  ] as const) {
    it(`${what}: 422 saying what a HAR recording needs, nothing of vcrpy; nothing written`, async () => {
      const response = await call('/polly/abc123', { method: 'POST', body });
      expect(response.status).toBe(422);
      const answer = (await response.json()) as { code: string; message: string };
      expect(answer.code).toBe('INVALID_CASSETTE');
      expect(answer.message).toContain('abc123: ');
      expect(answer.message).toContain('a Polly recording is a HAR document');
      expect(answer.message).toContain('"log"');
      expect(answer.message).toContain('"entries"');
      expect(answer.message).not.toMatch(/vcrpy|"interactions"/);
      expect(await readdir(join(dir, 'recordings')).catch(() => [])).toEqual([]);
    });
  }
});
