import { gunzipSync } from 'node:zlib';
import {
  type Cassette,
  contentDigest,
  interactionsOf,
  isBytes,
  isValueMap,
  type Value,
} from '@cassettekit/core';
import { describe, expect, it } from 'vitest';
import { redactCassette, scanCassette } from '../src/index.js';
import { CREWAI_CHAT, loadCorpus, plantEverywhere, S, yaml } from './plant.js';

/** Every string in a cassette, with bytes read as UTF-8 and gzip bodies unpacked. */
function allText(value: Value): string {
  if (typeof value === 'string') return value;
  if (isBytes(value)) {
    const buffer = Buffer.from(value);
    const unpacked = buffer[0] === 0x1f && buffer[1] === 0x8b ? gunzipSync(buffer) : buffer;
    return unpacked.toString('utf8');
  }
  if (Array.isArray(value)) return value.map(allText).join('\n');
  if (isValueMap(value))
    return Object.entries(value)
      .map(([k, v]) => `${k}\n${allText(v)}`)
      .join('\n');
  return String(value);
}

/** Lines removed and added, as contiguous hunks (an LCS diff; cassettes here are small). */
function diffHunks(a: string[], b: string[]): { removed: string[]; added: string[] }[] {
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i -= 1)
    for (let j = m - 1; j >= 0; j -= 1)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const hunks: { removed: string[]; added: string[] }[] = [];
  let current: { removed: string[]; added: string[] } | null = null;
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      current = null;
      i += 1;
      j += 1;
      continue;
    }
    if (current === null) {
      current = { removed: [], added: [] };
      hunks.push(current);
    }
    if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) current.added.push(b[j++]!);
    else current.removed.push(a[i++]!);
  }
  return hunks;
}

