import { type Hit, jsonEncode, notSecret, type TextContext, wanted } from './hits.js';
import { FIELD_RULES, type NamedRule, normalizeKey } from './rules.js';

class NotJson extends Error {}

/** String members of a JSON text whose keys are field rules, with their paths (`$.data[0].api_key`). */
export function scanJsonFields(text: string, ctx: TextContext): Hit[] {
  const out: Hit[] = [];
  const path: (string | number)[] = [];
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i += 1;
      else break;
    }
  };
  /** Index of the closing quote of the string that opens at `i`. */
  const stringEnd = (open: number): number => {
    let at = open + 1;
    for (;;) {
      const q = text.indexOf('"', at);
      if (q === -1) throw new NotJson();
      let slashes = 0;
      for (let k = q - 1; k > open && text.charCodeAt(k) === 0x5c; k -= 1) slashes += 1;
      if (slashes % 2 === 0) return q;
      at = q + 1;
    }
  };
  const value = (depth: number): void => {
    if (depth > 500) throw new NotJson();
    ws();
    const c = text[i];
    if (c === '{') {
      i += 1;
      ws();
      if (text[i] === '}') {
        i += 1;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') throw new NotJson();
        const keyEnd = stringEnd(i);
        const key = JSON.parse(text.slice(i, keyEnd + 1)) as string;
        i = keyEnd + 1;
        ws();
        if (text[i] !== ':') throw new NotJson();
        i += 1;
        ws();
        const rule: NamedRule | undefined = text[i] === '"' ? FIELD_RULES.get(normalizeKey(key)) : undefined;
        if (rule !== undefined && wanted(rule, ctx)) {
          const end = stringEnd(i);
          const secret = JSON.parse(text.slice(i, end + 1)) as string;
          if (!notSecret(secret, ctx)) {
            out.push({
              rule,
              start: i + 1,
              end,
              secret,
              where: `json: ${jsonPath([...path, key])}`,
              target: { kind: 'field', name: key },
              encode: jsonEncode,
            });
          }
          i = end + 1;
        } else {
          path.push(key);
          value(depth + 1);
          path.pop();
        }
        ws();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] === '}') {
          i += 1;
          return;
        }
        throw new NotJson();
      }
    }
    if (c === '[') {
      i += 1;
      ws();
      if (text[i] === ']') {
        i += 1;
        return;
      }
      for (let index = 0; ; index += 1) {
        path.push(index);
        value(depth + 1);
        path.pop();
        ws();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] === ']') {
          i += 1;
          return;
        }
        throw new NotJson();
      }
    }
    if (c === '"') {
      i = stringEnd(i) + 1;
      return;
    }
    // true, false, null or a number.
    if (c === undefined || !'tfn-0123456789'.includes(c)) throw new NotJson();
    while (i < n && !',]} \n\r\t'.includes(text[i]!)) i += 1;
  };
  try {
    value(0);
    ws();
    // Line-delimited JSON (streamed responses) is a sequence of documents.
    while (i < n && (text[i] === '{' || text[i] === '[')) {
      value(0);
      ws();
    }
    return out;
  } catch (error) {
    if (!(error instanceof NotJson) && !(error instanceof SyntaxError)) throw error;
    // Not JSON after all (or JSON inside SSE lines): fall back to `"key": "value"` pairs anywhere.
    return scanJsonLike(text, ctx);
  }
}

const JSON_PAIR = /"((?:[^"\\]|\\.){1,64})"\s*:\s*"((?:[^"\\]|\\.)*)"/g;

function scanJsonLike(text: string, ctx: TextContext): Hit[] {
  const out: Hit[] = [];
  JSON_PAIR.lastIndex = 0;
  for (let m = JSON_PAIR.exec(text); m !== null; m = JSON_PAIR.exec(text)) {
    let key: string;
    let secret: string;
    try {
      key = JSON.parse(`"${m[1]}"`) as string;
      secret = JSON.parse(`"${m[2]}"`) as string;
    } catch {
      continue;
    }
    const rule = FIELD_RULES.get(normalizeKey(key));
    if (rule === undefined || !wanted(rule, ctx) || notSecret(secret, ctx)) continue;
    const end = m.index + m[0].length - 1;
    const start = end - m[2]!.length;
    out.push({
      rule,
      start,
      end,
      secret,
      where: `json: $..${key}`,
      target: { kind: 'field', name: key },
      encode: jsonEncode,
    });
  }
  return out;
}

function jsonPath(path: readonly (string | number)[]): string {
  let out = '$';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(part)) out += `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}
