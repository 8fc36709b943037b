import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanCassette } from '../src/index.js';
import { keyedLines, pairsOf, scanText } from '../src/stored-text.js';
import { CORPUS, CREWAI_CHAT, yaml } from './plant.js';

/**
 * The scan's shortcuts find exactly what the plain regexes they replace found: compared on every
 * corpus text and on texts made to hit their edges.
 */
const ROOT = join(CORPUS, '..');
const corpusTexts = readdirSync(ROOT, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name))
  .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'));

const EDGES = [
  'a.password=x1 b=2 _c=3 1d=4 e-f=5 g_h=6',
  'foo=password=abc&password=s3cr3t&x==y&token=&sig=ab;cd',
  'https://h/p?api_key=k3y#frag "secret=quoted" <passwd=angle>',
  '==\n=a\na=\n=',
  '# Authorization: Bearer abc\n- X-Api-Key: k\n  "password": "p",\r\nsecret = s\u2028token:t\rkey: v\n',
  'authorization:\n- Bearer abc\n- Bearer def\nnext: 1\n\n   \n#\n#  api_key:   \t v  \n',
  'x'.repeat(5000) + '\npassword: tail',
];

const ctx = { identifiers: false, placeholders: undefined, benignCookies: new Set<string>() };

describe('scan shortcuts give what the regexes they replace gave', () => {
  it('name=value pairs are found from each "=" exactly as the pair regex finds them', () => {
    const PAIR = /(?<![A-Za-z0-9_.-])([A-Za-z][A-Za-z0-9_-]*)=([^\s&"'<>#,;]+)/g;
    for (const text of [...EDGES, ...corpusTexts]) {
      const expected = [...text.matchAll(PAIR)].map((m) => ({
        name: m[1],
        start: m.index + m[1]!.length + 1,
        end: m.index + m[0].length,
      }));
      expect([...pairsOf(text)]).toEqual(expected);
    }
  }, 120_000);

  it('keyed lines are tried at line starts only, and are the lines the ^/m regex matched', () => {
    const KEYED =
      /^([ \t]*(?:#+[ \t]*)?(?:-[ \t]+)?)(["']?)([A-Za-z][A-Za-z0-9_.-]*)\2[ \t]*[:=][ \t]*(.*)$/gm;
    for (const text of [...EDGES, ...corpusTexts]) {
      const expected = [...text.matchAll(KEYED)].map((m) => ({
        name: m[3],
        inlineStart: m.index + m[0].length - m[4]!.length,
        lineEnd: m.index + m[0].length,
      }));
      expect([...keyedLines(text)]).toEqual(expected);
    }
  }, 120_000);

  it('a key written with \\u escapes is found in a string holding a raw newline or tab too', () => {
    const escaped = '\\u0041KIAZ4N8Q1XW90B7TJ3K';
    for (const text of [`{"a": "x ${escaped} y"}`, `note: "line one\n  ${escaped}"`, `k: "\t${escaped}"`]) {
      expect(scanText(text, ctx).map((h) => [h.rule.id, h.secret])).toEqual([
        ['aws-access-key-id', 'AKIAZ4N8Q1XW90B7TJ3K'],
      ]);
    }
  });

  it('a string with an escape JSON does not know is not decoded (as before), and nothing throws', () => {
    expect(scanText('k: "\\x41 \\u0041KIAZ4N8Q1XW90B7TJ3K \\uZZZZ"', ctx)).toEqual([]);
  });

  it('a credential only in the stored text is found though nothing in the data is', () => {
    const text = readFileSync(CORPUS + CREWAI_CHAT, 'utf8').replace(
      'interactions:\n',
      'interactions:\n# curl -d password=hunter2hunter2 https://x\n',
    );
    expect(scanCassette(yaml.decode(text)).map((f) => [f.location, f.rule])).toEqual([
      ['stored text (line 2, param: password)', 'password'],
    ]);
  });
});
