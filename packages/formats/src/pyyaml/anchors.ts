/**
 * `Serializer.anchor_node`: a list or dict object met twice gets an anchor (`&id001`) and its later
 * occurrences become aliases (`*id001`). Anchors are numbered in the order of the second meeting,
 * walking the document as it is written (mapping keys sorted). Cassettes almost never share objects:
 * the emitter only asks for anchors once it has met a container twice.
 */
import { PyFloat, type Value, type ValueMap } from '@cassettekit/core';
import { sortedKeys } from './represent.js';

type Container = Value[] | ValueMap;

function isContainer(v: Value | undefined): v is Container {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !(v instanceof PyFloat);
}

/** Anchor names for the shared containers of `root` (empty when nothing is shared). */
export function findAnchors(root: Value): Map<Container, string> {
  const seen = new Set<Container>();
  const anchors = new Map<Container, string>();
  const visit = (v: Value | undefined): void => {
    if (!isContainer(v)) return;
    if (seen.has(v)) {
      if (!anchors.has(v)) anchors.set(v, `id${String(anchors.size + 1).padStart(3, '0')}`);
      return;
    }
    seen.add(v);
    if (Array.isArray(v)) {
      for (const item of v) visit(item);
    } else {
      for (const k of sortedKeys(v)) visit(v[k]);
    }
  };
  visit(root);
  return anchors;
}
