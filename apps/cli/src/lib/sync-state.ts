import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  type Cassette,
  type CassetteData,
  fromTaggedJson,
  type TaggedJson,
  toTaggedJson,
} from '@cassettekit/core';
import { writeFileAtomic } from '@cassettekit/yaml';

/** What push/pull last saw of one cassette on each side, and the content both agreed on then. */
export interface SyncEntry {
  readonly local: string;
  readonly remote: string;
  /** Digest of the last common content (the merge base), kept in the bases folder. */
  readonly base: string;
}

/**
 * The state file of one (local, remote) pair, under `.cassette/sync/` in the project: versions last
 * seen on each side, and the merge bases (gzipped tagged JSON, by digest). With it, unchanged
 * cassettes cost one listing and no reads, and a cassette changed on both sides can be merged.
 */
export interface SyncState {
  readonly entries: Map<string, SyncEntry>;
  base(digest: string): Promise<Cassette | null>;
  record(name: string, entry: SyncEntry, base: Cassette): Promise<void>;
  save(): Promise<void>;
}

export async function openSyncState(folder: string, localUrl: string, remoteUrl: string): Promise<SyncState> {
  const id = createHash('sha256').update(`${localUrl}\n${remoteUrl}`).digest('hex').slice(0, 16);
  const file = join(folder, `${id}.json`);
  const bases = join(folder, 'bases');
  const entries = new Map<string, SyncEntry>();
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as { entries: Record<string, SyncEntry> };
    for (const [name, entry] of Object.entries(saved.entries)) entries.set(name, entry);
  } catch {
    // No state yet: every cassette is compared by content once.
  }
  return {
    entries,
    async base(digest) {
      try {
        const raw = gunzipSync(await readFile(join(bases, `${digest.replace(':', '-')}.json.gz`)));
        return { data: fromTaggedJson(JSON.parse(raw.toString('utf8')) as TaggedJson) as CassetteData };
      } catch {
        return null;
      }
    },
    async record(name, entry, base) {
      entries.set(name, entry);
      await mkdir(bases, { recursive: true });
      const path = join(bases, `${entry.base.replace(':', '-')}.json.gz`);
      await writeFileAtomic(path, gzipSync(JSON.stringify(toTaggedJson(base.data))));
    },
    async save() {
      const sorted = Object.fromEntries([...entries.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
      await writeFileAtomic(
        file,
        `${JSON.stringify({ local: localUrl, remote: remoteUrl, entries: sorted }, null, 2)}\n`,
      );
    },
  };
}

/** The sync states of one working store (one per remote it was synced with), as saved. */
export async function savedStates(
  folder: string,
  localUrl: string,
): Promise<{ remote: string; entries: Map<string, SyncEntry> }[]> {
  const files = await readdir(folder).catch(() => [] as string[]);
  const out = [];
  for (const file of files.filter((f) => f.endsWith('.json')).sort()) {
    try {
      const saved = JSON.parse(await readFile(join(folder, file), 'utf8')) as {
        local?: string;
        remote?: string;
        entries?: Record<string, SyncEntry>;
      };
      if (saved.local === localUrl && typeof saved.remote === 'string')
        out.push({ remote: saved.remote, entries: new Map(Object.entries(saved.entries ?? {})) });
    } catch {
      // Not a state file (or a damaged one): it protects nothing.
    }
  }
  return out;
}
