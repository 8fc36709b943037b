import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStoreRegistry, interactionViews, type SkippedEntry } from '@cassettekit/core';
import { codecFor } from '@cassettekit/formats';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pollyDriver, recordingId } from '../src/index.js';

const RECORDINGS = fileURLToPath(new URL('../../../fixtures/corpus/pollyjs-har', import.meta.url));
const VCRPY = fileURLToPath(
  new URL(
    '../../../fixtures/corpus/vcrpy/kevin1024__vcrpy/tests__integration__cassettes__gzip_requests.yaml',
    import.meta.url,
  ),
);

interface Recording {
  readonly name: string;
  readonly text: string;
}

/** The real recordings; their corpus file names are the paths persister-fs wrote, `/` as `__`. */
async function recordings(): Promise<Recording[]> {
  const out: Recording[] = [];
  for (const repo of (await readdir(RECORDINGS)).sort()) {
    for (const file of (await readdir(join(RECORDINGS, repo))).sort()) {
      const text = await readFile(join(RECORDINGS, repo, file), 'utf8');
      const name = (JSON.parse(text) as { log: { _recordingName: string } }).log._recordingName;
      expect(file.endsWith(`${recordingId(name).replaceAll('/', '__')}__recording.har`), file).toBe(true);
      out.push({ name, text });
    }
  }
  return out;
}

let dir: string;
const registry = createStoreRegistry([pollyDriver]);
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cassette-polly-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('polly:DIR, the persister-fs layout', () => {
  it("computes Polly's recording ids: every real recording's path, slug and hash", async () => {
    expect((await recordings()).length).toBeGreaterThan(30);
    expect(recordingId('Model Lab API/Download artifact content returns "OK" response')).toBe(
      'Model-Lab-API_3947857621/Download-artifact-content-returns-OK-response_1539748302',
    );
  });

  it('lists recordings by recording name and reads and writes them back byte for byte, in place', async () => {
    const all = await recordings();
    for (const r of all) {
      const path = join(dir, ...recordingId(r.name).split('/'), 'recording.har');
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, r.text);
    }
    const store = await registry.open(`polly:${dir}`);
    const names: string[] = [];
    for await (const entry of store.list()) names.push(entry.name);
    expect(names).toEqual(all.map((r) => r.name).sort());
    for (const r of all) {
      const got = await store.get(r.name);
      expect(got).not.toBeNull();
      await store.put(r.name, got!.cassette, { ifVersion: got!.version });
      const path = join(dir, ...recordingId(r.name).split('/'), 'recording.har');
      expect((await readFile(path, 'utf8')) === r.text, r.name).toBe(true);
    }
    await store.close();
  });

  it("writes another tool's cassette as the HAR persister-fs writes: sorted keys, 2 spaces, named by the recording", async () => {
    const store = await registry.open(`polly:${dir}`, { create: true });
    const vcrpy = codecFor('yaml').decode(await readFile(VCRPY, 'utf8'));
    await store.put('suite/gzip test', vcrpy);
    const path = join(dir, recordingId('suite/gzip test'), 'recording.har');
    const text = await readFile(path, 'utf8');
    const har = JSON.parse(text);
    expect(har.log._recordingName).toBe('suite/gzip test');
    expect(har.log.creator.name).toBe('Polly.JS');
    expect(text.startsWith('{\n  "log": {\n    "_recordingName": "suite/gzip test",\n')).toBe(true);
    expect(text.endsWith('\n}')).toBe(true);
    const back = await store.get('suite/gzip test');
    const view = interactionViews(back!.cassette.data)[0]!;
    expect([view.method, view.uri, view.status.code]).toEqual(['GET', 'https://httpbin.org/gzip', 200]);
    expect(view.responseBody).toEqual(interactionViews(vcrpy.data)[0]!.responseBody);
    await store.close();
  });

  it('passes over, and names, a recording.har that is not where its recording name puts it', async () => {
    await mkdir(join(dir, 'moved'), { recursive: true });
    await writeFile(
      join(dir, 'moved', 'recording.har'),
      JSON.stringify({ log: { _recordingName: 'x', entries: [] } }),
    );
    const store = await registry.open(`polly:${dir}`);
    const skipped: SkippedEntry[] = [];
    const names: string[] = [];
    for await (const entry of store.list({ onSkip: (s) => skipped.push(s) })) names.push(entry.name);
    expect(names).toEqual([]);
    expect(skipped).toEqual([
      { location: 'moved/recording.har', reason: expect.stringMatching(/belongs in x_\d+\//) },
    ]);
    await store.close();
  });
});
