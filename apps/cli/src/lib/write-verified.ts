import { type Cassette, type CassetteStore, contentDigest } from '@cassettekit/core';

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
    throw new Error(
      `verification failed: ${name} in ${store.url} does not read back as written; run the command again`,
    );
  }
  return back.version === version ? version : back.version;
}
