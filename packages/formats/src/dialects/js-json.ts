import { PyFloat, type Value } from '@cassettekit/core';
import { JSON_BYTES_KEY } from '../codec/json-dumps.js';
import { pythonFloatRepr } from '../pyyaml/represent.js';

/**
 * How JavaScript and Ruby tools write JSON: `JSON.stringify(x, null, indent)` (nock, Ruby's
 * `JSON.pretty_generate` is the same with indent 2, `JSON.generate` with indent 0), and
 * `json-stable-stringify(x, {space: 2})` with sorted keys (Polly's persister-fs).
 */
export interface JsJsonStyle {
  /** Spaces per level; 0 writes one line without spaces. */
  readonly indent: number;
  /** Keys sorted by UTF-16 code units (json-stable-stringify), else in document order. */
  readonly sortKeys: boolean;
  /** A `"\n"` after the document. */
  readonly newline: boolean;
}

export function stringifyJs(value: Value, style: JsJsonStyle): string {
  const out: string[] = [];
  write(value, style, '\n', out);
  if (style.newline) out.push('\n');
  return out.join('');
}

function write(value: Value, style: JsJsonStyle, indent: string, out: string[]): void {
  if (typeof value === 'string') out.push(JSON.stringify(value));
  else if (typeof value === 'number') out.push(Number.isFinite(value) ? String(value) : 'null');
  else if (typeof value === 'bigint') out.push(value.toString());
  else if (typeof value === 'boolean') out.push(value ? 'true' : 'false');
  else if (value === null) out.push('null');
  else if (value instanceof PyFloat) out.push(pythonFloatRepr(value.value));
  else if (value instanceof Uint8Array) {
    const base64 = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
    write({ [JSON_BYTES_KEY]: base64 }, style, indent, out);
  } else if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push('[]');
      return;
    }
    const inner = style.indent > 0 ? indent + ' '.repeat(style.indent) : '';
    out.push('[');
    value.forEach((item, i) => {
      if (i > 0) out.push(',');
      out.push(inner);
      write(item, style, inner, out);
    });
    out.push(style.indent > 0 ? indent : '', ']');
  } else {
    const keys = Object.keys(value);
    if (style.sortKeys) keys.sort();
    if (keys.length === 0) {
      out.push('{}');
      return;
    }
    const inner = style.indent > 0 ? indent + ' '.repeat(style.indent) : '';
    out.push('{');
    keys.forEach((key, i) => {
      if (i > 0) out.push(',');
      out.push(inner, JSON.stringify(key), style.indent > 0 ? ': ' : ':');
      write(value[key] as Value, style, inner, out);
    });
    out.push(style.indent > 0 ? indent : '', '}');
  }
}

/** The JS JSON style that writes exactly `text` for `value`, trying the given indents. */
export function detectJsJsonStyle(
  text: string,
  value: Value,
  sortKeys: readonly boolean[],
): JsJsonStyle | null {
  const match = /^[[{]\n( +)\S/.exec(text);
  const indents = match === null ? [0] : [match[1]!.length];
  const newline = text.endsWith('\n');
  for (const indent of indents) {
    for (const sort of sortKeys) {
      const style = { indent, sortKeys: sort, newline };
      if (stringifyJs(value, style) === text) return style;
    }
  }
  return null;
}
