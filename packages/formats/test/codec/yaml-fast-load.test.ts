/**
 * The YAML fast path answers exactly what js-yaml with the cassette schema answers, wherever it
 * answers at all — on every PyYAML golden document (14 styles x 1,000 adversarial documents) and on
 * every YAML cassette of the corpus — and it does answer for the cassettes vcrpy writes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { toTaggedJson, type Value } from '@cassettekit/core';
import { corpusFiles } from '@cassettekit/store-test-suite';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { fastLoadMapping, fastLoadYaml } from '../../src/codec/yaml-fast-load.js';
import { CASSETTE_SCHEMA } from '../../src/codec/yaml-schema.js';

const GOLDENS = fileURLToPath(new URL('../pyyaml/goldens/', import.meta.url));

const full = (text: string): Value => yaml.load(text, { schema: CASSETTE_SCHEMA, json: true }) as Value;
/** Key order, int vs float, bytes vs text all count. */
const exact = (value: Value): string => JSON.stringify(toTaggedJson(value));

function goldenDocuments(): { style: string; text: string }[] {
  const out: { style: string; text: string }[] = [];
  for (const style of readdirSync(GOLDENS).filter((f) => f.endsWith('.jsonl.gz'))) {
    const lines = gunzipSync(readFileSync(join(GOLDENS, style))).toString('utf8');
    for (const line of lines.split('\n').filter(Boolean)) {
      const { out: text } = JSON.parse(line) as { out: unknown };
      if (typeof text === 'string') out.push({ style, text });
    }
  }
  return out;
}

describe('the YAML fast path', () => {
  it('equals js-yaml on every PyYAML golden document it reads', { timeout: 120_000 }, () => {
    let answered = 0;
    const docs = goldenDocuments();
    for (const { style, text } of docs) {
      const fast = fastLoadMapping(text);
      if (fast === undefined) continue;
      answered++;
      expect(exact(fast), `${style}: ${text.slice(0, 200)}`).toBe(exact(full(text)));
    }
    // Many goldens are block mappings: the fast path must not quietly give up on all of them.
    expect(answered).toBeGreaterThan(docs.length / 8);
  });

  it('equals js-yaml on every YAML cassette of the corpus, and reads nearly all of them', {
    timeout: 120_000,
  }, () => {
    const files = corpusFiles().filter((f) => f.codec === 'yaml' && f.golden !== 'INVALID');
    let answered = 0;
    for (const file of files) {
      const text = readFileSync(file.path, 'utf8');
      const fast = fastLoadYaml(text);
      if (fast === undefined) continue;
      answered++;
      expect(exact(fast), file.rel).toBe(exact(full(text)));
    }
    expect(answered).toBeGreaterThanOrEqual(Math.floor(files.length * 0.9));
  });

  it('gives up on what only the full parser reads', () => {
    for (const text of [
      'interactions: &a [1]\nx: *a\n',
      'interactions:\n- !!python/object/apply:os.system [ls]\n',
      'interactions: [] # a comment\n',
      'interactions:\n  <<: {a: 1}\n',
      'interactions: >\n  folded\n',
      'interactions: |2\n   indicated\n',
      'interactions: \n  on the next line\n',
      'interactions:\n\n- a\n',
      'interactions: {a: 1}\n',
      'interactions:\n\t- a\n',
    ]) {
      expect(fastLoadYaml(text), text).toBeUndefined();
    }
  });

  it('finds the closing quote of a double-quoted scalar past escaped quotes and backslashes', () => {
    for (const scalar of ['"a\\\\"', '"a\\"b\\\\\\"c"', '"x\\\n    y"', `"${'\\"q\\" '.repeat(2000)}"`]) {
      const text = `interactions:\n- body: ${scalar}\n  n: 1\n`;
      const fast = fastLoadYaml(text);
      expect(fast, text).toBeDefined();
      expect(exact(fast as Value), text).toBe(exact(full(text)));
    }
  });

  it('reads folded quoted scalars, escapes, binary blocks and empty collections', () => {
    const text = [
      'interactions:',
      '- request:',
      '    body: "a\\tb\\',
      '      \\ c\\x41\\u00e9 d',
      '      e"',
      "    s: 'it''s",
      "      folded'",
      '    b: !!binary |',
      '      aGVsbG8=',
      '    e: {}',
      '    l: []',
      '    n:',
      '    i: 12',
      '    f: 1.0',
      '    y: yes',
      "    blank: 'a",
      '',
      '',
      "      b'",
      '    dq: "x\\x41',
      '',
      '      y"',
      '    q: ?1',
      '    m: -1',
      '  response:',
      '    headers:',
      '      a:',
      '      - x',
      "      - '1'",
      'version: 1',
      '',
    ].join('\n');
    const fast = fastLoadYaml(text);
    expect(fast).toBeDefined();
    expect(exact(fast as Value)).toBe(exact(full(text)));
  });
});
