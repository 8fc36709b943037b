/**
 * yaml.v3's `yaml_emitter_analyze_scalar` (emitterc.go), which differs from libyaml's: a tab is not
 * "special" (it only rules out plain and single-quoted styles, not block ones), and an indicator is
 * "followed by whitespace" only before a space or a tab. Unicode is always on (Marshal sets it).
 */

export const MULTILINE = 1;
export const FLOW_PLAIN = 2;
export const BLOCK_PLAIN = 4;
export const SINGLE_QUOTED = 8;
export const BLOCK = 16;
export const EMPTY = 32;

const isBreak = (c: number): boolean => c === 10 || c === 13 || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlank = (c: number): boolean => c === 32 || c === 9;
const isBlankz = (c: number): boolean => isBlank(c) || isBreak(c) || c === 0 || Number.isNaN(c);

/** is_printable for the UTF-16 unit at hand; surrogates (astral characters) are not printable. */
function isPrintable(c: number): boolean {
  if (c < 0x80) return c === 10 || (c >= 0x20 && c <= 0x7e);
  if (c < 0xa0) return false;
  if (c <= 0xd7ff) return true;
  if (c < 0xe000) return false;
  return c <= 0xfffd && c !== 0xfeff;
}

export function analyzeV3(s: string): number {
  const n = s.length;
  if (n === 0) return EMPTY | BLOCK_PLAIN | SINGLE_QUOTED;
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let special = false;
  let tabs = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (n >= 3 && (s.startsWith('---') || s.startsWith('...'))) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    // A surrogate pair is one character: skip its low half (neither half is printable anyway).
    const w = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
    const followedByWhitespace = i + w >= n || isBlank(s.charCodeAt(i + w));
    if (i === 0) {
      switch (c) {
        case 35:
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
        case 63:
        case 58:
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case 45:
          if (followedByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    } else {
      switch (c) {
        case 44:
        case 63:
        case 91:
        case 93:
        case 123:
        case 125:
          flowIndicators = true;
          break;
        case 58:
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case 35:
          if (precededByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    }
    if (c === 9) tabs = true;
    else if (!isPrintable(c)) special = true;
    if (c === 32) {
      if (i === 0) leadingSpace = true;
      if (i + 1 === n) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i + 1 === n) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
    i += w - 1;
  }
  let flowPlain = true;
  let blockPlain = true;
  let single = true;
  let block = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) flowPlain = blockPlain = false;
  if (trailingSpace) block = false;
  if (breakSpace) flowPlain = blockPlain = single = false;
  if (spaceBreak || tabs || special) flowPlain = blockPlain = single = false;
  if (spaceBreak || special) block = false;
  if (lineBreaks) flowPlain = blockPlain = false;
  if (flowIndicators) flowPlain = false;
  if (blockIndicators) blockPlain = false;
  return (
    (lineBreaks ? MULTILINE : 0) |
    (flowPlain ? FLOW_PLAIN : 0) |
    (blockPlain ? BLOCK_PLAIN : 0) |
    (single ? SINGLE_QUOTED : 0) |
    (block ? BLOCK : 0)
  );
}

/** UTF-8 length (yaml_emitter_check_simple_key counts bytes). */
export function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
