import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CassetteStore, interactionsOf, type ValueMap } from '@cassettekit/core';
import { yamlCodec } from '@cassettekit/formats';
import { createFileStore } from '@cassettekit/yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO, runCli } from './run-cli.js';

const EXAMPLES = join(REPO, 'examples', 'cassettes');
const NAME = 'agents/test_agent_step_callback';
let dir: string;
let remote: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cassette-sync-'));
  remote = `yaml:${join(dir, 'remote')}`;
  expect((await runCli(['migrate', `yaml:${EXAMPLES}`, remote])).code).toBe(0);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A clone: its own working folder and its own sync state, as on a developer's machine. */
async function clone(
  label: string,
): Promise<{ cwd: string; store: CassetteStore; run: (...args: string[]) => ReturnType<typeof runCli> }> {
  const cwd = join(dir, label);
  await mkdir(cwd, { recursive: true });
  const run = (...args: string[]) => runCli(args, { cwd });
  const pulled = await run('pull', remote, 'yaml:cassettes');
  expect(pulled.code, pulled.stderr + pulled.stdout).toBe(0);
  return { cwd, store: createFileStore({ dir: join(cwd, 'cassettes'), codec: yamlCodec() }), run };
}

/** Re-records one interaction: its response body becomes `text`. */
async function rerecord(store: CassetteStore, index: number, text: string): Promise<void> {
  const got = (await store.get(NAME))!;
  const interaction = interactionsOf(got.cassette.data)[index]!;
  (interaction.response.body as ValueMap).string = text;
  await store.put(NAME, got.cassette);
}

async function bodies(store: CassetteStore): Promise<unknown[]> {
  const got = (await store.get(NAME))!;
  return interactionsOf(got.cassette.data).map((i) => (i.response.body as ValueMap).string);
}

describe('cassette push / pull between clones', () => {
  it('pulls everything into an empty working store, then finds nothing to do', async () => {
    const a = await clone('a');
    const again = await a.run('pull', remote, 'yaml:cassettes');
    expect(again.stdout).toContain('9 unchanged');
    const push = await a.run('push', 'yaml:cassettes', remote);
    expect(push.code).toBe(0);
    expect(push.stdout).toContain('9 unchanged');
  });

  it('merges two clones that changed different interactions of one cassette', async () => {
    const a = await clone('a');
    const b = await clone('b');
    await rerecord(a.store, 0, 'from A');
    expect((await a.run('push', 'yaml:cassettes', remote)).stdout).toMatch(
      /^pushed +agents\/test_agent_step_callback/m,
    );
    await rerecord(b.store, 1, 'from B');
    const pushB = await b.run('push', 'yaml:cassettes', remote);
    expect(pushB.code, pushB.stdout).toBe(0);
    expect(pushB.stdout).toMatch(/^merged +agents\/test_agent_step_callback/m);
    const pullA = await a.run('pull', remote, 'yaml:cassettes');
    expect(pullA.code).toBe(0);
    for (const store of [
      a.store,
      b.store,
      createFileStore({ dir: join(dir, 'remote'), codec: yamlCodec() }),
    ]) {
      const [first, second] = await bodies(store);
      expect([first, second]).toEqual(['from A', 'from B']);
    }
  });

  it('a merge made by pull is pushed by the next push', async () => {
    const a = await clone('a');
    const b = await clone('b');
    await rerecord(a.store, 0, 'from A');
    await a.run('push', 'yaml:cassettes', remote);
    await rerecord(b.store, 1, 'from B');
    expect((await b.run('pull', remote, 'yaml:cassettes')).stdout).toMatch(
      /^merged +agents\/test_agent_step_callback/m,
    );
    const push = await b.run('push', 'yaml:cassettes', remote);
    expect(push.code, push.stdout).toBe(0);
    expect(push.stdout).toMatch(/^pushed +agents\/test_agent_step_callback/m);
    const [first, second] = await bodies(createFileStore({ dir: join(dir, 'remote'), codec: yamlCodec() }));
    expect([first, second]).toEqual(['from A', 'from B']);
  });

  it('reports a conflict when both changed the same interaction, keeps both versions, exits 1', async () => {
    const a = await clone('a');
    const b = await clone('b');
    await rerecord(a.store, 0, 'A recorded this');
    expect((await a.run('push', 'yaml:cassettes', remote)).code).toBe(0);
    await rerecord(b.store, 0, 'B recorded this');
    const pushB = await b.run('push', 'yaml:cassettes', remote);
    expect(pushB.code).toBe(1);
    expect(pushB.stdout).toMatch(/^conflict +agents\/test_agent_step_callback .*interaction 1/m);
    expect(pushB.stdout).toContain(`${NAME}.remote`);
    expect((await bodies(b.store))[0]).toBe('B recorded this');
    expect(existsSync(join(b.cwd, 'cassettes', `${NAME}.remote.yaml`))).toBe(true);
    const theirs = createFileStore({ dir: join(b.cwd, 'cassettes'), codec: yamlCodec() });
    expect(
      (interactionsOf((await theirs.get(`${NAME}.remote`))!.cassette.data)[0]!.response.body as ValueMap)
        .string,
    ).toBe('A recorded this');
    const onRemote = await bodies(createFileStore({ dir: join(dir, 'remote'), codec: yamlCodec() }));
    expect(onRemote[0]).toBe('A recorded this');
  });

  it('pull takes a newer remote cassette when the local one is unchanged', async () => {
    const a = await clone('a');
    const b = await clone('b');
    await rerecord(a.store, 2, 'newer');
    await a.run('push', 'yaml:cassettes', remote);
    const pull = await b.run('pull', remote, 'yaml:cassettes');
    expect(pull.stdout).toMatch(/^pulled +agents\/test_agent_step_callback/m);
    expect((await bodies(b.store))[2]).toBe('newer');
  });

  it('uses the configured store and remote when none is given', async () => {
    const a = await clone('a');
    expect((await a.run('init', '--store', 'yaml:cassettes', '--remote', `ci=${remote}`)).code).toBe(0);
    await rerecord(a.store, 0, 'configured');
    const push = await a.run('push');
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toContain('1 pushed');
    const noStore = await runCli(['ls'], { cwd: dir });
    expect(noStore.code).toBe(2);
    expect(noStore.stderr).toContain('cassette init');
  });
});

