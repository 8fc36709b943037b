import type { CassetteStore } from '@cassettekit/core';
import { savedStates } from './sync-state.js';

/**
 * Why removing a cassette would lose work: it changed since it was last pushed to or pulled from a
 * remote (the version the sync state remembers is not the one in the store now). Null when the sync
 * state has it as it is, or never saw it.
 */
export type UnsyncedCheck = (name: string, version: string) => string | null;

export async function unsyncedCheck(
  store: CassetteStore,
  stateFolder: string,
  remoteLabel: (url: string) => string,
): Promise<UnsyncedCheck> {
  const states = await savedStates(stateFolder, store.url);
  return (name, version) => {
    for (const state of states) {
      const seen = state.entries.get(name);
      if (seen !== undefined && seen.local !== version)
        return `changed since the last sync with ${remoteLabel(state.remote)}`;
    }
    return null;
  };
}
