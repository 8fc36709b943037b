import type { Cassette, ValueMap } from '@cassettekit/core';
import { describe, expect, it } from 'vitest';
import { redactCassette, scanCassette } from '../src/index.js';
import { oneInteraction as cassette } from './plant.js';

// Keys are built from parts, so this file holds no whole token a scanner would take for a real one.
// AWS key ids are 16 characters of [A-Z0-9] after the prefix; real ones hold 0, 1, 8 and 9 too.
const KEY_ID = ['AKIA', 'Z4N8Q1XW', '90B7TJ3K'].join('');
const SECRET_KEY = ['wP3uQ9sLk2', 'Vx8/Rz1Ty4', 'Nb7+Hc5Jd0', 'Fg6Ma2Se9q'].join('');

const found = (c: Cassette) => scanCassette(c).map((f) => `${f.location} ${f.rule}`);
const body = (c: Cassette) => ((c.data.interactions as ValueMap[])[0]!.request as ValueMap).body;
const responseText = (c: Cassette) =>
  (((c.data.interactions as ValueMap[])[0]!.response as ValueMap).body as ValueMap).string as string;

describe('what scan used to miss', () => {
  it('an AWS access key id with any of [A-Z0-9] after AKIA', () => {
    const c = cassette({ body: `deploying with ${KEY_ID} now` });
    expect(found(c)).toEqual(['request.body (text) aws-access-key-id']);
    expect(body(redactCassette(c).cassette)).toBe('deploying with REDACTED now');
  });

  it('a password= field in a form-encoded body whose Content-Type says JSON (or text)', () => {
    for (const type of ['application/json', 'text/plain']) {
      const c = cassette({
        headers: { 'Content-Type': [type] },
        body: 'username=ada&password=Tr0ub4dor%263xyz&grant_type=password',
      });
      expect(found(c), type).toEqual(['request.body (form: password) password']);
      expect(body(redactCassette(c).cassette)).toBe('username=ada&password=REDACTED&grant_type=password');
    }
  });

  it('an AKIA key written with JSON \\u escapes', () => {
    const escaped = KEY_ID.replace(/^A/, '\\u0041').replace('Z', '\\u005a');
    const text = `{"note": "key ${escaped} here", "n": 1}`;
    expect(JSON.parse(text).note).toBe(`key ${KEY_ID} here`);
    const c = cassette({}, { headers: { 'Content-Type': ['application/json'] }, body: { string: text } });
    expect(found(c)).toEqual(['response.body (json string) aws-access-key-id']);
    const redacted = responseText(redactCassette(c).cassette);
    expect(JSON.parse(redacted)).toEqual({ note: 'key REDACTED here', n: 1 });
  });

  it('an AKIA key inside base64 (a credentials file sent base64-encoded)', () => {
    const file = `[default]\naws_access_key_id = ${KEY_ID}\nregion = eu-west-1\n`;
    for (const shift of ['', 'x', 'xy']) {
      const encoded = Buffer.from(shift + file).toString('base64');
      const c = cassette({ body: JSON.stringify({ content: encoded }) });
      expect(found(c), shift).toEqual(['request.body (base64) aws-access-key-id']);
      const after = JSON.parse(body(redactCassette(c).cassette) as string).content as string;
      const decoded = Buffer.from(after, 'base64').toString('utf8');
      expect(decoded).toBe(`${shift}[default]\naws_access_key_id = REDACTED\nregion = eu-west-1\n`);
    }
  });

  it('an AWS secret key in free text next to an AKIA key', () => {
    const c = cassette({ body: `creds: ${KEY_ID} ${SECRET_KEY} (rotate these)` });
    expect(found(c)).toEqual([
      'request.body (text) aws-access-key-id',
      'request.body (text) aws-secret-access-key',
    ]);
    expect(body(redactCassette(c).cassette)).toBe('creds: REDACTED REDACTED (rotate these)');
  });

  it('still not: base64 of ordinary data, text that only looks like a form, example keys', () => {
    const ordinary = Buffer.from('{"model": "gpt-4", "messages": []}'.repeat(4)).toString('base64');
    const c = cassette(
      { headers: { 'Content-Type': ['text/plain'] }, body: 'key=value' },
      { body: { string: `${ordinary} AKIAIOSFODNN7EXAMPLE` } },
    );
    expect(found(c)).toEqual([]);
  });
});
