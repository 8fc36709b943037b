/**
 * Reads a go-vcr cassette (format version 1, written by go-vcr v1/v2 with yaml.v2, or version 2,
 * go-vcr v3/v4 with yaml.v3) into the lossless value model.
 */
import { type CassetteData, isValueMap, type Value } from '@cassettekit/core';
import yaml from 'js-yaml';
import type { SourceInfo } from '../codec/codec.js';
import { invalid } from '../codec/document.js';
import { GO_VCR_SCHEMA } from './schema.js';

export function loadGoVcrYaml(text: string, source: SourceInfo = {}): CassetteData {
  let document: unknown;
  try {
    document = yaml.load(text, { schema: GO_VCR_SCHEMA });
  } catch (error) {
    if (!(error instanceof yaml.YAMLException)) throw error;
    const mark = error.mark as { line?: number; column?: number } | undefined;
    const where =
      mark?.line === undefined ? '' : ` at line ${mark.line + 1}, column ${(mark.column ?? 0) + 1}`;
    throw invalid(source, `invalid YAML${where}: ${error.reason}`, undefined, error);
  }
  if (document === null || document === undefined) return {};
  const data = document as Value;
  if (!isValueMap(data)) throw invalid(source, 'the document is not a go-vcr cassette mapping');
  const version = data.version;
  if (version !== undefined && version !== 1 && version !== 2) {
    throw invalid(
      source,
      `go-vcr cassette format version ${JSON.stringify(version)} is not one this reads (1 or 2)`,
      'Re-record the cassette with go-vcr v1-v4',
    );
  }
  const list = data.interactions;
  if (list === undefined || list === null) return data;
  if (!Array.isArray(list)) throw invalid(source, '"interactions" is not a list');
  list.forEach((interaction, i) => {
    if (!isValueMap(interaction) || !isValueMap(interaction.request) || !isValueMap(interaction.response)) {
      throw invalid(source, `interaction ${i} has no "request" and "response" mappings`);
    }
  });
  return data;
}
