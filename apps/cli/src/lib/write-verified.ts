import { type Cassette, type CassetteStore, contentDigest, createError } from '@cassettekit/core';

/**
 * The one way the CLI writes a cassette into a store: compare-and-swap against the version it read
 * (`null` = must not exist yet, `undefined` = unconditional), then read it back and check the digest.
 * Returns the new version.
 */
export async function writeVerified(
  store: CassetteStore,
  name: string,
  cassette: Cassette,
  ifVersion: string | null | undefined,
): Promise<string> {
  const { version } = await store.put(name, cassette, ifVersion === undefined ? {} : { ifVersion });
  const back = await store.get(name);
  if (back === null || contentDigest(back.cassette.data) !== contentDigest(cassette.data)) {
    throw createError('VERIFICATION_FAILED', `it does not read back as written (version ${version})`, {
      store: store.url,
      cassette: name,
      hint: 'Run the command again; if it fails again, check the store with "cassette verify"',
    });
  }
  // The version read back, not the one put answered: they differ only when someone wrote in between.
  return back.version;
}
