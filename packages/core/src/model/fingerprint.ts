import { createHash } from 'node:crypto';
import type { Body } from './view.js';

export interface FingerprintInput {
  method: string;
  uri: string;
  body: Body;
}

/**
 * The request fingerprint every backend computes the same way: method (upper-cased), the normalised
 * URI and a hash of the body bytes. It identifies *what was asked*, not *which interaction*: the same
 * request can be recorded many times in one cassette, so lookups also need the cassette and the order.
 */
export function requestFingerprint(request: FingerprintInput): string {
  const hash = createHash('sha256');
  hash.update(request.method.toUpperCase());
  hash.update('\n');
  hash.update(normalizeUri(request.uri));
  hash.update('\n');
  if (request.body === null) hash.update('-');
  else
    hash.update(
      typeof request.body === 'string' ? `t${request.body}` : Buffer.concat([Buffer.from('b'), request.body]),
    );
  return hash.digest('hex').slice(0, 32);
}

/**
 * Lower-cases scheme and host, drops default ports and the fragment, sorts query parameters (stable
 * for equal names). A URI that does not parse is used as it is.
 */
export function normalizeUri(uri: string): string {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return uri;
  }
  url.hash = '';
  url.searchParams.sort();
  return url.toString();
}
