import { PyFloat, type Value } from '@cassettekit/core';
import { pythonFloatRepr, sortedKeys } from '../pyyaml/represent.js';

/** The options of Python's `json.dumps` that cassette writers use (vcrpy: indent 4 + newline). */
export interface JsonStyle {
  readonly codec: 'json';
  /** Spaces per level; -1 for `indent=None` (one line, `", "` and `": "` separators). */
  readonly indent: number;
  readonly sortKeys: boolean;
  readonly ensureAscii: boolean;
  /** A `"\n"` after the document (vcrpy adds one; `json.dump` alone does not). */
  readonly newline: boolean;
}

/** The tag for bytes in JSON cassettes, which Python's json cannot write: `{"!!binary": base64}`. */
export const JSON_BYTES_KEY = '!!binary';

/** Byte for byte what `json.dumps(value, indent, sort_keys, ensure_ascii)` writes. */
export function dumpPythonJson(value: Value, style: JsonStyle): string {
  const out: string[] = [];
  write(value, style, 0, out);
  if (style.newline) out.push('\n');
  return out.join('');
}

function write(value: Value, style: JsonStyle, level: number, out: string[]): void {
  if (typeof value === 'string') out.push(quote(value, style.ensureAscii));
  else if (typeof value === 'number')
    out.push(Number.isInteger(value) && !Object.is(value, -0) ? String(value) : floatText(value));
  else if (typeof value === 'bigint') out.push(value.toString());
  else if (typeof value === 'boolean') out.push(value ? 'true' : 'false');
  else if (value === null) out.push('null');
  else if (value instanceof PyFloat) out.push(floatText(value.value));
  else if (value instanceof Uint8Array) {
    write(
      { [JSON_BYTES_KEY]: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') },
      style,
      level,
      out,
    );
  } else if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push('[]');
      return;
    }
    out.push('[');
    value.forEach((item, i) => {
      out.push(i === 0 ? open(style, level + 1) : separator(style, level + 1));
      write(item, style, level + 1, out);
    });
    out.push(close(style, level), ']');
  } else {
    const keys = style.sortKeys ? sortedKeys(value) : Object.keys(value);
    if (keys.length === 0) {
      out.push('{}');
      return;
    }
    out.push('{');
    keys.forEach((key, i) => {
      out.push(
        i === 0 ? open(style, level + 1) : separator(style, level + 1),
        quote(key, style.ensureAscii),
        ': ',
      );
      write(value[key] as Value, style, level + 1, out);
    });
    out.push(close(style, level), '}');
  }
}

function open(style: JsonStyle, level: number): string {
  return style.indent < 0 ? '' : `\n${' '.repeat(style.indent * level)}`;
}
function separator(style: JsonStyle, level: number): string {
  return style.indent < 0 ? ', ' : `,\n${' '.repeat(style.indent * level)}`;
}
function close(style: JsonStyle, level: number): string {
  return style.indent < 0 ? '' : `\n${' '.repeat(style.indent * level)}`;
}

function floatText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  return pythonFloatRepr(value);
}

const SHORT: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};
const ESCAPE = /[\u0000-\u001f"\\]/g;
const ESCAPE_ASCII = /[^ -~]|["\\]/g;

/** `py_encode_basestring(_ascii)`: short escapes, `\u00XX` (lowercase) for the rest; astral as pairs. */
function quote(text: string, ensureAscii: boolean): string {
  const pattern = ensureAscii ? ESCAPE_ASCII : ESCAPE;
  pattern.lastIndex = 0;
  if (!pattern.test(text)) return `"${text}"`;
  return `"${text.replace(pattern, (ch) => SHORT[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}
