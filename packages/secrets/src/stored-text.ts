import { type CassetteData, contentDigest, isBytes, isValueMap, type Value } from '@cassettekit/core';
import { scanEncoded } from './encoded.js';
import { scanHeaderValue } from './headers.js';
import { type Hit, notSecret, raw, type TextContext, wanted } from './hits.js';
import {
  FIELD_RULES,
  HEADER_RULES,
  type HeaderRule,
  type NamedRule,
  normalizeKey,
  PARAM_RULES,
} from './rules.js';
import { scanPatterns } from './token-patterns.js';

/**
 * Stores keep a cassette's original text, and it holds more than the parsed data: comments, and the
 * values of duplicate keys the parser dropped (it keeps the last). A secret there passes a scan of
 * the data, yet is uploaded and kept. This scans the text itself; what it finds is reported only when
 * the data does not hold it (the data scan has the last word on what the data holds).
 */

/** The text a store writes for this cassette: its original text while the data is unchanged. */
export function storedTextOf(data: CassetteData, original: StoredOriginal | undefined): string | undefined {
  if (original === undefined) return undefined;
  return original.digest === contentDigest(data) ? original.text : undefined;
}

export interface StoredOriginal {
  readonly codec: string;
  readonly text: string;
  readonly digest: string;
}

/** Every credential the text shows, in the data or not, with `where` naming its line. */
export function scanText(text: string, ctx: TextContext): Hit[] {
  let hits = scanKeyedLines(text, ctx);
  hits = hits.concat(scanPairsAnywhere(text, ctx, hits));
  hits = hits.concat(scanPatterns(text, ctx, hits, 'text'));
  hits = hits.concat(scanEncoded(text, ctx, hits));
  return hits
    .sort((a, b) => a.start - b.start)
    .map((hit) => ({ ...hit, where: `line ${lineOf(text, hit.start)}, ${hit.where || 'text'}` }));
}

/**
 * The hits whose credential the data does not hold: in comments, dropped duplicate keys. A value the
 * text writes with escapes or folded over lines (a PEM key in a quoted YAML scalar) is compared by
 * its letters and digits, escapes left out.
 */
export function outsideData(text: string, hits: readonly Hit[], data: CassetteData): Hit[] {
  if (hits.length === 0) return [];
  const haystack = stringsOf(data).join('\u0000');
  let letters: string | undefined;
  return hits.filter((hit) => {
    const written = text.slice(hit.start, hit.end);
    if (haystack.includes(hit.secret) || haystack.includes(written)) return false;
    const skeleton = lettersOf(written.replace(ESCAPE, ''));
    letters ??= lettersOf(haystack);
    return skeleton.length < 8 || !letters.includes(skeleton);
  });
}

const ESCAPE = /\\(?:u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\s\S])/g;

function lettersOf(text: string): string {
  return text.replace(/[^A-Za-z0-9]/g, '');
}

