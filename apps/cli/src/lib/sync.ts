import {
  type Cassette,
  type CassetteEntry,
  type CassetteStore,
  contentDigest,
  createError,
  isCassetteError,
} from '@cassettekit/core';
import { forEachLimited } from '../util/pool.js';
import { mergeCassettes } from './merge.js';
import type { SyncState } from './sync-state.js';
import { writeVerified } from './write-verified.js';

export type SyncOutcome =
  | 'unchanged'
  | 'pushed'
  | 'pulled'
  | 'merged'
  | 'conflict'
  | 'remote newer'
  | 'local newer'
  | 'refused'
  | 'failed';

export interface SyncItem {
  readonly name: string;
  readonly outcome: SyncOutcome;
  readonly detail?: string;
}

export interface SyncOptions {
  readonly direction: 'push' | 'pull';
  readonly filter?: (name: string) => boolean;
  readonly concurrency?: number;
  /** Resolve conflicts by taking one side instead of keeping both (for unattended CI jobs). */
  readonly prefer?: 'local' | 'remote';
  /** A reason to refuse uploading a cassette (e.g. it holds a secret), or null. */
  readonly refuseUpload?: (name: string, cassette: Cassette) => string | null;
  readonly onItem?: (item: SyncItem) => void;
  /** Stops starting new cassettes (those in flight finish). */
  readonly signal?: AbortSignal;
}

/** Suffix of the copy of the remote version written beside a conflicting local cassette. */
export const CONFLICT_SUFFIX = '.remote';

/**
 * Push or pull between a working store and a shared remote. Per cassette: unchanged on both sides
 * since the last sync -> nothing read; changed on one side -> copied (with compare-and-swap, so a
 * concurrent writer is never overwritten); changed on both -> merged at interaction level, or, when
 * both changed the same interaction, a conflict: the remote version is written beside the local one
 * (`<name>.remote`) and nothing is overwritten.
 */
export interface SyncResult {
  readonly items: SyncItem[];
  /** True when a signal stopped the run before every cassette was handled. */
  readonly interrupted: boolean;
}

export async function syncStores(
  local: CassetteStore,
  remote: CassetteStore,
  state: SyncState,
  options: SyncOptions,
): Promise<SyncResult> {
  const [localEntries, remoteEntries] = await Promise.all([entriesOf(local), entriesOf(remote)]);
  const conflictCopies = new Set([...localEntries.keys()].filter((n) => n.endsWith(CONFLICT_SUFFIX)));
  const names = [...new Set([...localEntries.keys(), ...remoteEntries.keys()])]
    .filter((n) => !n.endsWith(CONFLICT_SUFFIX))
    .filter((n) => options.filter === undefined || options.filter(n))
    .sort();
  const items: SyncItem[] = [];
  await forEachLimited(
    names,
    options.concurrency ?? 4,
    async (name) => {
      let item: SyncItem;
      try {
        item = conflictCopies.has(`${name}${CONFLICT_SUFFIX}`)
          ? {
              name,
              outcome: 'conflict',
              detail: `unresolved: keep ${name} or its ${CONFLICT_SUFFIX} copy (copy it over ${name}), delete ${name}${CONFLICT_SUFFIX}, then run the command again`,
            }
          : await syncOne(
              name,
              localEntries.get(name),
              remoteEntries.get(name),
              local,
              remote,
              state,
              options,
            );
      } catch (error) {
        item = {
          name,
          outcome: isCassetteError(error, 'CONFLICT') ? 'conflict' : 'failed',
          detail: error instanceof Error ? error.message : String(error),
        };
      }
      items.push(item);
      options.onItem?.(item);
    },
    options.signal,
  );
  await state.save();
  return {
    items: items.sort((a, b) => (a.name < b.name ? -1 : 1)),
    interrupted: items.length < names.length || options.signal?.aborted === true,
  };
}

