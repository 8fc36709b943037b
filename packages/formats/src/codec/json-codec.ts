import {
  type Cassette,
  type CassetteData,
  type CodecStyle,
  type DialectName,
  detectDialect,
  isValueMap,
  type Value,
} from '@cassettekit/core';
import { detectInDialect, encodeInDialect } from '../dialects/encode-dialect.js';
import { inStoreDialect } from '../dialects/new-cassettes.js';
import { LIST_KEY } from '../dialects/nock.js';
import { dialectOf } from '../dialects/registry.js';
import type { CassetteCodec, SourceInfo } from './codec.js';
import { asCassetteData, invalid } from './document.js';
import { encodeWith } from './encode-with.js';
import { dumpPythonJson, JSON_BYTES_KEY, type JsonStyle } from './json-dumps.js';
import { mayNeedProtection, protectNumbers, restoreNumber } from './json-numbers.js';
import { originalText } from './original-text.js';

/** vcrpy's JSON serializer: `json.dumps(data, indent=4) + "\n"`. */
export const DEFAULT_JSON_STYLE: JsonStyle = {
  codec: 'json',
  indent: 4,
  sortKeys: false,
  ensureAscii: true,
  newline: true,
};

export interface JsonCodecOptions {
  readonly style?: JsonStyle;
  /** The dialect of cassettes created in this codec (a store's `?dialect=`); default vcrpy. */
  readonly dialect?: DialectName;
}

/**
 * vcrpy's JSON cassettes. Python's json cannot write bytes, so bytes are written as
 * `{"!!binary": base64}` (the YAML tag's name) and read back as bytes.
 */
export function jsonCodec(options: JsonCodecOptions = {}): CassetteCodec {
  const codec: CassetteCodec = {
    name: 'json',
    extensions: options.dialect === 'har' ? ['.har', '.json'] : ['.json', '.har'],
    extensionFor: (cassette) =>
      dialectOf(inStoreDialect(cassette, options.dialect)).name === 'har' ? '.har' : '.json',
    defaultStyle: { ...(options.style ?? DEFAULT_JSON_STYLE) },
    decode: (text, source = {}) => decodeJson(text, source),
    encode: (given) => {
      const cassette = inStoreDialect(given, options.dialect);
      return (
        encodeInDialect(codec, cassette) ??
        encodeWith(codec, cassette, (data, style) => dumpPythonJson(data, asJsonStyle(style)))
      );
    },
    detectStyle: (text, data) => {
      const dialect = detectInDialect('json', text, data);
      return dialect === undefined ? detectJsonStyle(text, data) : dialect;
    },
  };
  return codec;
}

export function decodeJson(text: string, source: SourceInfo = {}): Cassette {
  let parsed: ParsedJson;
  try {
    parsed = isBlank(text) ? { document: null, marker: null } : parseAsItsTool(text);
  } catch {
    // Positions in the protected text are shifted: report the error as the original text has it.
    const error = parseError(text);
    throw invalid(
      source,
      `invalid JSON${jsonPosition(text, error)}: ${(error as Error).message}`,
      undefined,
      error,
    );
  }
  try {
    // Nothing to revive without protected numbers or `{"!!binary": ...}` objects: skip the writing walk.
    const { document, marker } = parsed;
    const revived = marker === null && !holdsBytes(document) ? document : revive(document, marker);
    const data = asCassetteData(revived, source, 'JSON', false);
    return {
      data,
      format: { original: originalText('json', text, (same) => decodeJson(same, source).data) },
    };
  } catch (error) {
    if (error instanceof RangeError)
      throw invalid(source, 'the document is nested too deeply to be a cassette');
    throw error;
  }
}

/** `text.trim() === ''`, stopping at the first character that is not white space (a `{`, mostly). */
function isBlank(text: string): boolean {
  return !/\S/.test(text);
}

interface ParsedJson {
  readonly document: Value;
  /** The marker of protected numbers (json-numbers.ts), or null when none were. */
  readonly marker: string | null;
}

/** The dialects whose tools read their files with JSON.parse: Polly (HAR) and nock. */
const JSON_PARSE_DIALECTS: ReadonlySet<DialectName> = new Set(['har', 'nock']);

/**
 * The document as its tool reads it. Polly and nock read their files with JSON.parse, so JSON.parse
 * alone reads HAR and nock documents exactly. Python (vcrpy, Betamax) and Ruby (Ruby VCR) tell `1.0`
 * from `1` and keep integers beyond 2^53: their documents are read with the numbers JSON.parse would
 * get wrong protected (json-numbers.ts) — a scan of the whole text, which costs about what the parse
 * does, so it is done only where it is needed, and there only when a cheap check says it may matter.
 */
