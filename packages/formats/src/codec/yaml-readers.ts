/**
 * Which YAML library's rules a cassette is read with: those of the tool that wrote it. Plain scalars
 * resolve differently in PyYAML (vcrpy), Psych (Ruby VCR) and yaml.v3 (go-vcr) — `1e-05` is a string
 * to PyYAML and a float to yaml.v3, `<<` merges only in PyYAML — so each dialect is read as its own
 * tool reads it, through the fast path when the text is in its writer's layout.
 */
import { type DialectName, detectDialect, isValueMap, type Value } from '@cassettekit/core';
import yaml from 'js-yaml';
import { RUBY_VCR_SCHEMA } from '../psych/schema.js';
import { GO_VCR_SCHEMA } from '../yamlv3/schema.js';
import {
  type FastYamlRules,
  fastLoadMapping,
  fastLoadYaml,
  fastYamlRules,
  PYYAML_RULES,
} from './yaml-fast-load.js';
import { CASSETTE_SCHEMA } from './yaml-schema.js';

export interface YamlReader {
  readonly name: 'pyyaml' | 'psych' | 'yaml.v3';
  readonly schema: yaml.Schema;
  readonly rules: FastYamlRules;
}

export const PYYAML_READER: YamlReader = { name: 'pyyaml', schema: CASSETTE_SCHEMA, rules: PYYAML_RULES };
export const PSYCH_READER: YamlReader = {
  name: 'psych',
  schema: RUBY_VCR_SCHEMA,
  rules: fastYamlRules(RUBY_VCR_SCHEMA),
};
export const YAMLV3_READER: YamlReader = {
  name: 'yaml.v3',
  schema: GO_VCR_SCHEMA,
  rules: fastYamlRules(GO_VCR_SCHEMA),
};

/**
 * The reader a document's text suggests: Psych and go-vcr start with `---`, then their first key;
 * go-vcr's `version:` comes first even without it (vcrpy's comes after `interactions:`).
 */
export function readerFromText(text: string): YamlReader {
  const body = text.startsWith('---\n') ? 4 : 0;
  if (body === 4 && text.startsWith('http_interactions:', 4)) return PSYCH_READER;
  if (text.startsWith('version:', body) || (body === 4 && text.startsWith('interactions:', 4)))
    return YAMLV3_READER;
  return PYYAML_READER;
}

/** The reader of a dialect's documents. */
export function readerOfDialect(dialect: DialectName): YamlReader {
  if (dialect === 'ruby-vcr') return PSYCH_READER;
  if (dialect === 'go-vcr') return YAMLV3_READER;
  return PYYAML_READER;
}

export interface LoadedYaml {
  readonly document: unknown;
  /** True when the fast path read it (no anchors, so nothing in it is shared). */
  readonly fast: boolean;
}

/** The text read with one reader's rules: the fast path, else js-yaml (duplicate keys: the last wins). */
export function loadWith(reader: YamlReader, text: string): LoadedYaml {
  const fast = reader.name === 'pyyaml' ? fastLoadYaml(text) : fastLoadMapping(text, reader.rules);
  if (fast !== undefined) return { document: fast, fast: true };
  return { document: yaml.load(text, { schema: reader.schema, json: true }), fast: false };
}

/**
 * The document read as its tool reads it: with the rules its text suggests, then — when what was read
 * turns out to be another dialect's cassette — again with that dialect's rules.
 */
export function loadYamlDocument(text: string): LoadedYaml {
  const guess = readerFromText(text);
  const loaded = loadWith(guess, text);
  const document = loaded.document as Value | undefined;
  if (!isValueMap(document)) return loaded;
  const reader = readerOfDialect(detectDialect(document));
  return reader === guess ? loaded : loadWith(reader, text);
}
