import { type Cassette, createError, fromTaggedJson, isValueMap, type TaggedJson } from '@cassettekit/core';
import { codecFor, type SourceInfo } from '@cassettekit/formats';
import { taggedJsonText } from './json-form.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A cassette sent as text: its dialect is read from the text itself (JSON or YAML), not from a header. */
export function decodeText(body: Buffer, source: Required<SourceInfo>): Cassette {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch (error) {
    throw createError('INVALID_CASSETTE', 'the body is not UTF-8 text', {
      ...source,
      hint: 'Send the cassette as UTF-8 YAML or JSON',
      cause: error,
    });
  }
  return codecFor(/^\s*[{[]/.test(text) ? 'json' : 'yaml').decode(text, source);
}

/** The cassette's own text: the bytes it was written with, in its own codec and style. */
export function encodeText(cassette: Cassette): { text: string; contentType: string } {
  const codec = cassette.format?.original?.codec ?? cassette.format?.style?.codec ?? 'yaml';
  return codec === 'json'
    ? { text: codecFor('json').encode(cassette), contentType: 'application/json; charset=utf-8' }
    : { text: codecFor('yaml').encode(cassette), contentType: 'application/yaml; charset=utf-8' };
}

/** The `json` form: the document as JSON, bytes as `{"$bytes": base64}` (core's tagged JSON). */
export function encodeJson(cassette: Cassette): string {
  return taggedJsonText(cassette.data);
}

/**
 * Legacy vcrpy tags that PyYAML reads as something a document cannot hold (`!!python/tuple` a tuple,
 * `!!python/object/new:_io.BytesIO` a file object, `!!python/object/apply:builtins.iter` an iterator):
 * the document keeps their data (a list, bytes), so its json form is not what vcrpy reads from the text.
 */
const PYTHON_OBJECT_TAG = /python\/(?:tuple|object)/;

/** Whether the cassette's own text says more to PyYAML than its json form does (then clients read the text). */
export function jsonFormIsLossy(cassette: Cassette): boolean {
  const original = cassette.format?.original;
  return original?.codec === 'yaml' && PYTHON_OBJECT_TAG.test(original.text);
}

export function decodeJson(body: Buffer, source: Required<SourceInfo>): Cassette {
  let json: TaggedJson;
  try {
    json = JSON.parse(utf8.decode(body)) as TaggedJson;
  } catch (error) {
    throw createError('INVALID_CASSETTE', `the body is not JSON: ${(error as Error).message}`, {
      ...source,
      hint: 'Send the document as JSON (bytes as {"$bytes": base64}), or send its text without Content-Type: application/json',
      cause: error,
    });
  }
  const data = fromTaggedJson(json);
  if (!isValueMap(data) || (data.interactions !== undefined && !Array.isArray(data.interactions))) {
    throw createError(
      'INVALID_CASSETTE',
      'the JSON document is not a cassette (an object with "interactions")',
      {
        ...source,
        hint: 'Send {"version": 1, "interactions": [...]}',
      },
    );
  }
  return { data };
}