describe('secrets planted in every location of real cassettes', () => {
  const { cassette, planted } = plantEverywhere();

  it('scan finds every planted secret, at its location, by its rule, and nothing else', () => {
    const findings = scanCassette(cassette, { name: 'planted' });
    const got = findings.map((f) => `${f.interaction} ${f.location} ${f.rule}`).sort();
    const want = planted.map((p) => `${p.interaction} ${p.location} ${p.rule}`).sort();
    expect(got).toEqual(want);
    expect(new Set(findings.map((f) => f.cassette))).toEqual(new Set(['planted']));
  });

  it('shows each secret masked, never whole', () => {
    const findings = scanCassette(cassette);
    const secrets = Object.values(S).filter((s) => s.length >= 12);
    for (const finding of findings) {
      expect(finding.preview).toContain('…');
      for (const secret of secrets) expect(finding.preview.includes(secret)).toBe(false);
      expect(finding.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(findings.find((f) => f.rule === 'authorization')?.preview).toBe(
      `${S.openai.slice(0, 4)}…${S.openai.slice(-4)}`,
    );
  });

  it('redact removes every planted secret, keeps the rest, and a second scan finds nothing', () => {
    const before = contentDigest(cassette.data);
    const result = redactCassette(cassette);
    expect(contentDigest(cassette.data)).toBe(before); // the input is not changed
    expect(result.changed).toBe(true);
    expect(result.findings).toHaveLength(planted.length);
    const text = allText(result.cassette.data);
    for (const { secret } of planted) expect(text.includes(secret), secret.slice(0, 12)).toBe(false);
    expect(scanCassette(result.cassette)).toEqual([]);

    const [i0, i1, i2, i3, , i5] = interactionsOf(result.cassette.data);
    expect(i0!.request.headers).toMatchObject({
      authorization: ['Bearer REDACTED'],
      cookie: ['_cfuvid=abc.def-1737568015338-0.0.1.1-604800000; session=REDACTED'],
      'Proxy-Authorization': ['Basic REDACTED'],
    });
    expect(i1!.response.headers).toMatchObject({
      'Set-Cookie': [
        '__cf_bm=keep.me-1737568015-1.0.1.1-abc; path=/; HttpOnly',
        'sessionid=REDACTED; Path=/; HttpOnly; Secure',
      ],
    });
    expect(i2!.request.uri).toBe(
      'https://svc:REDACTED@api.example.org/v1/x?alt=json&api_key=REDACTED&X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&key=REDACTED&page=2',
    );
    expect(i3!.request.body).toBe(
      'grant_type=refresh_token&refresh_token=REDACTED&client_id=app-1&client_secret=REDACTED&password=REDACTED',
    );
    const json = JSON.parse((i3!.response.body as { string: string }).string);
    expect(json).toMatchObject({
      access_token: 'REDACTED',
      expires_in: 3600,
      service_account: { private_key: 'REDACTED', client_email: 'a@b.c' },
    });
    // Bytes stay bytes, gzip stays gzip.
    expect(isBytes(i5!.request.body)).toBe(true);
    const gz = (i5!.response.body as { string: Uint8Array }).string;
    expect(isBytes(gz) && gz[0] === 0x1f && gz[1] === 0x8b).toBe(true);
    expect(JSON.parse(gunzipSync(gz).toString())).toEqual({
      data: { id: '1', access_token: 'REDACTED', note: 'key REDACTED' },
    });
  });

  it('placeholders are configurable per header, parameter, field and rule', () => {
    const result = redactCassette(cassette, {
      placeholder: {
        default: '[FILTERED]',
        headers: { Authorization: 'XXX' },
        params: { api_key: 'DUMMY' },
        fields: { access_token: '<ACCESS_TOKEN>' },
        rules: { jwt: 'eyJ.REDACTED' },
      },
    });
    const [i0, , i2, i3, i4] = interactionsOf(result.cassette.data);
    expect((i0!.request.headers as Record<string, string[]>).authorization).toEqual(['Bearer XXX']);
    expect((i0!.request.headers as Record<string, string[]>)['X-Api-Key']).toEqual(['[FILTERED]']);
    expect(i2!.request.uri).toContain('api_key=DUMMY&X-Amz-Credential=%5BFILTERED%5D');
    expect((i3!.response.body as { string: string }).string).toContain('"access_token": "<ACCESS_TOKEN>"');
    expect((i4!.response.body as { string: string }).string).toContain('Bearer eyJ.REDACTED');
    expect(scanCassette(result.cassette)).toEqual([]);
    expect(() => redactCassette(cassette, { placeholder: 'hunter2hunter2' })).toThrow(
      /looks like a real value/,
    );
  });

  it('the redacted YAML differs from the planted YAML only where secrets were', () => {
    // Write the planted cassette in crewAI's style, read it back as a file would be read.
    const plantedText = yaml.encode(cassette);
    const reread = yaml.decode(plantedText);
    const redactedText = yaml.encode(redactCassette(reread).cassette);
    const hunks = diffHunks(plantedText.split('\n'), redactedText.split('\n'));
    expect(hunks.length).toBeGreaterThan(0);
    const fragments = planted.flatMap(({ secret }) => {
      const out: string[] = [];
      for (let i = 0; i + 8 <= secret.length; i += 4) out.push(secret.slice(i, i + 8));
      return out;
    });
    for (const hunk of hunks) {
      const removed = hunk.removed.join('\n');
      const binary = hunk.removed.every((line) => /^\s+[A-Za-z0-9+/=]+$/.test(line));
      const carriesSecret = fragments.some((f) => removed.includes(f)) || removed.includes('%2F20250101');
      expect(binary || carriesSecret, `unexpected change:\n${removed}`).toBe(true);
    }
  });

  it('on headers of a real cassette, exactly the lines holding secrets change, one for one', () => {
    const real = loadCorpus(CREWAI_CHAT);
    const data = structuredClone(real.data) as typeof real.data;
    const request = interactionsOf(data)[0]!.request;
    const response = interactionsOf(data)[0]!.response;
    (request.headers as Record<string, string[]>)['x-api-key'] = [S.anthropic];
    (request.headers as Record<string, string[]>).authorization = [`Bearer ${S.openai}`];
    (response.headers as Record<string, string[]>)['Set-Cookie'] = [`sid=${S.session}; path=/`];
    request.uri = `${request.uri}?api_key=${S.apiKeyParam}`;
    const plantedCassette: Cassette = { data, ...(real.format ? { format: real.format } : {}) };
    const plantedText = yaml.encode(plantedCassette);
    const redactedText = yaml.encode(redactCassette(yaml.decode(plantedText)).cassette);
    const a = plantedText.split('\n');
    const b = redactedText.split('\n');
    expect(b.length).toBe(a.length);
    const changed = a.flatMap((line, i) => (line === b[i] ? [] : [`${line}\n${b[i]}`]));
    expect(changed).toEqual([
      `      - Bearer ${S.openai}\n      - Bearer REDACTED`,
      `      - ${S.anthropic}\n      - REDACTED`,
      `    uri: https://api.openai.com/v1/chat/completions?api_key=${S.apiKeyParam}\n    uri: https://api.openai.com/v1/chat/completions?api_key=REDACTED`,
      `      - sid=${S.session}; path=/\n      - sid=REDACTED; path=/`,
    ]);
  });
});
