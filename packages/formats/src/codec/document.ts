import {
  type CassetteData,
  cloneValue,
  createError,
  detectDialect,
  isValueMap,
  PyFloat,
  type Value,
} from '@cassettekit/core';
import type { SourceInfo } from './codec.js';
import { otherToolOf } from './other-tools.js';

/**
 * How much aliases may add to a document, in the units of checkSize (about the bytes the
 * expanded data takes to write out). Real cassettes share a few header maps; an alias bomb of a few
 * hundred bytes asks for gigabytes. Checked on js-yaml's tree, where aliases are still shared, before
 * anything copies, hashes or writes the expansion.
 */
export const MAX_ALIAS_EXPANSION = 4 * 1024 * 1024;
/** Deeper than any cassette, shallow enough for every recursive walk that follows (js-yaml stops at 100 too). */
export const MAX_DEPTH = 100;

/**
 * Checks that a decoded document is a cassette and returns it: a mapping (an empty document is an
 * empty cassette) whose `interactions` is a list of maps with `request` and `response` maps. Also
 * refuses alias bombs and absurd nesting before anything walks the whole tree, and names the tool of
 * another tool's cassette instead of taking it for an empty one.
 */
export function asCassetteData(
  document: unknown,
  source: SourceInfo,
  codec: string,
  mayHaveAliases: boolean,
): CassetteData {
  if (document === null || document === undefined) return {};
  const value = document as Value;
  // Another tool's document that a dialect reads (every tool's, once formats is loaded) is that
  // dialect's: only the size and depth bounds apply to it here.
  if (isValueMap(value) && detectDialect(value) !== 'vcrpy') {
    return (mayHaveAliases ? checkSize(value, source) : checkDepth(value, source))
      ? cloneValue(value)
      : value;
  }
  const tool = otherToolOf(value);
  if (tool !== null) {
    throw createError('UNSUPPORTED', `this is a cassette of ${tool}, which this version does not read yet`, {
      store: source.store,
      cassette: source.cassette,
      hint: `Keep ${tool} cassettes out of this store for now`,
    });
  }
  if (!isValueMap(value)) {
    const what = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    throw invalid(
      source,
      `the ${codec} document is ${what}, not a cassette mapping`,
      Array.isArray(value)
        ? "This is vcrpy's pre-1.0 cassette format: convert it with vcrpy's migration (python -m vcr.migration)"
        : undefined,
    );
  }
  const data = (mayHaveAliases ? checkSize(value, source) : checkDepth(value, source))
    ? cloneValue(value)
    : value;
  const interactions = data.interactions;
  if (interactions === undefined && Object.keys(data).length > 0) {
    throw invalid(
      source,
      `the ${codec} document has no "interactions" and is no cassette format this tool knows (keys: ${Object.keys(data).slice(0, 5).join(', ')})`,
      'A vcrpy cassette is a mapping with an "interactions" list; move other files out of the store',
    );
  }
  if (interactions === undefined || interactions === null) return data;
  if (!Array.isArray(interactions)) throw invalid(source, '"interactions" is not a list');
  interactions.forEach((interaction, i) => {
    if (!isValueMap(interaction) || !isValueMap(interaction.request) || !isValueMap(interaction.response)) {
      throw invalid(source, `interaction ${i} has no "request" and "response" mappings`);
    }
  });
  return data;
}

export function invalid(source: SourceInfo, message: string, hint?: string, cause?: unknown) {
  return createError('INVALID_CASSETTE', message, {
    store: source.store,
    cassette: source.cassette,
    hint: hint ?? 'Fix the file, or restore it from version control',
    cause,
  });
}

/**
 * Refuses a document whose aliases expand it by more than {@link MAX_ALIAS_EXPANSION}: the size of
 * the tree with every alias expanded, less its size with each shared node counted once. Each node's
 * expanded size is computed once (memoized), so the check is linear in what js-yaml built. Also
 * bounds the depth and refuses recursive aliases. True when a node is shared: the caller then copies
 * the tree, so that changing one place never changes another.
 */
function checkSize(root: Value, source: SourceInfo): boolean {
  const expanded = new Map<object, number>();
  let built = 0;
  let shared = false;
  const weigh = (value: Value, depth: number): number => {
    if (depth > MAX_DEPTH) throw invalid(source, `the document is nested deeper than ${MAX_DEPTH} levels`);
    if (typeof value !== 'object' || value === null || value instanceof PyFloat) {
      const size = scalarSize(value);
      built += size;
      return size;
    }
    const known = expanded.get(value);
    if (known !== undefined) {
      if (known < 0) throw invalid(source, 'the document refers to itself (a recursive alias)');
      shared = true;
      return known;
    }
    expanded.set(value, -1);
    let total = NODE_SIZE;
    if (value instanceof Uint8Array) total += value.byteLength;
    else if (Array.isArray(value)) for (const child of value) total += weigh(child, depth + 1);
    else {
      for (const key of Object.keys(value)) {
        total += NODE_SIZE + key.length + weigh(value[key] as Value, depth + 1);
        built += NODE_SIZE + key.length;
      }
    }
    built += value instanceof Uint8Array ? total : NODE_SIZE;
    if (total - built > MAX_ALIAS_EXPANSION) {
      throw invalid(
        source,
        `the document's aliases expand it to more than ${MAX_ALIAS_EXPANSION >> 20} MB (an alias bomb?)`,
        'Cassettes written by vcrpy share little; remove the aliases (*name) or re-record the cassette',
      );
    }
    expanded.set(value, total);
    return total;
  };
  weigh(root, 0);
  return shared;
}

/** What one node costs beside its text: enough that a bomb of empty strings is not free. */
const NODE_SIZE = 16;

function scalarSize(value: Value): number {
  return typeof value === 'string' ? NODE_SIZE + value.length : NODE_SIZE;
}

/** The depth bound alone, for documents without anchors (nothing can be shared): a light walk. */
function checkDepth(root: Value, source: SourceInfo): false {
  const visit = (value: Value, depth: number): void => {
    if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return;
    if (depth > MAX_DEPTH) throw invalid(source, `the document is nested deeper than ${MAX_DEPTH} levels`);
    if (Array.isArray(value)) for (const child of value) visit(child, depth + 1);
    else if (isValueMap(value)) for (const key in value) visit(value[key] as Value, depth + 1);
  };
  visit(root, 0);
  return false;
}
