import {
  type Cassette,
  type CassetteData,
  cloneValue,
  headerValue,
  interactionsOf,
  isBytes,
  isValueMap,
  type requestHeaders,
  setKey,
  type Value,
  type ValueMap,
} from '@cassettekit/core';
import { dialectOf } from '@cassettekit/formats';
import type { AllowList } from './allow.js';
import { bodyText } from './body.js';
import { scanBodyText } from './body-scan.js';
import { type Report, walkDialectFields } from './dialect-fields.js';
import { type Finding, findingsOf } from './findings.js';
import { scanHeaderValue } from './headers.js';
import { applyHits, type Hit, type TextContext } from './hits.js';
import { redactOriginalText, scanOriginalText } from './original-text.js';
import { isPlaceholder } from './placeholder.js';
import { BENIGN_COOKIES, HEADER_RULES } from './rules.js';
import { scanPatterns } from './token-patterns.js';

export interface ScanOptions {
  /** The cassette's name, copied into findings. */
  readonly name?: string;
  /** Also report account and project ids (`openai-organization`, ...), not only credentials. */
  readonly identifiers?: boolean;
  /** Known false positives. */
  readonly allow?: AllowList;
  /** Values to treat as placeholders in addition to the built-in ones (exact strings). */
  readonly placeholders?: Iterable<string>;
  /** Cookie names that are not credentials (replaces the built-in list of CDN/load-balancer cookies). */
  readonly benignCookies?: Iterable<string>;
}

/** Placeholders by what was found: a header, parameter or field name, or a rule id; else `default`. */
export interface PlaceholderOptions {
  /** Default `REDACTED`. */
  readonly default?: string;
  /** By header name, case-insensitive (`{"Authorization": "Bearer XXX"}` replaces the credentials). */
  readonly headers?: Readonly<Record<string, string>>;
  /** By query parameter or form field name. */
  readonly params?: Readonly<Record<string, string>>;
  /** By JSON key, as written. */
  readonly fields?: Readonly<Record<string, string>>;
  /** By rule id (`github-token`, `jwt`, ...). */
  readonly rules?: Readonly<Record<string, string>>;
}

export interface RedactOptions extends ScanOptions {
  readonly placeholder?: string | PlaceholderOptions;
}

export interface RedactResult {
  /** The redacted cassette: a new object, or the given one when nothing was found. */
  readonly cassette: Cassette;
  /** What was replaced. */
  readonly findings: Finding[];
  readonly changed: boolean;
}

export const DEFAULT_PLACEHOLDER = 'REDACTED';

/** Finds credentials in a cassette. Pure: reads, never changes it. */
export function scanCassette(cassette: Cassette, options: ScanOptions = {}): Finding[] {
  const ctx = contextOf(options);
  const findings = walk(cassette.data, ctx, options, null);
  return findings.concat(scanOriginalText(cassette, ctx, options, true)?.findings ?? []);
}

/**
 * A copy of the cassette with every credential scan finds replaced by a placeholder (the auth scheme
 * of `Authorization`, cookie names and attributes, JSON and URL encodings, and compression of bodies
 * are kept). The input is not changed. The copy keeps the cassette's `format`, so a codec writes it
 * in the style it was read in and only the redacted values differ; credentials in its original text
 * that the data does not hold (comments, dropped duplicate keys) are replaced in that text.
 */
export function redactCassette(cassette: Cassette, options: RedactOptions = {}): RedactResult {
  const ctx = contextOf(options);
  const placeholderFor = placeholderResolver(options.placeholder);
  const inData = walk(cassette.data, ctx, options, null);
  // Without findings in the data, only the text's own findings matter (as for a scan).
  const original = scanOriginalText(cassette, ctx, options, inData.length === 0);
  const findings = inData.concat(original?.findings ?? []);
  if (findings.length === 0) return { cassette, findings, changed: false };
  let data = cassette.data;
  if (inData.length > 0) {
    data = cloneValue(cassette.data);
    walk(data, ctx, options, placeholderFor);
  }
  const format =
    original === undefined || cassette.format === undefined
      ? cassette.format
      : redactOriginalText(cassette.format, original, inData, data, placeholderFor);
  const copy: Cassette = format === undefined ? { data } : { data, format };
  return { cassette: copy, findings, changed: true };
}

/** Throws when a placeholder would itself be reported by scan (so redact then scan finds nothing). */
export function checkPlaceholder(placeholder: string): void {
  if (!isPlaceholder(placeholder))
    throw new Error(
      `placeholder "${placeholder}" looks like a real value, so scan would report it; use one scan recognises, e.g. REDACTED, XXX, <REDACTED>, [FILTERED], ****, DUMMY`,
    );
}