function parseAsItsTool(text: string): ParsedJson {
  let document: Value | undefined;
  try {
    document = asMap(JSON.parse(text) as Value);
  } catch {
    // `NaN` or `Infinity` (Python writes them) make JSON only once protected; else a syntax error.
  }
  if (isValueMap(document) && JSON_PARSE_DIALECTS.has(detectDialect(document))) {
    return { document, marker: null };
  }
  // Most documents have no number JSON.parse misreads, and a cheap check says so (json-numbers.ts).
  if (document !== undefined && !mayNeedProtection(text, document)) return { document, marker: null };
  const numbers = protectNumbers(text);
  if (document !== undefined && numbers.marker === null) return { document, marker: null };
  return { document: asMap(JSON.parse(numbers.text) as Value), marker: numbers.marker };
}

/** nock's fixtures are a list of definitions: held as `{$list: [...]}` (a cassette is a map). */
function asMap(document: Value): Value {
  const isNock =
    Array.isArray(document) && document.every((item) => isValueMap(item) && typeof item.scope === 'string');
  return isNock ? { [LIST_KEY]: document } : document;
}

function parseError(text: string): unknown {
  try {
    JSON.parse(text);
    return new SyntaxError('unexpected token');
  } catch (error) {
    return error;
  }
}

/**
 * True when some map holds the `{"!!binary": ...}` key. A walk of the parsed document, without
 * recursion: far cheaper than searching the text (a cassette is mostly long strings, few nodes).
 */
function holdsBytes(document: Value): boolean {
  const stack: unknown[] = [document];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null) stack.push(item);
    } else if (typeof value === 'object' && value !== null) {
      if (Object.hasOwn(value, JSON_BYTES_KEY)) return true;
      for (const key in value) {
        const item = (value as Record<string, unknown>)[key];
        if (typeof item === 'object' && item !== null) stack.push(item);
      }
    }
  }
  return false;
}

/** Turns `{"!!binary": base64}` back into bytes, and protected numbers back into numbers. */
function revive(value: Value, marker: string | null): Value {
  if (marker !== null && typeof value === 'string') return restoreNumber(value, marker);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) value[i] = revive(value[i] as Value, marker);
    return value;
  }
  if (isValueMap(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === JSON_BYTES_KEY && typeof value[JSON_BYTES_KEY] === 'string') {
      return new Uint8Array(Buffer.from(value[JSON_BYTES_KEY], 'base64'));
    }
    for (const key of keys) value[key] = revive(value[key] as Value, marker);
  }
  return value;
}

function asJsonStyle(style: CodecStyle): JsonStyle {
  return {
    codec: 'json',
    indent: typeof style.indent === 'number' ? style.indent : 4,
    sortKeys: style.sortKeys === true,
    ensureAscii: style.ensureAscii !== false,
    newline: style.newline !== false,
  };
}

function detectJsonStyle(text: string, data: CassetteData): CodecStyle | null {
  const indentMatch = /^\{\n( *)\S/.exec(text);
  const indents = indentMatch === null ? [-1, 4, 2] : [indentMatch[1]!.length];
  const newline = text.endsWith('\n');
  for (const indent of indents) {
    for (const ensureAscii of [true, false]) {
      for (const sortKeys of [false, true]) {
        const style: JsonStyle = { codec: 'json', indent, sortKeys, ensureAscii, newline };
        if (dumpPythonJson(data, style) === text) return { ...style };
      }
    }
  }
  return null;
}

/** Where JSON.parse gave up, as " at line L, column C" (Node 20's messages do not always say). */
function jsonPosition(text: string, error: unknown): string {
  const stated = /position (\d+)/.exec(String((error as Error).message));
  const offset = stated === null ? firstJsonError(text) : Number(stated[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}

/** The offset of the first syntax error in `text`: a minimal JSON scanner, used only on failure. */
function firstJsonError(text: string): number {
  let i = 0;
  const space = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i += 1;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      i += 1;
      space();
      if (text[i] === close) {
        i += 1;
        return;
      }
      for (;;) {
        if (close === '}') {
          space();
          if (text[i] !== '"') fail();
          string();
          space();
          if (text[i] !== ':') fail();
          i += 1;
        }
        value();
        space();
        if (text[i] === ',') i += 1;
        else if (text[i] === close) {
          i += 1;
          return;
        } else fail();
      }
    }
    if (ch === '"') {
      string();
      return;
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?)/.exec(
      text.slice(i, i + 400),
    );
    if (literal === null) fail();
    i += literal![0].length;
  };
  const string = (): void => {
    i += 1;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail();
    i += 1;
  };
  try {
    value();
    space();
    return i;
  } catch (offset) {
    return typeof offset === 'number' ? offset : 0;
  }
}
