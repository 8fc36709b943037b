/**
 * `Emitter.analyze_scalar` (pyyaml) and `yaml_emitter_analyze_scalar` (libyaml): which scalar styles
 * can represent a string. The two differ in what they call printable and what a line break is:
 *
 * - pyyaml: breaks are `\n \x85 \u2028 \u2029`; `\x85` and astral characters (below U+10FFFF) are
 *   "unicode" (fine with allow_unicode); lone surrogates are special.
 * - libyaml: breaks also include `\r`; `\x85` and every astral character are not printable (always
 *   double-quoted and escaped); lone surrogates cannot even be encoded (PyYAML raises).
 *
 * The result is a bit set. Strings are scanned once, by UTF-16 code unit: everything the analysis
 * looks at around a character (spaces, breaks, indicators) is in the BMP, so neighbours can be read
 * by code unit; only the printable check needs whole code points.
 */

export const EMPTY = 1;
export const MULTILINE = 2;
export const FLOW_PLAIN = 4;
export const BLOCK_PLAIN = 8;
export const SINGLE_QUOTED = 16;
export const BLOCK = 32;
/** Holds at least one surrogate pair: column arithmetic must count code points. */
export const ASTRAL = 64;

/** Raised for strings libyaml cannot encode (PyYAML: UnicodeEncodeError, surrogates not allowed). */
export class UnencodableStringError extends Error {
  constructor(index: number) {
    super(`'utf-8' codec can't encode character in position ${index}: surrogates not allowed`);
    this.name = 'UnencodableStringError';
  }
}

// ASCII classes: 0 = ordinary printable, 1 = needs a closer look.
const INTERESTING = new Uint8Array(128);
for (let c = 0; c < 0x20; c++) INTERESTING[c] = 1;
INTERESTING[0x7f] = 1;
for (const ch of ' #,[]{}&*!|>\'"%@`?:-') INTERESTING[ch.charCodeAt(0)] = 1;

/** `ch in '\0 \t\r\n\x85\u2028\u2029'` (libyaml IS_BLANKZ); `code` NaN past the end counts too. */
function isBlankz(code: number): boolean {
  return (
    code === 32 ||
    code === 9 ||
    code === 10 ||
    code === 13 ||
    code === 0 ||
    code === 0x85 ||
    code === 0x2028 ||
    code === 0x2029 ||
    code !== code
  );
}

function isPyBreak(c: number): boolean {
  return c === 10 || c === 0x85 || c === 0x2028 || c === 0x2029;
}

function isLibBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/**
 * Shared scan. `lib` selects libyaml's notions of break and printable; `unicode` is allow_unicode.
 */
