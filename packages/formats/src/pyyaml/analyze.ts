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

// Position-independent facts about ASCII characters, OR-ed together over the whole string; the few
// positional rules (`: `, ` #`, space next to a break) are then checked with a regex, only when the
// characters involved occur at all. This keeps the per-character loop free of unpredictable branches.
const B_SPACE = 1;
const B_FLOW = 2; // , ? [ ] { } :   (at the first position these are indicators anyway)
const B_COLON = 4;
const B_HASH = 8;
const B_LF = 16;
const B_CR = 32;
const B_CTRL = 64; // not printable: C0 controls but '\n', and DEL
const BITS = new Uint8Array(128);
for (let c = 0; c < 0x20; c++) BITS[c] = B_CTRL;
BITS[0x7f] = B_CTRL;
BITS[10] = B_LF;
BITS[13] = B_CR | B_CTRL;
BITS[32] = B_SPACE;
for (const ch of ',?[]{}') BITS[ch.charCodeAt(0)] = B_FLOW;
BITS[58] = B_FLOW | B_COLON;
BITS[35] = B_HASH;

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
    Number.isNaN(code)
  );
}

function isPyBreak(c: number): boolean {
  return c === 10 || c === 0x85 || c === 0x2028 || c === 0x2029;
}

function isLibBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x85 || c === 0x2028 || c === 0x2029;
}

// ':' after the first position and followed by whitespace or the end; '#' after whitespace.
const COLON_BLANK = /[\s\S]:(?:[\0 \t\r\n\x85\u2028\u2029]|$)/;
const BLANK_HASH = /[\0 \t\r\n\x85\u2028\u2029]#/;
const PY_BREAK_SPACE = /[\n\x85\u2028\u2029] /;
const PY_SPACE_BREAK = / [\n\x85\u2028\u2029]/;
const LIB_BREAK_SPACE = /[\r\n\x85\u2028\u2029] /;
const LIB_SPACE_BREAK = / [\r\n\x85\u2028\u2029]/;

/**
 * Shared scan. `lib` selects libyaml's notions of break and printable; `unicode` is allow_unicode.
 * Long strings go through regexes (native scans, several times faster than a JS loop here); short
 * ones and any string holding surrogates through the loop.
 */
function analyze(s: string, lib: boolean, unicode: boolean, block: boolean): number {
  const n = s.length;
  if (n === 0) return EMPTY | BLOCK_PLAIN | SINGLE_QUOTED;
  if (n >= 48) {
    const r = analyzeByRegex(s, lib, unicode, block);
    if (r >= 0) return r;
  }
  return analyzeLoop(s, lib, unicode);
}

const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/;
const SURROGATE = /[\ud800-\udfff]/;
const FLOW_CHAR = /[,?[\]{}:]/;
// Characters that make a scalar "special" (double-quoted only), surrogates included: those send the
// string to the loop, which knows about pairs.
const LIB_SPECIAL_UNICODE = /[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]/;
const PY_SPECIAL_UNICODE = /[^\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]/;
const SPECIAL_ASCII = /[^\n\x20-\x7e]/;
const LIB_BREAK = /[\r\n\x85\u2028\u2029]/;
const PY_BREAK = /[\n\x85\u2028\u2029]/;

/**
 * The analysis from a handful of regex scans, or -1 when the string holds surrogates. Without
 * `block`, a libyaml scalar with a line break followed by a space is answered as soon as that is
 * found: it rules out plain and single-quoted styles, so only BLOCK would need the rest of the scan
 * (pretty-printed JSON bodies, the longest scalars of most cassettes, are all like that).
 */
