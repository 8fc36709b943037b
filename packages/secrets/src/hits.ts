import { isPlaceholder } from './placeholder.js';
import type { RuleInfo } from './rules.js';

/** Which per-target placeholder applies to a hit (`--placeholder-for header:Authorization=...`). */
export interface Target {
  readonly kind: 'header' | 'param' | 'field' | 'rule';
  /** Header, parameter or field name as written, or the rule id for pattern hits. */
  readonly name: string;
}

/** A credential found in one text: where (a span of the text), what, and how to write a placeholder. */
export interface Hit {
  readonly rule: RuleInfo;
  readonly start: number;
  readonly end: number;
  /** The credential as the service sees it (URL- or JSON-decoded). */
  readonly secret: string;
  /** Where in the text, for the location: `query: api_key`, `json: $.access_token`, `text`. */
  readonly where: string;
  readonly target: Target;
  /** The placeholder as it must be written at the span (URL- or JSON-encoded). */
  readonly encode: (placeholder: string) => string;
}

/** What a scan treats as "not a credential" and which rules it applies. */
export interface TextContext {
  readonly identifiers: boolean;
  readonly placeholders: ReadonlySet<string> | undefined;
  readonly benignCookies: ReadonlySet<string>;
}

export const raw = (placeholder: string) => placeholder;
export const jsonEncode = (placeholder: string) => JSON.stringify(placeholder).slice(1, -1);
export const urlEncode = (placeholder: string) => encodeURIComponent(placeholder);

/**
 * Keys that are public by design: PostHog project keys (`phc_`, write-only ingestion keys meant for
 * browsers) and Stripe publishable keys (`pk_live_`, `pk_test_`).
 */
const PUBLISHABLE = /^(?:phc_|pk_live_|pk_test_)[A-Za-z0-9]{16,}$/;

export function notSecret(value: string, ctx: TextContext): boolean {
  return isPlaceholder(value, ctx.placeholders) || PUBLISHABLE.test(value.trim());
}

export function wanted(rule: RuleInfo, ctx: TextContext): boolean {
  return rule.severity === 'secret' || ctx.identifiers;
}

export function overlaps(hits: readonly Hit[], start: number, end: number): boolean {
  for (const hit of hits) if (start < hit.end && end > hit.start) return true;
  return false;
}

/** `text` with each hit's span replaced by its placeholder (hits do not overlap). */
export function applyHits(text: string, hits: readonly Hit[], placeholderFor: (hit: Hit) => string): string {
  const sorted = [...hits].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const hit of sorted) {
    if (hit.start < at) continue;
    out += text.slice(at, hit.start) + hit.encode(placeholderFor(hit));
    at = hit.end;
  }
  return out + text.slice(at);
}
