import { type CassetteData, cloneValue, createError, isValueMap, type Value } from '@cassettekit/core';
import type { SourceInfo } from './codec.js';

/** Expanded size above which a document is refused: aliases can make a small file huge in memory. */
export const MAX_EXPANDED_WEIGHT = 1 << 25;
/** Deeper than any cassette, shallow enough for every recursive walk that follows (js-yaml stops at 100 too). */
export const MAX_DEPTH = 100;

/**
 * Checks that a decoded document is a cassette and returns it: a mapping (an empty document is an
 * empty cassette) whose `interactions`, when present, is a list of maps with `request` and `response`
 * maps. Also refuses alias bombs and absurd nesting before anything walks the whole tree.
 */
export function asCassetteData(
  document: unknown,
  source: SourceInfo,
  codec: string,
  mayHaveAliases: boolean,
): CassetteData {
  if (document === null || document === undefined) return {};
  const value = document as Value;
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
 * The weight of the tree with aliases expanded (nodes, plus strings by length), computed once per
 * shared node so the check itself stays linear. Also bounds the depth. True when a node is shared
 * (an alias): the caller then copies the tree, so that changing one place never changes another.
 */
function checkSize(root: Value, source: SourceInfo): boolean {
  const seen = new Map<object, number>();
  let shared = false;
  const weigh = (value: Value, depth: number): number => {
    if (depth > MAX_DEPTH) throw invalid(source, `the document is nested deeper than ${MAX_DEPTH} levels`);
    if (typeof value === 'string') return 1 + (value.length >> 4);
    if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return 1;
    const known = seen.get(value);
    if (known !== undefined) {
      shared = true;
      if (known < 0) throw invalid(source, 'the document refers to itself (a recursive alias)');
      return known;
    }
    seen.set(value, -1);
    let total = 1;
    const children = Array.isArray(value) ? value : isValueMap(value) ? Object.values(value) : [];
    for (const child of children) {
      total += weigh(child, depth + 1);
      if (total > MAX_EXPANDED_WEIGHT) {
        throw invalid(source, 'the document expands to more data than a cassette can hold (an alias bomb?)');
      }
    }
    seen.set(value, total);
    return total;
  };
  weigh(root, 0);
  return shared;
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