function analyze(s: string, lib: boolean, unicode: boolean): number {
  const n = s.length;
  if (n === 0) return EMPTY | BLOCK_PLAIN | SINGLE_QUOTED;
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let astral = false;

  const c0 = s.charCodeAt(0);
  if (
    n >= 3 &&
    ((c0 === 45 && s.charCodeAt(1) === 45 && s.charCodeAt(2) === 45) ||
      (c0 === 46 && s.charCodeAt(1) === 46 && s.charCodeAt(2) === 46))
  ) {
    blockIndicators = true;
    flowIndicators = true;
  }

  for (let i = 0; i < n; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 128) {
      if (INTERESTING[ch] === 0) continue;
      if (i === 0) {
        switch (ch) {
          case 35: // # , [ ] { } & * ! | > ' " % @ `
          case 44:
          case 91:
          case 93:
          case 123:
          case 125:
          case 38:
          case 42:
          case 33:
          case 124:
          case 62:
          case 39:
          case 34:
          case 37:
          case 64:
          case 96:
            flowIndicators = true;
            blockIndicators = true;
            break;
          case 63: // ? :
          case 58:
            flowIndicators = true;
            if (isBlankz(s.charCodeAt(1))) blockIndicators = true;
            break;
          case 45: // -
            if (isBlankz(s.charCodeAt(1))) {
              flowIndicators = true;
              blockIndicators = true;
            }
            break;
        }
      } else {
        switch (ch) {
          case 44: // , ? [ ] { }
          case 63:
          case 91:
          case 93:
          case 123:
          case 125:
            flowIndicators = true;
            break;
          case 58: // :
            flowIndicators = true;
            if (isBlankz(s.charCodeAt(i + 1))) blockIndicators = true;
            break;
          case 35: // # after whitespace starts a comment
            if (isBlankz(s.charCodeAt(i - 1))) {
              flowIndicators = true;
              blockIndicators = true;
            }
            break;
        }
      }
      if (ch === 32) {
        if (i === 0) leadingSpace = true;
        if (i === n - 1) trailingSpace = true;
        if (i > 0 && (lib ? isLibBreak(s.charCodeAt(i - 1)) : isPyBreak(s.charCodeAt(i - 1)))) breakSpace = true;
      } else if (ch === 10 || (lib && ch === 13)) {
        lineBreaks = true;
        if (i === 0) leadingBreak = true;
        if (i === n - 1) trailingBreak = true;
        if (i > 0 && s.charCodeAt(i - 1) === 32) spaceBreak = true;
      }
      if (ch !== 10 && (ch < 0x20 || ch === 0x7f)) special = true;
      continue;
    }

    // Non-ASCII.
    if (ch === 0x85 || ch === 0x2028 || ch === 0x2029) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === n - 1) trailingBreak = true;
      if (i > 0 && s.charCodeAt(i - 1) === 32) spaceBreak = true;
    }
    if (ch >= 0xd800 && ch <= 0xdfff) {
      const lo = s.charCodeAt(i + 1);
      if (ch <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff) {
        astral = true;
        const cp = ((ch - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        // pyyaml: '\U00010000' <= ch < '\U0010ffff' is "unicode"; libyaml: never printable.
        if (lib || cp >= 0x10ffff || !unicode) special = true;
        i++;
      } else {
        if (lib) throw new UnencodableStringError(i);
        special = true;
      }
      continue;
    }
    if (lib) {
      // IS_PRINTABLE: #xA0-#xD7FF, #xE000-#xFFFD except #xFEFF.
      if (ch < 0xa0 || ch === 0xfeff || ch > 0xfffd || !unicode) special = true;
    } else if (ch === 0xfeff || (ch < 0xa0 && ch !== 0x85) || ch > 0xfffd) {
      special = true;
    } else if (!unicode) {
      special = true;
    }
  }

  let flags = lineBreaks ? MULTILINE : 0;
  if (astral) flags |= ASTRAL;
  let flowPlain = true;
  let blockPlain = true;
  let single = true;
  let block = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) flowPlain = blockPlain = false;
  if (trailingSpace) block = false;
  if (breakSpace) flowPlain = blockPlain = single = false;
  if (spaceBreak || special) flowPlain = blockPlain = single = block = false;
  if (lineBreaks) flowPlain = blockPlain = false;
  if (flowIndicators) flowPlain = false;
  if (blockIndicators) blockPlain = false;
  if (flowPlain) flags |= FLOW_PLAIN;
  if (blockPlain) flags |= BLOCK_PLAIN;
  if (single) flags |= SINGLE_QUOTED;
  if (block) flags |= BLOCK;
  return flags;
}

export function analyzePy(s: string, allowUnicode: boolean): number {
  return analyze(s, false, allowUnicode);
}

export function analyzeLib(s: string, unicode: boolean): number {
  return analyze(s, true, unicode);
}

/** UTF-8 length, which is what libyaml's 128-byte simple-key limit counts. */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      // A surrogate pair: 2 UTF-16 units, 4 UTF-8 bytes.
      n += 2;
      i++;
    } else n += 2;
  }
  return n;
}
