/**
 * The YAML fast path, read with Psych's rules (Ruby VCR) and yaml.v3's (go-vcr), answers exactly what
 * the dialects' full loaders answer (js-yaml with RUBY_VCR_SCHEMA / GO_VCR_SCHEMA, as
 * loadRubyVcrYaml and loadGoVcrYaml read), wherever it answers: on every Ruby VCR and go-vcr cassette
 * of the corpus (and it answers for all of them) and on the Psych, yaml.v3 and yaml.v2 goldens (1,000
 * adversarial documents each, as those libraries wrote them). It gives up on what it does not read.
 * decodeYaml, what the stores call, reads each dialect with its own tool's rules.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { toTaggedJson, type Value } from '@cassettekit/core';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { decodeYaml } from '../../src/codec/yaml-codec.js';
import { fastLoadMapping } from '../../src/codec/yaml-fast-load.js';
import {
  PSYCH_READER,
  PYYAML_READER,
  readerFromText,
  YAMLV3_READER,
  type YamlReader,
} from '../../src/codec/yaml-readers.js';
import { loadRubyVcrYaml } from '../../src/psych/load.js';
import { loadGoVcrYaml } from '../../src/yamlv3/load.js';
import { rubyVcrYamlFiles } from '../psych/corpus-files.js';
import { goVcrFiles } from '../yamlv3/corpus-files.js';

/** Key order, int vs float, bytes vs text all count. */
const exact = (value: unknown): string => JSON.stringify(toTaggedJson(value as Value));

/** What the full loader makes of a text: its data, or that it refuses it. */
function full(reader: YamlReader, text: string): string {
  try {
    return exact(yaml.load(text, { schema: reader.schema }));
  } catch (error) {
    return `refused: ${(error as Error).message}`;
  }
}

function goldenTexts(path: string): string[] {
  const lines = gunzipSync(readFileSync(fileURLToPath(new URL(path, import.meta.url))))
    .toString('utf8')
    .split('\n');
  return lines
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { out: unknown }).out)
    .filter((out): out is string => typeof out === 'string');
}

const corpora: [string, YamlReader, () => string[], (text: string) => Value][] = [
  ['Ruby VCR', PSYCH_READER, () => rubyVcrYamlFiles(), (text) => loadRubyVcrYaml(text)],
  ['go-vcr', YAMLV3_READER, () => goVcrFiles(), (text) => loadGoVcrYaml(text)],
];

