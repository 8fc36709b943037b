import { isValueMap, type Value } from '@cassettekit/core';

/**
 * The recording tool whose format `document` is, when it is not vcrpy's: the one place that tells
 * other tools' cassettes from documents that are no cassette at all. Dialects that gain a reader
 * are decoded by it instead of being reported here.
 */
export function otherToolOf(document: unknown): string | null {
  const value = document as Value;
  if (Array.isArray(value)) {
    return value.length > 0 && value.every(isNockDefinition) ? 'nock' : null;
  }
  if (!isValueMap(value)) return null;
  if (Array.isArray(value.http_interactions)) {
    const recordedWith = value.recorded_with;
    return typeof recordedWith === 'string' && /betamax/i.test(recordedWith) ? 'Betamax' : 'Ruby VCR';
  }
  const log = value.log;
  if (isValueMap(log) && Array.isArray(log.entries)) return 'a HAR recorder (Polly.js)';
  return null;
}

/** A nock.back / nock.recorder definition: `{scope, method, path, status, ...}`. */
function isNockDefinition(item: Value): boolean {
  return isValueMap(item) && typeof item.scope === 'string' && typeof item.method === 'string';
}
