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

/** One line of a text body diff: removed, added, or unchanged context. */
export interface DiffLine {
  readonly op: '-' | '+' | ' ';
  readonly text: string;
}

/** A body as the diff describes it when not line by line. */
export interface BodySummary {
  readonly kind: 'none' | 'text' | 'bytes';
  readonly bytes: number;
  readonly sha256: string | null;
}

/** What changed in one interaction, as structured data (`diff --json`); `renderChange` makes the text. */
export type FieldChange =
  | {
      readonly field: 'status';
      readonly before: { code: number | null; message: string };
      readonly after: { code: number | null; message: string };
    }
  | {
      readonly field: 'requestHeader' | 'responseHeader';
      readonly name: string;
      /** null when the header is absent on that side. */
      readonly before: string | null;
      readonly after: string | null;
    }
  | {
      readonly field: 'requestBody' | 'responseBody';
      readonly before: BodySummary;
      readonly after: BodySummary;
      /** A line diff (with context) when both are text of a reasonable size. */
      readonly lines?: readonly DiffLine[];
    }
  | { readonly field: 'other'; readonly note: string };

export interface InteractionChange {
  readonly kind: 'added' | 'removed' | 'changed';
  /** 1-based position in the cassette it is in (the second for added/changed). */
  readonly position: number;
  readonly request: { readonly method: string; readonly uri: string };
  readonly fields: readonly FieldChange[];
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
        fields: [],
      });
    } else if (other.digest !== item.digest) {
      const after = rightShown(other.index);
      changes.push({
        kind: 'changed',
        position: other.index + 1,
        request: label(after),
        fields: fieldChanges(leftShown(item.index), after),
      });
    }
  }
  for (const item of right) {
    if (!leftKeys.has(item.key)) {
      changes.push({
        kind: 'added',
        position: item.index + 1,
        request: label(rightShown(item.index)),
        fields: [],
      });
    }
  }
  return changes;
}

function label(interaction: InteractionData): { method: string; uri: string } {
  return { method: requestMethod(interaction), uri: requestUri(interaction) };
}

function fieldChanges(a: InteractionData, b: InteractionData): FieldChange[] {
  const out: FieldChange[] = [];
  const sa = responseStatus(a);
  const sb = responseStatus(b);
  if (sa.code !== sb.code || sa.message !== sb.message)
    out.push({
      field: 'status',
      before: { code: sa.code ?? null, message: sa.message },
      after: { code: sb.code ?? null, message: sb.message },
    });
  out.push(...headerChanges('requestHeader', requestHeaders(a), requestHeaders(b)));
  out.push(...headerChanges('responseHeader', responseHeaders(a), responseHeaders(b)));
  out.push(...bodyChange('requestBody', requestBody(a), requestBody(b)));
  out.push(...bodyChange('responseBody', responseBody(a), responseBody(b)));
  if (out.length === 0)
    out.push({
      field: 'other',
      note: 'other fields differ (unknown keys, or a masked credential: --show-secrets shows it)',
    });
  return out;
}

/** The change as indented text lines, `-` (before) ahead of `+` (after). */
export function renderChange(change: InteractionChange): string[] {
  const mark = change.kind === 'added' ? '+' : change.kind === 'removed' ? '-' : '~';
  const out = [
    `  ${mark} interaction ${change.position} ${change.kind}: ${change.request.method} ${change.request.uri}`,
  ];
  const w = (line: string) => out.push(`      ${line}`);
  for (const f of change.fields) {
    switch (f.field) {
      case 'status':
        w(`status: ${f.before.code} ${f.before.message} -> ${f.after.code} ${f.after.message}`);
        break;
      case 'requestHeader':
      case 'responseHeader': {
        const what = f.field === 'requestHeader' ? 'request header' : 'response header';
        if (f.after === null) w(`${what} removed: ${f.name}: ${f.before}`);
        else if (f.before === null) w(`${what} added: ${f.name}: ${f.after}`);
        else w(`${what} ${f.name}: ${f.before} -> ${f.after}`);
        break;
      }
      case 'requestBody':
      case 'responseBody': {
        const what = f.field === 'requestBody' ? 'request body' : 'response body';
        if (f.lines === undefined) w(`${what}: ${describe(f.before)} -> ${describe(f.after)}`);
        else {
          w(`${what}:`);
          for (const line of f.lines) w(`    ${line.op} ${line.text}`);
        }
        break;
      }
      default:
        w(f.note);
    }
  }
  return out;
}

function headerChanges(
  what: 'requestHeader' | 'responseHeader',
  a: HeaderList,
  b: HeaderList,
): FieldChange[] {
  const show = (values: readonly (string | Uint8Array)[]) =>
    values.map((v) => (typeof v === 'string' ? v : `<${v.length} bytes>`)).join(', ');
  const mapA = new Map(a.map(([n, v]) => [n.toLowerCase(), { name: n, values: show(v) }]));
  const mapB = new Map(b.map(([n, v]) => [n.toLowerCase(), { name: n, values: show(v) }]));
  const out: FieldChange[] = [];
  for (const [key, x] of mapA) {
    const y = mapB.get(key);
    if (y === undefined) out.push({ field: what, name: x.name, before: x.values, after: null });
    else if (y.values !== x.values)
      out.push({ field: what, name: x.name, before: x.values, after: y.values });
  }
  for (const [key, y] of mapB)
    if (!mapA.has(key)) out.push({ field: what, name: y.name, before: null, after: y.values });
  return out;
}

function bodyChange(what: 'requestBody' | 'responseBody', a: Body, b: Body): FieldChange[] {
  if (same(a, b)) return [];
  const change = { field: what, before: summary(a), after: summary(b) };
  if (
    typeof a === 'string' &&
    typeof b === 'string' &&
    a.split('\n').length + b.split('\n').length < MAX_DIFF_LINES
  ) {
    const lines = diffLines(a, b).map((line) => ({ op: line[0] as DiffLine['op'], text: line.slice(2) }));
    return [{ ...change, lines }];
  }
  return [change];
}

function same(a: Body, b: Body): boolean {
  if (a === null || b === null || typeof a === 'string' || typeof b === 'string') return a === b;
  return Buffer.from(a).equals(Buffer.from(b));
}

function summary(body: Body): BodySummary {
  if (body === null) return { kind: 'none', bytes: 0, sha256: null };
  const bytes = Buffer.from(body);
  return {
    kind: typeof body === 'string' ? 'text' : 'bytes',
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

function describe(body: BodySummary): string {
  if (body.kind === 'none') return 'none';
  return `${body.bytes} ${body.kind} bytes, sha256 ${body.sha256?.slice(0, 12)}`;
}
