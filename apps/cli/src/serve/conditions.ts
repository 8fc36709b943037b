import type { IncomingHttpHeaders } from 'node:http';
import { HttpError } from './errors.js';

/** What a write asked for with `If-Match` / `If-None-Match`. */
export type Precondition =
  | { readonly kind: 'none' }
  | { readonly kind: 'absent' }
  | { readonly kind: 'exists' }
  | { readonly kind: 'version'; readonly version: string };

/** `"v"` (or `W/"v"`) -> `v`. */
export function etagValue(tag: string): string {
  const trimmed = tag.trim().replace(/^W\//, '');
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1)
    : trimmed;
}

export function etagOf(version: string): string {
  return `"${version}"`;
}

export function preconditionOf(headers: IncomingHttpHeaders): Precondition {
  const ifMatch = headers['if-match'];
  const ifNoneMatch = headers['if-none-match'];
  if (ifMatch !== undefined && ifNoneMatch !== undefined) {
    throw new HttpError(400, 'UNSUPPORTED', '[cassette] send If-Match or If-None-Match, not both');
  }
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() !== '*') {
      throw new HttpError(
        400,
        'UNSUPPORTED',
        '[cassette] a write takes If-None-Match: * (create only); use If-Match: "<version>" to replace one version',
      );
    }
    return { kind: 'absent' };
  }
  if (ifMatch === undefined) return { kind: 'none' };
  if (ifMatch.trim() === '*') return { kind: 'exists' };
  if (ifMatch.includes(',')) {
    throw new HttpError(400, 'UNSUPPORTED', '[cassette] If-Match takes one version: If-Match: "<version>"');
  }
  return { kind: 'version', version: etagValue(ifMatch) };
}
