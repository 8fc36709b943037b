import { type AllowList, isAllowed } from './allow.js';
import type { Hit } from './hits.js';
import { fingerprintOf, maskSecret } from './mask.js';
import type { Severity } from './rules.js';

/** One credential found in a cassette. Never holds the credential itself, only a masked preview. */
export interface Finding {
  /** The cassette's name, as given in the options (`agents/test_x`). */
  readonly cassette: string;
  /** Which interaction: its number in the cassette, from 1, as `show` and `diff` count them. */
  readonly interaction: number;
  /**
   * Where: `request.headers.Authorization[0]`, `response.headers.Set-Cookie[1] (cookie: session)`,
   * `request.uri (query: api_key)`, `request.body (form: password)`,
   * `response.body (json: $.access_token)`, `response.body (gzip, text)`.
   */
  readonly location: string;
  /** Rule id (`authorization`, `github-token`, `api-key-param`, ...). */
  readonly rule: string;
  /** What the rule finds, for people (`GitHub token`). */
  readonly description: string;
  readonly severity: Severity;
  /** The credential masked: `sk-p…4f2a`. */
  readonly preview: string;
  /** A stable id of the value, for allow-lists (16 hex digits). */
  readonly fingerprint: string;
}

/** Where a text's hits are: the cassette, the interaction (0: the stored text) and the base location. */
export interface FindingPlace {
  readonly cassette: string;
  readonly interaction: number;
  readonly base: string;
}

/** The hits the allow-list does not silence, and their findings (masked, with fingerprints). */
export function findingsOf(
  hits: readonly Hit[],
  place: FindingPlace,
  allow: AllowList | undefined,
): { kept: Hit[]; findings: Finding[] } {
  const kept: Hit[] = [];
  const findings: Finding[] = [];
  for (const hit of hits) {
    const location = hit.where === '' ? place.base : `${place.base} (${hit.where})`;
    const fingerprint = fingerprintOf(hit.secret);
    const subject = {
      cassette: place.cassette,
      interaction: place.interaction,
      location,
      rule: hit.rule.id,
      fingerprint,
    };
    if (isAllowed(allow, { ...subject, secret: hit.secret })) continue;
    kept.push(hit);
    findings.push({
      ...subject,
      description: hit.rule.description,
      severity: hit.rule.severity,
      preview: maskSecret(hit.secret),
    });
  }
  return { kept, findings };
}
