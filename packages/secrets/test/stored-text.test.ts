import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { redactCassette, scanCassette } from '../src/index.js';
import { CORPUS, CREWAI_CHAT, S, yaml } from './plant.js';

// A real crewAI cassette as a store keeps it: decoded, with its original text.
const TEXT = readFileSync(CORPUS + CREWAI_CHAT, 'utf8');
const KEY_ID = ['AKIA', 'Z4N8Q1XW', '90B7TJ3K'].join('');

/** The lines of `after` that differ from `before` (same line count expected). */
function changedLines(before: string, after: string): [string, string][] {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b).toHaveLength(a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]!] as [string, string]]));
}

const found = (text: string) =>
  scanCassette(yaml.decode(text), { name: 'c' }).map((f) => `#${f.interaction} ${f.location} ${f.rule}`);

/** Redacts the decoded text and writes it back with the codec, as `cassette redact` does in place. */
const redacted = (text: string) => yaml.encode(redactCassette(yaml.decode(text)).cassette);

describe('the stored text is scanned as well as the data', () => {
  it('the real cassette is clean, and its text too', () => {
    expect(found(TEXT)).toEqual([]);
  });

  it('a key in a # comment is found, and redact rewrites only that line', () => {
    const text = TEXT.replace('interactions:\n', `interactions:\n# deployed with ${KEY_ID}\n`);
    expect(found(text)).toEqual(['#0 stored text (line 2, text) aws-access-key-id']);
    const after = redacted(text);
    expect(changedLines(text, after)).toEqual([[`# deployed with ${KEY_ID}`, '# deployed with REDACTED']]);
    expect(found(after)).toEqual([]);
  });

  it('a credential in a duplicate key the parser drops is found and redacted in place', () => {
    const masked = '      authorization:\n      - AUTHORIZATION-XXX\n';
    const withMask = TEXT.replace('      accept:\n', `${masked}      accept:\n`);
    expect(found(withMask)).toEqual([]);
    // The first of two `authorization` keys: the parser keeps the last (the mask), the file keeps both.
    const text = withMask.replace(masked, `      authorization:\n      - Bearer ${S.openai}\n${masked}`);
    expect(found(text)).toEqual(['#0 stored text (line 7, header: authorization) authorization']);
    const after = redacted(text);
    expect(changedLines(text, after)).toEqual([[`      - Bearer ${S.openai}`, '      - Bearer REDACTED']]);
    expect(found(after)).toEqual([]);
  });

  it('a password= in a comment, next to a secret in the data: one rewrite, only those lines change', () => {
    const text = TEXT.replace(
      'interactions:\n',
      'interactions:\n# curl -d user=ada&password=Hunter2Hunter2\n',
    ).replace(
      '      host:\n      - api.openai.com\n',
      `      host:\n      - api.openai.com\n      x-api-key:\n      - ${S.anthropic}\n`,
    );
    expect(found(text)).toEqual([
      '#1 request.headers.x-api-key[0] api-key-header',
      '#0 stored text (line 2, param: password) password',
    ]);
    const after = redacted(text);
    expect(changedLines(text, after)).toEqual([
      ['# curl -d user=ada&password=Hunter2Hunter2', '# curl -d user=ada&password=REDACTED'],
      [`      - ${S.anthropic}`, '      - REDACTED'],
    ]);
  });

  it('the text is not scanned once the data changed (it is not what gets stored then)', () => {
    const text = TEXT.replace('interactions:\n', `interactions:\n# deployed with ${KEY_ID}\n`);
    const cassette = yaml.decode(text);
    const changed = { ...cassette, data: { ...cassette.data, version: 2 } };
    expect(scanCassette(changed)).toEqual([]);
    expect(yaml.encode(changed)).not.toContain(KEY_ID);
  });
});
