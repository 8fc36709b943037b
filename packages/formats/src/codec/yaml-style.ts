import { type CodecStyle, createError } from '@cassettekit/core';
import type { YamlStyle } from '../pyyaml/index.js';

/** vcrpy's output with libyaml installed: `yaml.dump(data, Dumper=CDumper)`. */
export const DEFAULT_YAML_STYLE: YamlStyle = { dumper: 'libyaml', width: 80, unicode: false, flow: 'block' };

/** Plain-data form kept by stores: `{codec: 'yaml', dumper, width: 80 | 'inf', unicode, flow}`. */
export function yamlStyleToCodecStyle(style: YamlStyle): CodecStyle {
  return {
    codec: 'yaml',
    dumper: style.dumper,
    width: Number.isFinite(style.width) ? style.width : 'inf',
    unicode: style.unicode,
    flow: style.flow,
  };
}

export function codecStyleToYamlStyle(style: CodecStyle): YamlStyle {
  return {
    dumper: style.dumper === 'pyyaml' ? 'pyyaml' : 'libyaml',
    width: style.width === 'inf' || typeof style.width !== 'number' ? Number.POSITIVE_INFINITY : style.width,
    unicode: style.unicode === true,
    flow: style.flow === 'auto' ? 'auto' : 'block',
  };
}

/**
 * The styles tried when reading a file, most common first (crewAI: 408 CDumper, 59 Dumper, 57 Dumper
 * with width=inf, 14 allow_unicode). Unicode variants only matter when the text is not ASCII.
 */
export function candidateYamlStyles(text: string): YamlStyle[] {
  const out: YamlStyle[] = [];
  const unicodes = /[^\x00-\x7f]/.test(text) ? [false, true] : [false];
  for (const unicode of unicodes) {
    for (const [dumper, width] of [
      ['libyaml', 80],
      ['pyyaml', 80],
      ['pyyaml', Number.POSITIVE_INFINITY],
      ['libyaml', Number.POSITIVE_INFINITY],
    ] as const) {
      out.push({ dumper, width, unicode, flow: 'block' });
    }
  }
  out.push({ dumper: 'libyaml', width: 80, unicode: false, flow: 'auto' });
  out.push({ dumper: 'pyyaml', width: 80, unicode: false, flow: 'auto' });
  return out;
}

/**
 * Reads `?style=libyaml|pyyaml&width=80|inf|N&unicode=false|true&flow=block|auto` from a store URL;
 * a value outside these is an INVALID_URL error (a usage error in the CLI).
 */
export function yamlStyleFromParams(
  params: URLSearchParams,
  fallback: YamlStyle = DEFAULT_YAML_STYLE,
): YamlStyle {
  const pick = <T extends string>(key: string, allowed: readonly T[]): T | null => {
    const value = params.get(key);
    if (value === null) return null;
    if (!(allowed as readonly string[]).includes(value)) {
      throw createError('INVALID_URL', `${key}=${value} is not one of ${allowed.join(', ')}`, {
        hint: 'e.g. yaml:./cassettes?style=pyyaml&width=inf&unicode=true',
      });
    }
    return value as T;
  };
  const style = pick('style', ['libyaml', 'pyyaml'] as const);
  const unicode = pick('unicode', ['true', 'false'] as const);
  const flow = pick('flow', ['block', 'auto'] as const);
  const widthText = params.get('width');
  const width =
    widthText === null ? fallback.width : widthText === 'inf' ? Number.POSITIVE_INFINITY : Number(widthText);
  if (widthText !== null && !(width === Number.POSITIVE_INFINITY || (Number.isInteger(width) && width > 0))) {
    throw createError('INVALID_URL', `width=${widthText} is not a positive whole number or inf`, {
      hint: 'e.g. width=80 or width=inf',
    });
  }
  return {
    dumper: style ?? fallback.dumper,
    width,
    unicode: unicode === null ? fallback.unicode : unicode === 'true',
    flow: flow ?? fallback.flow,
  };
}
