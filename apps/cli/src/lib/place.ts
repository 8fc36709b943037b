import {
  type Cassette,
  type CassetteStore,
  contentDigest,
  createError,
  isCassetteError,
} from '@cassettekit/core';
import { storedDigest, writeVerified } from './write-verified.js';

/** What became of a cassette put where another may already be. */
export type Placement = 'copied' | 'unchanged' | 'would copy';

/**
 * Puts `cassette` under `name` in `target` as migrate and convert do: what the target already holds
 * equal to it is left as it is ('unchanged'); a different one is kept and a CONFLICT thrown unless
 * `overwrite` (it may be someone's edits or newer recording); an unreadable one is replaced only with
 * `overwrite`. `from` is the source store's URL, for the hint.
 */
export async function placeCassette(
  from: string,
  target: CassetteStore,
  name: string,
  cassette: Cassette,
  options: { readonly overwrite?: boolean; readonly dryRun?: boolean },
): Promise<Placement> {
  // What the target keeps of it (a polly: folder renames the recording): equal to it is unchanged.
  const digest = storedDigest(target, name, cassette);
  const existing = await target.get(name).catch((error: unknown) => {
    if (isCassetteError(error, 'INVALID_CASSETTE') && options.overwrite === true) return 'broken' as const;
    throw error;
  });
  if (existing !== null && existing !== 'broken' && contentDigest(existing.cassette.data) === digest)
    return 'unchanged';
  if (existing !== null && existing !== 'broken' && options.overwrite !== true) {
    throw createError('CONFLICT', `the destination holds a different version of this cassette`, {
      store: target.url,
      cassette: name,
      hint: `Compare them with "cassette diff ${from} ${target.url} ${name}", then pass --overwrite to replace it with the source's`,
    });
  }
  if (options.dryRun === true) return 'would copy';
  // Compare-and-swap against what was just read: a cassette changed meanwhile is a conflict.
  await writeVerified(
    target,
    name,
    cassette,
    existing === null ? null : existing === 'broken' ? undefined : existing.version,
    existing === null || existing === 'broken' ? undefined : existing.cassette,
  );
  return 'copied';
}
