import { createHash } from 'node:crypto';
import {
  type Body,
  type Cassette,
  type HeaderList,
  type InteractionData,
  interactionsOf,
  requestBody,
  requestHeaders,
  requestMethod,
  requestUri,
  responseBody,
  responseHeaders,
  responseStatus,
} from '@cassettekit/core';
import { keyInteractions } from './align.js';
import { diffLines } from './text-diff.js';

/** Bodies longer than this (in lines) are compared by size and hash, not line by line. */
const MAX_DIFF_LINES = 2000;

export interface InteractionChange {
  readonly kind: 'added' | 'removed' | 'changed';
  /** 1-based position in the cassette it is in (the second for added/changed). */
  readonly position: number;
  readonly request: string;
  readonly details: readonly string[];
}

/**
 * The interaction-level differences between two versions of a cassette. Interactions are compared
 * as stored; what is shown comes from `shown` (the same cassettes with credentials masked, by
 * default the cassettes themselves), so a diff never prints a secret the caller chose to hide.
 */
export function diffCassettes(
  a: Cassette,
  b: Cassette,
  shown: readonly [Cassette, Cassette] = [a, b],
): InteractionChange[] {
  const left = keyInteractions(interactionsOf(a.data));
  const right = keyInteractions(interactionsOf(b.data));
  const shownLeft = interactionsOf(shown[0].data);
  const shownRight = interactionsOf(shown[1].data);
  const rightByKey = new Map(right.map((k) => [k.key, k]));
  const leftKeys = new Set(left.map((k) => k.key));
  const changes: InteractionChange[] = [];
  const leftShown = (index: number) => shownLeft[index] ?? left[index]!.interaction;
  const rightShown = (index: number) => shownRight[index] ?? right[index]!.interaction;
  for (const item of left) {
    const other = rightByKey.get(item.key);
    if (other === undefined) {
      changes.push({
        kind: 'removed',
        position: item.index + 1,
        request: label(leftShown(item.index)),
        details: [],
      });
    } else if (other.digest !== item.digest) {
      const after = rightShown(other.index);
      changes.push({
        kind: 'changed',
        position: other.index + 1,
        request: label(after),
        details: details(leftShown(item.index), after),
      });
    }
  }
  for (const item of right) {
    if (!leftKeys.has(item.key)) {
      changes.push({
        kind: 'added',
        position: item.index + 1,
        request: label(rightShown(item.index)),
        details: [],
      });
    }
  }
  return changes;
}

function label(interaction: InteractionData): string {
  return `${requestMethod(interaction)} ${requestUri(interaction)}`;
}

function details(a: InteractionData, b: InteractionData): string[] {
  const out: string[] = [];
  const sa = responseStatus(a);
  const sb = responseStatus(b);
  if (sa.code !== sb.code || sa.message !== sb.message)
    out.push(`status: ${sa.code} ${sa.message} -> ${sb.code} ${sb.message}`);
  out.push(...headerChanges('request header', requestHeaders(a), requestHeaders(b)));
  out.push(...headerChanges('response header', responseHeaders(a), responseHeaders(b)));
  out.push(...bodyChange('request body', requestBody(a), requestBody(b)));
  out.push(...bodyChange('response body', responseBody(a), responseBody(b)));
  if (out.length === 0)
    out.push('other fields differ (unknown keys, or a masked credential: --show-secrets shows it)');
  return out;
}

function headerChanges(what: string, a: HeaderList, b: HeaderList): string[] {
  const show = (values: readonly (string | Uint8Array)[]) =>
    values.map((v) => (typeof v === 'string' ? v : `<${v.length} bytes>`)).join(', ');
  const mapA = new Map(a.map(([n, v]) => [n.toLowerCase(), { name: n, values: show(v) }]));
  const mapB = new Map(b.map(([n, v]) => [n.toLowerCase(), { name: n, values: show(v) }]));
  const out: string[] = [];
  for (const [key, x] of mapA) {
    const y = mapB.get(key);
    if (y === undefined) out.push(`${what} removed: ${x.name}: ${x.values}`);
    else if (y.values !== x.values) out.push(`${what} ${x.name}: ${x.values} -> ${y.values}`);
  }
  for (const [key, y] of mapB) if (!mapA.has(key)) out.push(`${what} added: ${y.name}: ${y.values}`);
  return out;
}

function bodyChange(what: string, a: Body, b: Body): string[] {
  if (same(a, b)) return [];
  if (
    typeof a === 'string' &&
    typeof b === 'string' &&
    a.split('\n').length + b.split('\n').length < MAX_DIFF_LINES
  ) {
    return [`${what}:`, ...diffLines(a, b).map((line) => `    ${line}`)];
  }
  return [`${what}: ${describe(a)} -> ${describe(b)}`];
}

function same(a: Body, b: Body): boolean {
  if (a === null || b === null || typeof a === 'string' || typeof b === 'string') return a === b;
  return Buffer.from(a).equals(Buffer.from(b));
}

function describe(body: Body): string {
  if (body === null) return 'none';
  const bytes = typeof body === 'string' ? Buffer.from(body) : Buffer.from(body);
  const kind = typeof body === 'string' ? 'text' : 'bytes';
  return `${bytes.length} ${kind} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}`;
}