describe('the YAML fast path, with Psych and yaml.v3 rules', () => {
  for (const [name, reader, files, load] of corpora) {
    it(`reads every ${name} cassette of the corpus as its full loader does`, { timeout: 120_000 }, () => {
      const paths = files();
      expect(paths.length).toBeGreaterThanOrEqual(9);
      for (const path of paths) {
        const text = readFileSync(path, 'utf8');
        expect(readerFromText(text), path).toBe(reader);
        const fast = fastLoadMapping(text, reader.rules);
        expect(fast, `${path}: the fast path gave up`).toBeDefined();
        expect(exact(fast), path).toBe(exact(load(text)));
        expect(exact(decodeYaml(text).data), path).toBe(exact(load(text)));
      }
    });
  }

  const goldens: [string, YamlReader, string][] = [
    ['Psych', PSYCH_READER, '../psych/goldens/psych.jsonl.gz'],
    ['yaml.v3', YAMLV3_READER, '../yamlv3/goldens/yamlv3.jsonl.gz'],
    ['yaml.v2', YAMLV3_READER, '../yamlv3/goldens/yamlv2.jsonl.gz'],
  ];
  for (const [name, reader, path] of goldens) {
    it(`equals the full loader on every ${name} golden document it reads`, { timeout: 120_000 }, () => {
      const texts = goldenTexts(path);
      expect(texts.length).toBeGreaterThan(900);
      let answered = 0;
      for (const text of texts) {
        const fast = fastLoadMapping(text, reader.rules);
        if (fast === undefined) continue;
        answered++;
        expect(exact(fast), text.slice(0, 300)).toBe(full(reader, text));
      }
      // The goldens are adversarial, but about half are in the layout read here: it must not quietly give up.
      expect(answered).toBeGreaterThan(texts.length / 3);
    });
  }

  it('reads block scalars (clip, strip, keep; empty and more-indented lines) and !binary as js-yaml does', () => {
    const text = [
      '---',
      'http_interactions:',
      '- request:',
      '    body:',
      '      encoding: ASCII-8BIT',
      '      string: !binary |-',
      '        aGVsbG8gd29y',
      '        bGQ=',
      '    clip: |',
      '      a',
      '',
      '        more',
      '      ',
      '      b',
      '',
      '    strip: |-',
      '      x',
      '',
      '',
      '    keep: |+',
      '      k',
      '',
      '',
      '  response:',
      '    spaces: |-',
      '      line',
      '         ',
      '    items:',
      '    - |',
      '      in a list',
      '    - !binary |-',
      '      AAEC',
      'recorded_with: VCR 6.0.0',
      '',
    ].join('\n');
    const fast = fastLoadMapping(text, PSYCH_READER.rules);
    expect(fast).toBeDefined();
    expect(exact(fast)).toBe(full(PSYCH_READER, text));
    const request = (fast as { http_interactions: { request: Record<string, Value> }[] })
      .http_interactions[0]!.request;
    expect(request.clip).toBe('a\n\n  more\n\nb\n');
    expect(request.strip).toBe('x');
    expect(request.keep).toBe('k\n\n\n');
    expect(new TextDecoder().decode((request.body as { string: Uint8Array }).string)).toBe('hello world');
  });

  it("reads yaml.v3's indented sequences and `!!binary` as js-yaml does", () => {
    const text = [
      '---',
      'version: 2',
      'interactions:',
      '    - id: 0',
      '      request:',
      '        headers:',
      '            Accept:',
      '                - application/json',
      '        body: |-',
      '            {"a": 1}',
      '            done',
      '      response:',
      '        body: !!binary |',
      '            AAECAw==',
      '        code: 200',
      '        duration: 1e-05',
      '        flag: yes',
      '',
    ].join('\n');
    const fast = fastLoadMapping(text, YAMLV3_READER.rules);
    expect(fast).toBeDefined();
    expect(exact(fast)).toBe(full(YAMLV3_READER, text));
    // yaml.v3's rules, not PyYAML's: `1e-05` is a float, `yes` a string.
    expect(exact(fast)).not.toBe(exact(yaml.load(text, { schema: PYYAML_READER.schema })));
  });

  it('gives up on what only the full loader reads', () => {
    const refused = [
      ['anchors and aliases', '---\nhttp_interactions:\n- request: &r\n    a: 1\n  response: *r\n'],
      ['flow collections', '---\nhttp_interactions: [{a: 1}]\n'],
      ['other tags', '---\nhttp_interactions:\n- request: !ruby/object:Foo\n    a: 1\n'],
      ['the !!str tag', '---\nhttp_interactions:\n- a: !!str 1\n'],
      ['a tag on its own line', '---\nhttp_interactions:\n- a: !binary\n    aGk=\n'],
      ['odd indentation', '---\nhttp_interactions:\n- request:\n    a: 1\n   b: 2\n'],
      ['a deeper line after a key', '---\nhttp_interactions:\n  a: 1\n    b: 2\n'],
      ['indentation indicators', '---\nhttp_interactions:\n- a: |2-\n     lead\n'],
      ['a block scalar at the end of its line', '---\nhttp_interactions:\n- a: |'],
      ['folded block scalars', '---\nhttp_interactions:\n- a: >-\n    text\n'],
      ['an empty first line in a block scalar', '---\nhttp_interactions:\n- a: |\n\n    text\n'],
      ['a comment after a block indicator', '---\nhttp_interactions:\n- a: | # c\n    text\n'],
      ['complex keys', '---\n? a\n: 1\n'],
      ['multi-line quoted keys', "---\n'a\n  b': 1\n"],
      ['a second document', '---\nhttp_interactions: []\n---\nhttp_interactions: []\n'],
      ['a document end marker', '---\nhttp_interactions: []\n...\n'],
      ['directives', '%YAML 1.1\n---\nhttp_interactions: []\n'],
      ['tabs', '---\nhttp_interactions:\n- a: "\t"\n'],
      ['carriage returns', '---\r\nhttp_interactions: []\r\n'],
      ['control characters', '---\nhttp_interactions:\n- a: x\u0001y\n'],
      ['C1 controls', '---\nhttp_interactions:\n- a: |\n    x\u0085\u0086y\n'],
      ['a lone surrogate', '---\nhttp_interactions:\n- a: x\uD800y\n'],
      ['duplicate keys', '---\nversion: 2\nversion: 2\n'],
      ['merge keys', '---\nhttp_interactions:\n- <<: {a: 1}\n'],
      ['nested sequences', '---\nhttp_interactions:\n- - a\n'],
      ['blank lines between nodes', '---\nversion: 2\n\ninteractions: []\n'],
    ] as const;
    for (const [what, text] of refused) {
      for (const reader of [PSYCH_READER, YAMLV3_READER]) {
        expect(fastLoadMapping(text, reader.rules), `${what} (${reader.name})`).toBeUndefined();
      }
    }
  });

  it('reads single-line quoted keys, as the full loader does', () => {
    const text = `---\nhttp_interactions: []\n'a: b': 1\n"c\\td": 2\n`;
    for (const reader of [PSYCH_READER, YAMLV3_READER]) {
      const fast = fastLoadMapping(text, reader.rules);
      expect(fast).toBeDefined();
      expect(exact(fast)).toBe(full(reader, text));
    }
  });

  it("decodeYaml reads a Ruby VCR cassette without Psych's `---` with Psych's rules all the same", () => {
    const text =
      'http_interactions:\n- request:\n    a: 1,000\n  response:\n    b: 2\nrecorded_with: VCR 6.0.0\n';
    expect(readerFromText(text)).toBe(PYYAML_READER);
    // Psych reads `1,000` as 1000; PyYAML as a string.
    expect(exact(decodeYaml(text).data)).toBe(exact(loadRubyVcrYaml(text)));
    expect(exact(decodeYaml(text).data)).toContain('1000');
  });
});
