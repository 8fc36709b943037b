import type { SkippedEntry } from '@cassettekit/core';
import { printableLine } from './printable.js';

/** Tells the user, on stderr, what a listing passed over (`ListOptions.onSkip`): never silently. */
export function reportSkipped(skipped: SkippedEntry): void {
  process.stderr.write(`skipped ${printableLine(skipped.location)}: ${skipped.reason}\n`);
}
