import type { SkippedEntry } from '@cassettekit/core';
import { printableLine } from './printable.js';

/**
 * What a listing passed over, collected so a command names it (stderr, `--json`) instead of dropping
 * it silently: keys that are no cassette name, links that leave a folder store.
 */
export function collectSkipped(): { readonly entries: SkippedEntry[]; onSkip(entry: SkippedEntry): void } {
  const entries: SkippedEntry[] = [];
  return { entries, onSkip: (entry) => void entries.push(entry) };
}

/** One line for stderr: `skipped in s3://b/c/: c/../x.yaml ("../x" is not a valid cassette name ...)`. */
export function formatSkipped(store: string, entry: SkippedEntry): string {
  // A key holding a newline must not look like two lines.
  return `skipped in ${store}: ${printableLine(entry.location)} (${entry.reason})`;
}