async function syncOne(
  name: string,
  l: CassetteEntry | undefined,
  r: CassetteEntry | undefined,
  local: CassetteStore,
  remote: CassetteStore,
  state: SyncState,
  options: SyncOptions,
): Promise<SyncItem> {
  const seen = state.entries.get(name);
  const push = options.direction === 'push';
  if (seen !== undefined && l?.version === seen.local && r?.version === seen.remote)
    return { name, outcome: 'unchanged' };

  if (l === undefined) {
    if (push || r === undefined) return { name, outcome: 'unchanged', detail: 'not in the working store' };
    const got = (await remote.get(name))!;
    const version = await writeVerified(local, name, got.cassette, null);
    await state.record(
      name,
      { local: version, remote: got.version, base: contentDigest(got.cassette.data) },
      got.cassette,
    );
    return { name, outcome: 'pulled' };
  }
  if (r === undefined) {
    if (!push) return { name, outcome: 'local newer', detail: 'not on the remote yet: push it' };
    const got = (await local.get(name))!;
    const refused = options.refuseUpload?.(name, got.cassette) ?? null;
    if (refused !== null) return { name, outcome: 'refused', detail: refused };
    const version = await writeVerified(remote, name, got.cassette, null);
    await state.record(
      name,
      { local: got.version, remote: version, base: contentDigest(got.cassette.data) },
      got.cassette,
    );
    return { name, outcome: 'pushed' };
  }

  const [lg, rg] = await Promise.all([local.get(name), remote.get(name)]);
  if (lg === null || rg === null) {
    throw createError('NOT_FOUND', 'it disappeared during the sync (deleted by someone else)', {
      store: (lg === null ? local : remote).url,
      cassette: name,
      hint: 'Run the command again',
    });
  }
  const ld = contentDigest(lg.cassette.data);
  const rd = contentDigest(rg.cassette.data);
  if (ld === rd) {
    await state.record(name, { local: lg.version, remote: rg.version, base: ld }, lg.cassette);
    return { name, outcome: 'unchanged' };
  }
  const localChanged = seen === undefined || ld !== seen.base;
  const remoteChanged = seen === undefined || rd !== seen.base;

  // Compare-and-swap against the version just read: a push racing another push loses, never clobbers.
  const upload = (cassette: Cassette): Promise<string> => writeVerified(remote, name, cassette, rg.version);
  const refuse = (cassette: Cassette): string | null => options.refuseUpload?.(name, cassette) ?? null;

  if (!remoteChanged) {
    if (!push) return { name, outcome: 'local newer', detail: 'changed locally: push it' };
    const refused = refuse(lg.cassette);
    if (refused !== null) return { name, outcome: 'refused', detail: refused };
    const version = await upload(lg.cassette);
    await state.record(name, { local: lg.version, remote: version, base: ld }, lg.cassette);
    return { name, outcome: 'pushed' };
  }
  if (!localChanged) {
    if (push) return { name, outcome: 'remote newer', detail: 'changed on the remote: pull it' };
    const version = await writeVerified(local, name, rg.cassette, lg.version);
    await state.record(name, { local: version, remote: rg.version, base: rd }, rg.cassette);
    return { name, outcome: 'pulled' };
  }

  // Changed on both sides since the last sync.
  if (options.prefer !== undefined)
    return takeSide(name, options.prefer, lg, rg, local, state, push, upload, refuse);
  const base = seen === undefined ? null : await state.base(seen.base);
  const merged = base === null ? null : mergeCassettes(base, lg.cassette, rg.cassette);
  if (merged?.ok === true) {
    const refused = push ? refuse(merged.cassette) : null;
    if (refused !== null) return { name, outcome: 'refused', detail: refused };
    const localVersion = await writeVerified(local, name, merged.cassette, lg.version);
    if (push) {
      const remoteVersion = await upload(merged.cassette);
      await state.record(
        name,
        { local: localVersion, remote: remoteVersion, base: contentDigest(merged.cassette.data) },
        merged.cassette,
      );
    } else {
      // The merge is local until pushed: the remote's content is the new base, and the local version is
      // left unknown so that the next push reads the merged cassette and uploads it.
      await state.record(name, { local: '', remote: rg.version, base: rd }, rg.cassette);
    }
    return { name, outcome: 'merged' };
  }
  await writeVerified(local, `${name}${CONFLICT_SUFFIX}`, rg.cassette, undefined);
  // The remote's version is now known here (beside the local one): once the user keeps one and
  // deletes the copy, the kept one is a plain local change against it and is pushed as such.
  await state.record(name, { local: '', remote: rg.version, base: rd }, rg.cassette);
  const why =
    merged === null
      ? 'no common version is known (first sync)'
      : `both changed ${merged.conflicts.join(', ')}`;
  return {
    name,
    outcome: 'conflict',
    detail: `${why}; the remote version is beside yours as ${name}${CONFLICT_SUFFIX}: keep one, delete the other, then push`,
  };
}

async function takeSide(
  name: string,
  prefer: 'local' | 'remote',
  lg: { cassette: Cassette; version: string },
  rg: { cassette: Cassette; version: string },
  local: CassetteStore,
  state: SyncState,
  push: boolean,
  upload: (c: Cassette) => Promise<string>,
  refuse: (c: Cassette) => string | null,
): Promise<SyncItem> {
  if (prefer === 'remote') {
    const version = await writeVerified(local, name, rg.cassette, lg.version);
    await state.record(
      name,
      { local: version, remote: rg.version, base: contentDigest(rg.cassette.data) },
      rg.cassette,
    );
    return { name, outcome: 'pulled', detail: 'took the remote version (--prefer remote)' };
  }
  if (!push) return { name, outcome: 'local newer', detail: 'kept the local version (--prefer local)' };
  const refused = refuse(lg.cassette);
  if (refused !== null) return { name, outcome: 'refused', detail: refused };
  const version = await upload(lg.cassette);
  await state.record(
    name,
    { local: lg.version, remote: version, base: contentDigest(lg.cassette.data) },
    lg.cassette,
  );
  return { name, outcome: 'pushed', detail: 'took the local version (--prefer local)' };
}

async function entriesOf(store: CassetteStore): Promise<Map<string, CassetteEntry>> {
  const out = new Map<string, CassetteEntry>();
  for await (const entry of store.list()) out.set(entry.name, entry);
  return out;
}
