import { type Cassette, type CassetteStore, contentDigest, createError } from '@cassettekit/core';

/** The digest of what `store` holds once `cassette` is put there under `name`. */
export function storedDigest(store: CassetteStore, name: string, cassette: Cassette): string {
  return contentDigest((store.asStored?.(name, cassette) ?? cassette).data);
}

/**
 * The one way the CLI writes a cassette into a store: compare-and-swap against the version it read
 * (`null` = must not exist yet, `undefined` = unconditional), then read it back and check the digest
 * against what the store says it keeps of it. A write that does not read back is undone — the
 * cassette deleted again, or `previous` (what it replaced, when known) put back — so a failed copy
 * leaves the store as it was. Returns the new version.
 */
export async function writeVerified(
  store: CassetteStore,
  name: string,
  cassette: Cassette,
  ifVersion: string | null | undefined,
  previous?: Cassette,
): Promise<string> {
  const { version } = await store.put(name, cassette, ifVersion === undefined ? {} : { ifVersion });
  const replaced = ifVersion === null ? null : previous;
  let back: Awaited<ReturnType<CassetteStore['get']>>;
  try {
    back = await store.get(name);
  } catch (error) {
    // Written but unreadable (the store cannot decode what it wrote): not left behind either.
    await undo(store, name, version, replaced);
    throw error;
  }
  if (back === null || contentDigest(back.cassette.data) !== storedDigest(store, name, cassette)) {
    const undone = await undo(store, name, version, replaced);
    throw createError(
      'VERIFICATION_FAILED',
      `it does not read back as written (version ${version}); ${undone ? 'the write was undone' : 'the written version was left in place'}`,
      {
        store: store.url,
        cassette: name,
        hint: 'Run the command again; if it fails again, check the store with "cassette verify"',
      },
    );
  }
  // The version read back, not the one put answered: they differ only when someone wrote in between.
  return back.version;
}

/**
 * Takes back the write of `version` (only if it is still the stored one): deletes a new cassette, or
 * puts back the one it replaced. False when that is not known or not possible.
 */
async function undo(
  store: CassetteStore,
  name: string,
  version: string,
  previous: Cassette | null | undefined,
): Promise<boolean> {
  try {
    if (previous === null) return await store.delete(name, { ifVersion: version });
    if (previous === undefined) return false;
    await store.put(name, previous, { ifVersion: version });
    return true;
  } catch {
    return false;
  }
}
