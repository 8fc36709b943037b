import { type Hit, notSecret, overlaps, raw, type TextContext, wanted } from './hits.js';
import { ANCHORS, PATTERN_RULES, type PatternRule, RULES_BY_ANCHOR, type RuleInfo } from './rules.js';

/**
 * Pattern rules over a text, skipping spans already claimed by a named rule (a query parameter, a
 * JSON field), so that one credential is one finding.
 */
export function scanPatterns(text: string, ctx: TextContext, claimed: readonly Hit[], where: string): Hit[] {
  // One pass over the text finds the anchors present; only their rules run.
  ANCHORS.lastIndex = 0;
  let present: Set<PatternRule> | null = null;
  for (let m = ANCHORS.exec(text); m !== null; m = ANCHORS.exec(text)) {
    present ??= new Set();
    for (const rule of RULES_BY_ANCHOR.get(m[0]) ?? []) present.add(rule);
  }
  if (present === null) return [];
  const out: Hit[] = [];
  for (const rule of PATTERN_RULES) {
    if (!present.has(rule) || !wanted(rule, ctx)) continue;
    for (const { start, end } of matches(rule, text)) {
      const secret = text.slice(start, end);
      if (rule.accept !== undefined && !rule.accept(secret)) continue;
      if (notSecret(secret, ctx) || looksExample(secret)) continue;
      if (overlaps(claimed, start, end) || overlaps(out, start, end)) continue;
      out.push({ rule, start, end, secret, where, target: { kind: 'rule', name: rule.id }, encode: raw });
      if (rule.id === 'aws-access-key-id') {
        const near = awsSecretNear(text, start, end, ctx, [...claimed, ...out]);
        if (near !== null) out.push({ ...near, where });
      }
    }
  }
  return out;
}

function* matches(rule: PatternRule, text: string): Generator<{ start: number; end: number }> {
  if (rule.find !== undefined) {
    yield* rule.find(text);
    return;
  }
  rule.regex.lastIndex = 0;
  for (let m = rule.regex.exec(text); m !== null; m = rule.regex.exec(text)) {
    const secret = m.groups?.secret ?? m[0];
    const start = m.index + m[0].lastIndexOf(secret);
    yield { start, end: start + secret.length };
  }
}

/** AWS's documented examples (`AKIAIOSFODNN7EXAMPLE`, `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`). */
function looksExample(secret: string): boolean {
  return secret.includes('EXAMPLE');
}

const AWS_SECRET_RULE: RuleInfo = {
  id: 'aws-secret-access-key',
  description: 'AWS secret access key (next to an access key id)',
  severity: 'secret',
};
const AWS_SECRET = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

/** A 40-character secret key within 300 characters of an access key id, as configs and dumps hold them. */
function awsSecretNear(
  text: string,
  start: number,
  end: number,
  ctx: TextContext,
  claimed: readonly Hit[],
): Hit | null {
  const from = Math.max(0, start - 300);
  const window = text.slice(from, Math.min(text.length, end + 300));
  AWS_SECRET.lastIndex = 0;
  for (let m = AWS_SECRET.exec(window); m !== null; m = AWS_SECRET.exec(window)) {
    const secret = m[0];
    const s = from + m.index;
    if (s >= start && s < end) continue;
    // Keys are base64 of random bytes: mixed case and digits, and not a hex digest.
    if (!/[a-z]/.test(secret) || !/[A-Z]/.test(secret) || !/\d/.test(secret)) continue;
    if (notSecret(secret, ctx) || looksExample(secret)) continue;
    if (overlaps(claimed, s, s + secret.length)) continue;
    return {
      rule: AWS_SECRET_RULE,
      start: s,
      end: s + secret.length,
      secret,
      where: '',
      target: { kind: 'rule', name: AWS_SECRET_RULE.id },
      encode: raw,
    };
  }
  return null;
}
