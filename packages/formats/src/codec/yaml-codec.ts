import type { Cassette, CassetteData, CodecStyle, DialectName } from '@cassettekit/core';
import yaml from 'js-yaml';
import { detectInDialect, encodeInDialect } from '../dialects/encode-dialect.js';
import { inStoreDialect } from '../dialects/new-cassettes.js';
import { refusedVcr1 } from '../psych/load.js';
import { dumpPyYaml, type YamlStyle } from '../pyyaml/index.js';
import type { CassetteCodec, SourceInfo } from './codec.js';
import { asCassetteData, invalid } from './document.js';
import { encodeWith } from './encode-with.js';
import { originalText } from './original-text.js';
import { describeRefusedTag } from './refused-tag.js';
import { loadYamlDocument } from './yaml-readers.js';
import { spliceYaml } from './yaml-splice.js';
import {
  candidateYamlStyles,
  codecStyleToYamlStyle,
  DEFAULT_YAML_STYLE,
  yamlStyleToCodecStyle,
} from './yaml-style.js';
import { firstInteractionProbe } from './yaml-style-probe.js';

export interface YamlCodecOptions {
  /** The style for cassettes that carry none (default: vcrpy with libyaml, width 80, ASCII). */
  readonly style?: YamlStyle;
  /** The dialect of cassettes created in this codec (a store's `?dialect=`); default vcrpy. */
  readonly dialect?: DialectName;
}

/** vcrpy's YAML serializer: read with PyYAML's rules, written byte for byte as PyYAML writes. */
export function yamlCodec(options: YamlCodecOptions = {}): CassetteCodec {
  const defaultStyle = yamlStyleToCodecStyle(options.style ?? DEFAULT_YAML_STYLE);
  const codec: CassetteCodec = {
    name: 'yaml',
    extensions: ['.yaml', '.yml'],
    defaultStyle,
    decode: (text, source = {}) => decodeYaml(text, source),
    encode: (given) => {
      const cassette = inStoreDialect(given, options.dialect);
      return (
        encodeInDialect(codec, cassette) ??
        encodeWith(
          codec,
          cassette,
          (data, style) => dumpPyYaml(data, codecStyleToYamlStyle(style)),
          (original, data, style) => spliceYaml(original, data, style, (text) => decodeYaml(text).data),
        )
      );
    },
    detectStyle: (text, data) => detectInDialect('yaml', text, data) ?? detectYamlStyle(text, data),
  };
  return codec;
}

export function decodeYaml(text: string, source: SourceInfo = {}): Cassette {
  try {
    const { document, fast } = loadYamlDocument(text);
    // The fast path reads no anchors, so nothing in what it returns is shared.
    const data = asCassetteData(document, source, 'YAML', !fast && text.includes('&'));
    return {
      data,
      format: { original: originalText('yaml', text, (same) => decodeYaml(same, source).data) },
    };
  } catch (error) {
    throw refusedVcr1(text, source) ?? explain(error, source);
  }
}

/** The first candidate style whose emit is the text itself; exported for the equivalence test. */
export function detectYamlStyle(text: string, data: CassetteData): CodecStyle | null {
  const probe = firstInteractionProbe(text, data);
  // Without allow_unicode both dumpers escape every non-ASCII character: such a text is not theirs.
  const nonAscii = /[^\x00-\x7f]/.test(text);
  for (const style of candidateYamlStyles(text)) {
    if ((nonAscii && !style.unicode) || (probe !== null && !probe(style))) continue;
    try {
      if (dumpPyYaml(data, style) === text) return yamlStyleToCodecStyle(style);
    } catch {
      // A style that cannot write this data (e.g. unencodable characters) is not the one.
    }
  }
  return null;
}

function explain(error: unknown, source: SourceInfo): Error {
  if (error instanceof yaml.YAMLException) {
    const mark = error.mark as { line?: number; column?: number } | undefined;
    const where =
      mark?.line === undefined ? '' : ` at line ${mark.line + 1}, column ${(mark.column ?? 0) + 1}`;
    const tag = describeRefusedTag(error.reason);
    if (tag !== null)
      return invalid(source, `refused tag ${tag.shown}${where}: ${tag.what}`, tag.hint, error);
    return invalid(source, `invalid YAML${where}: ${error.reason}`, undefined, error);
  }
  if (error instanceof RangeError) {
    return invalid(source, 'the document is nested too deeply to be a cassette', undefined, error);
  }
  return error instanceof Error ? error : new Error(String(error));
}