function placeholderResolver(option: RedactOptions['placeholder']): (hit: Hit) => string {
  const opts: PlaceholderOptions = typeof option === 'string' ? { default: option } : (option ?? {});
  const fallback = opts.default ?? DEFAULT_PLACEHOLDER;
  const lower = (record: Readonly<Record<string, string>> | undefined) =>
    new Map(Object.entries(record ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const headers = lower(opts.headers);
  const params = lower(opts.params);
  const fields = new Map(Object.entries(opts.fields ?? {}));
  const rules = new Map(Object.entries(opts.rules ?? {}));
  for (const value of [
    fallback,
    ...headers.values(),
    ...params.values(),
    ...fields.values(),
    ...rules.values(),
  ])
    checkPlaceholder(value);
  return (hit) => {
    const { kind, name } = hit.target;
    const specific =
      kind === 'header'
        ? headers.get(name.toLowerCase())
        : kind === 'param'
          ? params.get(name.toLowerCase())
          : kind === 'field'
            ? fields.get(name)
            : undefined;
    return specific ?? rules.get(hit.rule.id) ?? fallback;
  };
}

function contextOf(options: ScanOptions): TextContext {
  return {
    identifiers: options.identifiers === true,
    placeholders: options.placeholders === undefined ? undefined : new Set(options.placeholders),
    benignCookies:
      options.benignCookies === undefined
        ? BENIGN_COOKIES
        : new Set([...options.benignCookies].map((n) => n.toLowerCase())),
  };
}

type Edit = ((hit: Hit) => string) | null;

/**
 * Visits every place a credential can be, reporting hits; with `edit`, writes the placeholders into
 * `data` (which is then a private copy).
 */
function walk(data: CassetteData, ctx: TextContext, options: ScanOptions, edit: Edit): Finding[] {
  const findings: Finding[] = [];
  const name = options.name ?? '';
  const dialect = dialectOf({ data }).name;
  const interactions = interactionsOf(data);
  for (let index = 0; index < interactions.length; index += 1) {
    const interaction = interactions[index]!;
    if (!isValueMap(interaction)) continue;
    const report: Report = (text, hits, base, set) => {
      if (hits.length === 0) return;
      const found = findingsOf(hits, { cassette: name, interaction: index + 1, base }, options.allow);
      findings.push(...found.findings);
      if (edit !== null && found.kept.length > 0) set(applyHits(text, found.kept, edit));
    };
    walkDialectFields(dialect, interaction, {
      ctx,
      report,
      body: (body, headers, base, set) => walkBody(body, headers, base, ctx, report, set),
      headerMap: (owner, side) => walkHeaders(owner, side, ctx, report),
    });
  }
  return findings;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function headerText(value: Value | undefined): string | null {
  if (typeof value === 'string') return value;
  if (isBytes(value)) {
    try {
      return utf8.decode(value);
    } catch {
      return null;
    }
  }
  return null;
}

/** Headers as `{Name: [values]}`, `{Name: value}` or the legacy `["Name: value", ...]`. */
function walkHeaders(owner: ValueMap, side: string, ctx: TextContext, report: Report): void {
  const headers = owner.headers;
  if (isValueMap(headers)) {
    for (const name of Object.keys(headers)) {
      const rule = HEADER_RULES.get(name.toLowerCase());
      const raw = headers[name];
      if (Array.isArray(raw)) {
        for (let j = 0; j < raw.length; j += 1) {
          const value = raw[j];
          const text = headerText(value);
          if (text === null) continue;
          report(text, scanHeaderValue(text, rule, ctx, name), `${side}.headers.${name}[${j}]`, (changed) => {
            raw[j] = isBytes(value) ? new Uint8Array(Buffer.from(changed, 'utf8')) : changed;
          });
        }
      } else {
        const text = headerText(raw);
        if (text === null) continue;
        report(text, scanHeaderValue(text, rule, ctx, name), `${side}.headers.${name}`, (changed) => {
          setKey(headers, name, isBytes(raw) ? new Uint8Array(Buffer.from(changed, 'utf8')) : changed);
        });
      }
    }
  } else if (Array.isArray(headers)) {
    for (let j = 0; j < headers.length; j += 1) {
      const line = headers[j];
      if (typeof line !== 'string') continue;
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon);
      let start = colon + 1;
      while (line[start] === ' ') start += 1;
      let end = line.length;
      while (end > start && (line[end - 1] === '\n' || line[end - 1] === '\r' || line[end - 1] === ' '))
        end -= 1;
      const value = line.slice(start, end);
      const rule = HEADER_RULES.get(name.toLowerCase());
      report(value, scanHeaderValue(value, rule, ctx, name), `${side}.headers[${j}] ${name}`, (changed) => {
        headers[j] = line.slice(0, start) + changed + line.slice(end);
      });
    }
  }
}

function firstText(headers: ReturnType<typeof requestHeaders>, name: string): string {
  const value = headerValue(headers, name);
  return typeof value === 'string' ? value : value === undefined ? '' : (headerText(value) ?? '');
}

function walkBody(
  body: string | Uint8Array,
  headers: ReturnType<typeof requestHeaders>,
  base: string,
  ctx: TextContext,
  report: Report,
  set: (body: string | Uint8Array) => void,
): void {
  if (body.length === 0) return;
  const decoded = bodyText(body, firstText(headers, 'content-encoding'));
  // Binary bodies (protobuf telemetry, gRPC): key patterns only, replaced by as many X as they
  // had characters, so length prefixes stay right.
  const hits = decoded.binary
    ? scanPatterns(decoded.text, ctx, [], 'text').map((hit) => ({
        ...hit,
        encode: () => 'X'.repeat(hit.end - hit.start),
      }))
    : scanBodyText(decoded.text, firstText(headers, 'content-type'), ctx);
  const shown =
    decoded.via === '' ? hits : hits.map((hit) => ({ ...hit, where: `${decoded.via}, ${hit.where}` }));
  report(decoded.text, shown, base, (text) => set(decoded.rebuild(text)));
}
