/**
 * Reads a Ruby VCR (2.0+) YAML cassette into the lossless value model, refusing VCR 1.x files
 * (`!ruby/struct:VCR::...`) with the way out: VCR's own migration task.
 */
import { type CassetteData, isValueMap, type Value } from '@cassettekit/core';
import yaml from 'js-yaml';
import type { SourceInfo } from '../codec/codec.js';
import { invalid } from '../codec/document.js';
import { RUBY_VCR_SCHEMA } from './schema.js';

const VCR_1X = /!ruby\/struct:VCR::[A-Za-z:]+/;

export function loadRubyVcrYaml(text: string, source: SourceInfo = {}): CassetteData {
  const old = refusedVcr1(text, source);
  if (old !== null) throw old;
  let document: unknown;
  try {
    document = yaml.load(text, { schema: RUBY_VCR_SCHEMA });
  } catch (error) {
    throw explain(error, source);
  }
  return asRubyVcrData(document, source);
}

/** The error for a VCR 1.x cassette (`!ruby/struct:VCR::...`), naming the way out; null for others. */
export function refusedVcr1(text: string, source: SourceInfo): Error | null {
  const old = VCR_1X.exec(text);
  if (old === null) return null;
  return invalid(
    source,
    `this is a VCR 1.x cassette (it holds ${old[0]}), a format VCR 2.0 and later no longer read`,
    "Convert it with VCR's own migration task (`rake vcr:migrate_cassettes DIR=<cassette folder>`, from vcr/tasks/vcr.rake), then read it again",
  );
}

/** A mapping whose `http_interactions`, when present, is a list of maps with request and response maps. */
export function asRubyVcrData(document: unknown, source: SourceInfo): CassetteData {
  if (document === null || document === undefined) return {};
  const data = document as Value;
  if (!isValueMap(data)) throw invalid(source, 'the document is not a Ruby VCR cassette mapping');
  const list = data.http_interactions;
  if (list === undefined || list === null) return data;
  if (!Array.isArray(list)) throw invalid(source, '"http_interactions" is not a list');
  list.forEach((interaction, i) => {
    if (!isValueMap(interaction) || !isValueMap(interaction.request) || !isValueMap(interaction.response)) {
      throw invalid(source, `interaction ${i} has no "request" and "response" mappings`);
    }
  });
  return data;
}

function explain(error: unknown, source: SourceInfo): Error {
  if (error instanceof yaml.YAMLException) {
    const mark = error.mark as { line?: number; column?: number } | undefined;
    const where =
      mark?.line === undefined ? '' : ` at line ${mark.line + 1}, column ${(mark.column ?? 0) + 1}`;
    const tag = /unknown tag !<(.*?)>/.exec(error.reason)?.[1];
    if (tag !== undefined) {
      return invalid(
        source,
        `refused tag ${tag}${where}: cassettes hold data only, and this tag asks to construct Ruby objects`,
        'Remove the tag, or re-record the cassette',
        error,
      );
    }
    return invalid(source, `invalid YAML${where}: ${error.reason}`, undefined, error);
  }
  return error instanceof Error ? error : new Error(String(error));
}