// `Name: value`, `- Name: value`, `"Name": "value"`, `# Name: value`, `Name = value`: a key that a
// header, parameter or field rule knows, then its value on the line or as `- value` lines below.
// The key part of a keyed line, tried at each line start only (sticky): as a `^`/m search with the
// value captured by `(.*)$` it probed every position of long unkeyed lines (body text) and read each
// value twice, as slow as a pass of every pattern.
const KEYED_LINE = /([ \t]*(?:#+[ \t]*)?(?:-[ \t]+)?)(["']?)([A-Za-z][A-Za-z0-9_.-]*)\2[ \t]*[:=][ \t]*/y;
// Where a line ends (`.` stops there) and where `^` matches with the m flag: each line terminator.
const LINE_END = /[\n\r\u2028\u2029]/g;
const LIST_ITEM = /^[ \t]*-[ \t]+(.*)$/;

interface KeyedLine {
  readonly name: string;
  /** Where the rest of the line after the key, its separator and spaces starts and ends. */
  readonly inlineStart: number;
  readonly lineEnd: number;
}

/**
 * The lines `/^([ \t]*(?:#+[ \t]*)?(?:-[ \t]+)?)(["']?)([A-Za-z][A-Za-z0-9_.-]*)\2[ \t]*[:=][ \t]*(.*)$/gm`
 * matches, with the name its group 3 holds and the value group 4 holds.
 */
export function* keyedLines(text: string): Generator<KeyedLine> {
  LINE_END.lastIndex = 0;
  for (let at = 0; at !== -1; ) {
    KEYED_LINE.lastIndex = at;
    const m = KEYED_LINE.exec(text);
    if (m !== null) LINE_END.lastIndex = m.index + m[0].length;
    const end = LINE_END.exec(text);
    if (m !== null) {
      const inlineStart = m.index + m[0].length;
      yield { name: m[3]!, inlineStart, lineEnd: end?.index ?? text.length };
    }
    at = end === null ? -1 : end.index + 1;
  }
}

function scanKeyedLines(text: string, ctx: TextContext): Hit[] {
  const out: Hit[] = [];
  for (const { name, inlineStart, lineEnd } of keyedLines(text)) {
    const { header, field } = keyRulesOf(name);
    if (header === undefined && field === undefined) continue;
    const inline = text.slice(inlineStart, lineEnd);
    const values: { start: number; text: string }[] = [];
    if (inline.trim() !== '') values.push({ start: inlineStart, text: inline });
    else {
      // A YAML block list below the key: `- value` lines.
      let at = inlineStart + inline.length + 1;
      while (at < text.length) {
        const end = text.indexOf('\n', at);
        const line = text.slice(at, end === -1 ? text.length : end);
        const item = LIST_ITEM.exec(line);
        if (item === null) break;
        values.push({ start: at + line.length - item[1]!.length, text: item[1]! });
        if (end === -1) break;
        at = end + 1;
      }
    }
    for (const value of values) {
      const { start, end } = unquoted(value.text);
      const secret = value.text.slice(start, end);
      if (secret === '') continue;
      const base = value.start + start;
      if (header !== undefined) {
        for (const hit of scanHeaderValue(secret, header, ctx, name)) {
          out.push({ ...hit, start: base + hit.start, end: base + hit.end, where: `header: ${name}` });
        }
      } else if (field !== undefined && wanted(field, ctx) && !notSecret(secret, ctx)) {
        out.push({
          rule: field,
          start: base,
          end: base + secret.length,
          secret,
          where: `field: ${name}`,
          target: { kind: 'field', name },
          encode: raw,
        });
      }
    }
  }
  return out;
}

interface KeyRules {
  readonly header?: HeaderRule;
  readonly field?: NamedRule;
}

// Texts repeat a few keys on every line (`method`, `uri`, `string`): each name is looked up once.
const keyRules = new Map<string, KeyRules>();

/** The header rule a key names, else the field or parameter rule. */
function keyRulesOf(name: string): KeyRules {
  let rules = keyRules.get(name);
  if (rules === undefined) {
    const header = HEADER_RULES.get(name.toLowerCase());
    const field =
      header === undefined
        ? (FIELD_RULES.get(normalizeKey(name)) ?? PARAM_RULES.get(name.toLowerCase()))
        : undefined;
    rules = { header, field };
    // Bounded: the names come from arbitrary text.
    if (keyRules.size >= 4096) keyRules.clear();
    keyRules.set(name, rules);
  }
  return rules;
}

/** The value inside quotes, flow brackets and a trailing comma: `['Bearer x'],` -> `Bearer x`. */
function unquoted(value: string): { start: number; end: number } {
  let start = 0;
  let end = value.trimEnd().length;
  if (value[end - 1] === ',') end -= 1;
  if (value[start] === '[' && value[end - 1] === ']') {
    start += 1;
    end -= 1;
  }
  const q = value[start];
  if ((q === '"' || q === "'") && value[end - 1] === q && end - start >= 2) {
    start += 1;
    end -= 1;
  }
  return { start, end };
}

const PAIR_NAME = /[A-Za-z0-9_-]/;
const PAIR_BEFORE = /[A-Za-z0-9_.-]/;
const PAIR_VALUE_END = /[\s&"'<>#,;]/;

/**
 * `password=...` wherever it is written (a curl command in a comment, a form body in a dropped key).
 * Found from each `=` rather than by a regex tried at every position of the text (that was the
 * slowest part of the scan); {@link pairsOf} gives the same pairs as
 * `/(?<![A-Za-z0-9_.-])([A-Za-z][A-Za-z0-9_-]*)=([^\s&"'<>#,;]+)/g`.
 */
function scanPairsAnywhere(text: string, ctx: TextContext, claimed: readonly Hit[]): Hit[] {
  const out: Hit[] = [];
  for (const { name, start, end } of pairsOf(text)) {
    const rule = PARAM_RULES.get(name.toLowerCase());
    if (rule === undefined || !wanted(rule, ctx)) continue;
    const secret = text.slice(start, end);
    if (notSecret(secret, ctx) || claimed.some((h) => start < h.end && end > h.start)) continue;
    out.push({
      rule,
      start,
      end,
      secret,
      where: `param: ${name}`,
      target: { kind: 'param', name },
      encode: raw,
    });
  }
  return out;
}

/** Every `name=value` of the text: the name starts with a letter after no name character or `.`. */
export function* pairsOf(text: string): Generator<{ name: string; start: number; end: number }> {
  for (let eq = text.indexOf('='); eq !== -1; eq = text.indexOf('=', eq + 1)) {
    let from = eq;
    while (from > 0 && PAIR_NAME.test(text[from - 1]!)) from -= 1;
    if (from === eq || !/[A-Za-z]/.test(text[from]!)) continue;
    if (from > 0 && PAIR_BEFORE.test(text[from - 1]!)) continue;
    let end = eq + 1;
    while (end < text.length && !PAIR_VALUE_END.test(text[end]!)) end += 1;
    if (end === eq + 1) continue;
    yield { name: text.slice(from, eq), start: eq + 1, end };
    // The value is taken whole: an `=` inside it starts no pair.
    eq = end - 1;
  }
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
}

/** Every string of the data (keys too), bytes read as Latin-1 so any byte sequence is a string. */
function stringsOf(value: Value, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (isBytes(value))
    out.push(Buffer.from(value).toString('latin1'), Buffer.from(value).toString('utf8'));
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, out);
  else if (isValueMap(value)) {
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      stringsOf(item, out);
    }
  }
  return out;
}
