import { createError } from '../errors/errors.js';

/** Longest name accepted, in UTF-8 bytes (room for a folder prefix within common path limits). */
export const MAX_NAME_BYTES = 1024;
/** Longest segment, in UTF-8 bytes: file systems cap a file name at 255, and stores add an extension. */
export const MAX_SEGMENT_BYTES = 200;

/**
 * Checks a cassette name: a relative, `/`-separated path without extension
 * (`agents/test_agent_execution`). Refused here, once, for every store: empty names and segments,
 * `.` and `..` (and any segment starting with `.`, where stores keep their own files), absolute
 * paths, backslashes, NUL and other control characters, over-long names.
 * No backend can then be walked out of its folder, bucket prefix or table.
 */
export function assertValidName(name: string, store?: string): void {
  const problem = nameProblem(name);
  if (problem !== null) {
    throw createError('INVALID_NAME', `invalid cassette name ${JSON.stringify(name)}: ${problem}`, {
      store,
      hint: 'Names are relative paths like "agents/test_run", made of non-empty segments separated by "/"',
    });
  }
}

export function isValidName(name: string): boolean {
  return nameProblem(name) === null;
}

/** What makes `name` no valid cassette name ("it has an empty segment"), or null when it is valid. */
export function nameProblem(name: string): string | null {
  if (typeof name !== 'string' || name.length === 0) return 'it is empty';
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) return `it is longer than ${MAX_NAME_BYTES} bytes`;
  if (name.startsWith('/')) return 'it is an absolute path';
  if (name.includes('\\')) return 'it contains a backslash';
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'it contains a control character';
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(name)) {
    return 'it contains a lone surrogate';
  }
  for (const segment of name.split('/')) {
    if (segment === '') return 'it has an empty segment';
    if (segment === '.' || segment === '..') return `it has a "${segment}" segment`;
    // Stores keep their own files beside cassettes under dot-names (temp files, locks, metadata).
    if (segment.startsWith('.')) return `a segment starts with "." (${JSON.stringify(segment)})`;
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES)
      return `a segment is longer than ${MAX_SEGMENT_BYTES} bytes`;
  }
  return null;
}

/** True when `name` is `prefix` itself or lies under it (`prefix` "agents" matches "agents/x"). */
export function nameHasPrefix(name: string, prefix: string | undefined): boolean {
  return prefix === undefined || prefix === '' || name.startsWith(prefix);
}