describe('cassette push and secrets', () => {
  it('refuses to upload a cassette in which scan finds a credential, unless --allow-secrets', async () => {
    const a = await clone('a');
    const got = (await a.store.get(NAME))!;
    const request = interactionsOf(got.cassette.data)[0]!.request;
    (request.headers as ValueMap).authorization = [
      `Bearer sk-proj-${'Ab3dE5gH7jK9mN1pQ3sT5vX7zB9cD1fG3hJ5kL7'}`,
    ];
    await a.store.put(NAME, got.cassette);
    const refused = await a.run('push', 'yaml:cassettes', remote);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(
      /^refused +agents\/test_agent_step_callback .*refusing to upload: 1 secret/m,
    );
    expect(refused.stdout).not.toContain('Ab3dE5gH7jK9mN1pQ3sT5vX7zB9cD1fG3hJ5kL7');
    const onRemote = createFileStore({ dir: join(dir, 'remote'), codec: yamlCodec() });
    const remoteRequest = interactionsOf((await onRemote.get(NAME))!.cassette.data)[0]!.request;
    expect((remoteRequest.headers as ValueMap).authorization).toEqual(['AUTHORIZATION-XXX']);
    const allowed = await a.run('push', 'yaml:cassettes', remote, '--allow-secrets');
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('1 pushed');
  });
});

describe('resolving a conflict', () => {
  it('stays a conflict while the .remote copy exists; keeping yours and deleting it pushes yours', async () => {
    const a = await clone('a');
    const b = await clone('b');
    await rerecord(a.store, 0, 'A recorded this');
    await a.run('push', 'yaml:cassettes', remote);
    await rerecord(b.store, 0, 'B recorded this');
    expect((await b.run('push', 'yaml:cassettes', remote)).code).toBe(1);
    const again = await b.run('push', 'yaml:cassettes', remote);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/^conflict +agents\/test_agent_step_callback +unresolved/m);
    // B keeps its own recording and deletes the remote's copy.
    await b.store.delete(`${NAME}.remote`);
    const resolved = await b.run('push', 'yaml:cassettes', remote);
    expect(resolved.code, resolved.stdout).toBe(0);
    expect(resolved.stdout).toMatch(/^pushed +agents\/test_agent_step_callback/m);
    expect((await bodies(createFileStore({ dir: join(dir, 'remote'), codec: yamlCodec() })))[0]).toBe(
      'B recorded this',
    );
  });

  it('taking the remote version: copy it over yours, delete the copy, and nothing needs pushing', async () => {
    const a = await clone('a');
    const b = await clone('b');
    await rerecord(a.store, 0, 'A recorded this');
    await a.run('push', 'yaml:cassettes', remote);
    await rerecord(b.store, 0, 'B recorded this');
    expect((await b.run('pull', remote, 'yaml:cassettes')).code).toBe(1);
    const theirs = (await b.store.get(`${NAME}.remote`))!;
    await b.store.put(NAME, theirs.cassette);
    await b.store.delete(`${NAME}.remote`);
    const push = await b.run('push', 'yaml:cassettes', remote);
    expect(push.code).toBe(0);
    expect(push.stdout).not.toMatch(/^pushed/m);
  });
});