function analyzeByRegex(s: string, lib: boolean, unicode: boolean, block: boolean): number {
  const n = s.length;
  let special = false;
  let lineBreaks = false;
  if (NOT_PRINTABLE_ASCII.test(s)) {
    lineBreaks = (lib ? LIB_BREAK : PY_BREAK).test(s);
    if (lib && !block && lineBreaks && LIB_BREAK_SPACE.test(s)) return MULTILINE;
    special = (unicode ? (lib ? LIB_SPECIAL_UNICODE : PY_SPECIAL_UNICODE) : SPECIAL_ASCII).test(s);
    if (special) {
      // Double-quoted is the only style left, so nothing else needs scanning. libyaml has no use
      // for ASTRAL (its writers count code units) and its double-quoted writer refuses lone
      // surrogates itself; pyyaml needs the loop to count code points.
      if (!lib && SURROGATE.test(s)) return -1;
      return lineBreaks ? MULTILINE : 0;
    }
  }
  const c0 = s.charCodeAt(0);
  let blockIndicators = false;
  let flowIndicators = false;
  if (
    (c0 === 45 && s.charCodeAt(1) === 45 && s.charCodeAt(2) === 45) ||
    (c0 === 46 && s.charCodeAt(1) === 46 && s.charCodeAt(2) === 46)
  ) {
    blockIndicators = true;
    flowIndicators = true;
  }
  switch (c0) {
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
  if (!flowIndicators && FLOW_CHAR.test(s)) flowIndicators = true;
  if (!blockIndicators && s.indexOf(':', 1) > 0 && COLON_BLANK.test(s)) blockIndicators = true;
  if (!blockIndicators && s.indexOf('#', 1) > 0 && BLANK_HASH.test(s)) {
    flowIndicators = true;
    blockIndicators = true;
  }
  const cl = s.charCodeAt(n - 1);
  const leadingSpace = c0 === 32;
  const trailingSpace = cl === 32;
  let leadingBreak = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  if (lineBreaks) {
    leadingBreak = lib ? isLibBreak(c0) : isPyBreak(c0);
    trailingBreak = lib ? isLibBreak(cl) : isPyBreak(cl);
    breakSpace = (lib ? LIB_BREAK_SPACE : PY_BREAK_SPACE).test(s);
    spaceBreak = (lib ? LIB_SPACE_BREAK : PY_SPACE_BREAK).test(s);
  }
  return styleFlags(
    lineBreaks,
    false,
    special,
    flowIndicators,
    blockIndicators,
    leadingSpace || leadingBreak || trailingSpace || trailingBreak,
    trailingSpace,
    breakSpace,
    spaceBreak,
  );
}

/** The allowed styles, exactly as the end of analyze_scalar decides them. */
function styleFlags(
  lineBreaks: boolean,
  astral: boolean,
  special: boolean,
  flowIndicators: boolean,
  blockIndicators: boolean,
  edgeWhitespace: boolean,
  trailingSpace: boolean,
  breakSpace: boolean,
  spaceBreak: boolean,
): number {
  let flags = lineBreaks ? MULTILINE : 0;
  if (astral) flags |= ASTRAL;
  let flowPlain = true;
  let blockPlain = true;
  let single = true;
  let block = true;
  if (edgeWhitespace) flowPlain = blockPlain = false;
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

function analyzeLoop(s: string, lib: boolean, unicode: boolean): number {
  const n = s.length;
  let blockIndicators = false;
  let flowIndicators = false;
  let special = false;
  let astral = false;
  let otherBreaks = false; // \x85 \u2028 \u2029

  const c0 = s.charCodeAt(0);
  if (
    n >= 3 &&
    ((c0 === 45 && s.charCodeAt(1) === 45 && s.charCodeAt(2) === 45) ||
      (c0 === 46 && s.charCodeAt(1) === 46 && s.charCodeAt(2) === 46))
  ) {
    blockIndicators = true;
    flowIndicators = true;
  }

  // The first character: indicators that only count at the start.
  switch (c0) {
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

  let bits = 0;
  for (let i = 0; i < n; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 128) {
      bits |= BITS[ch] as number;
      continue;
    }
    if (ch === 0x85 || ch === 0x2028 || ch === 0x2029) otherBreaks = true;
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
    } else if (ch === 0xfeff || (ch < 0xa0 && ch !== 0x85) || ch > 0xfffd || !unicode) {
      special = true;
    }
  }

  if (bits & B_CTRL) special = true;
  if (bits & B_FLOW) flowIndicators = true;
  if (!blockIndicators && bits & B_COLON && COLON_BLANK.test(s)) blockIndicators = true;
  if (!blockIndicators && bits & B_HASH && BLANK_HASH.test(s)) {
    flowIndicators = true;
    blockIndicators = true;
  }
  const lineBreaks = otherBreaks || (bits & (lib ? B_LF | B_CR : B_LF)) !== 0;
  const cl = s.charCodeAt(n - 1);
  const leadingSpace = c0 === 32;
  const trailingSpace = cl === 32;
  let leadingBreak = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  if (lineBreaks) {
    leadingBreak = lib ? isLibBreak(c0) : isPyBreak(c0);
    trailingBreak = lib ? isLibBreak(cl) : isPyBreak(cl);
    if (bits & B_SPACE) {
      breakSpace = (lib ? LIB_BREAK_SPACE : PY_BREAK_SPACE).test(s);
      spaceBreak = (lib ? LIB_SPACE_BREAK : PY_SPACE_BREAK).test(s);
    }
  }

  return styleFlags(
    lineBreaks,
    astral,
    special,
    flowIndicators,
    blockIndicators,
    leadingSpace || leadingBreak || trailingSpace || trailingBreak,
    trailingSpace,
    breakSpace,
    spaceBreak,
  );
}

export function analyzePy(s: string, allowUnicode: boolean): number {
  return analyze(s, false, allowUnicode, true);
}

export function analyzeLib(s: string, unicode: boolean): number {
  return analyze(s, true, unicode, true);
}

/**
 * analyzeLib for an emitter that never writes block scalars for strings (PyYAML's representer asks
 * for none): the BLOCK bit is left out, which lets long multi-line strings skip most of the scan.
 */
export function analyzeLibNoBlock(s: string, unicode: boolean): number {
  return analyze(s, true, unicode, false);
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
