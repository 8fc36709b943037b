import {
  type CassetteData,
  type CodecStyle,
  contentDigest,
  interactionsOf,
  valueDigest,
} from '@cassettekit/core';
import { dumpPyYaml } from '../pyyaml/index.js';
import { codecStyleToYamlStyle } from './yaml-style.js';

/**
 * Minimal diffs for YAML files no PyYAML style reproduces (edited by hand, or by other writers): the
 * text of every unchanged interaction is kept as it was, and only changed or new interactions are
 * emitted (in `style`). Works on vcrpy's layout — a top-level `interactions:` block sequence with
 * items at column 0 — and answers null for anything else, or when the result would not read back as
 * `data`; the caller then writes the whole file.
 */
export function spliceYaml(
  original: { text: string; data: CassetteData },
  data: CassetteData,
  style: CodecStyle,
  decode: (text: string) => CassetteData,
): string | null {
  const layout = splitInteractions(original.text);
  const before = interactionsOf(original.data);
  const after = interactionsOf(data);
  if (layout === null || layout.items.length !== before.length || after.length === 0) return null;
  if (contentDigest(withoutInteractions(original.data)) !== contentDigest(withoutInteractions(data)))
    return null;

  const textByDigest = new Map<string, string>();
  before.forEach((interaction, i) => {
    const digest = valueDigest(interaction);
    if (!textByDigest.has(digest)) textByDigest.set(digest, layout.items[i]!);
  });
  const yamlStyle = codecStyleToYamlStyle(style);
  const items = after.map(
    (interaction) => textByDigest.get(valueDigest(interaction)) ?? dumpPyYaml([interaction], yamlStyle),
  );
  const text = `${layout.head}${items.join('')}${layout.tail}`;
  try {
    return contentDigest(decode(text)) === contentDigest(data) ? text : null;
  } catch {
    return null;
  }
}

interface Layout {
  /** Everything up to and including the `interactions:` line. */
  readonly head: string;
  /** One text per interaction, each starting with `- ` at column 0. */
  readonly items: string[];
  /** The top-level keys after the interactions (`version: 1`). */
  readonly tail: string;
}

function splitInteractions(text: string): Layout | null {
  const start = text.startsWith('interactions:\n') ? 0 : text.indexOf('\ninteractions:\n') + 1;
  if (start === 0 && !text.startsWith('interactions:\n')) return null;
  const bodyStart = start + 'interactions:\n'.length;
  const items: string[] = [];
  let itemStart = -1;
  let offset = bodyStart;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    const lineEnd = end === -1 ? text.length : end + 1;
    const ch = text[offset];
    if (ch === '-' && (text[offset + 1] === ' ' || text[offset + 1] === '\n')) {
      if (itemStart !== -1) items.push(text.slice(itemStart, offset));
      itemStart = offset;
    } else if (ch !== ' ' && ch !== '\n') break;
    offset = lineEnd;
  }
  if (itemStart === -1) return null;
  items.push(text.slice(itemStart, offset));
  return { head: text.slice(0, bodyStart), items, tail: text.slice(offset) };
}

function withoutInteractions(data: CassetteData): CassetteData {
  const { interactions: _ignored, ...rest } = data;
  return rest;
}
