/**
 * What counts as a credential. Four kinds of rules:
 * - header rules: the whole value of a header with a known name (matched case-insensitively);
 * - parameter rules: a query parameter of a URI, or a field of a form body, by name;
 * - field rules: a string member of a JSON body, by key (`accessToken`, `access_token` and
 *   `ACCESS-TOKEN` are the same key);
 * - pattern rules: a token shape that is a credential wherever it appears (text bodies, URIs, any
 *   header), found by a literal anchor first so that a body without the anchor costs one `indexOf`.
 *
 * A rule's `severity` is `secret` (a credential: reported and redacted by default) or `identifier`
 * (an account or project id that is not a credential, such as `openai-organization`: reported and
 * redacted only when asked, with `identifiers: true`).
 */
export type Severity = 'secret' | 'identifier';

export interface RuleInfo {
  /** Stable id, used in reports, allow-lists and per-rule placeholders (e.g. `github-token`). */
  readonly id: string;
  /** What was found, for people (e.g. `GitHub token`). */
  readonly description: string;
  readonly severity: Severity;
}

export interface HeaderRule extends RuleInfo {
  /** How the value is read: whole value, an auth scheme and its credentials, or cookies. */
  readonly value: 'whole' | 'auth' | 'cookie' | 'set-cookie';
}

/** Header names (lower case) -> rule. */
export const HEADER_RULES: ReadonlyMap<string, HeaderRule> = new Map(
  (
    [
      ['authorization', 'authorization', 'Authorization credentials', 'auth'],
      ['proxy-authorization', 'authorization', 'Proxy-Authorization credentials', 'auth'],
      ['cookie', 'cookie', 'session cookie', 'cookie'],
      ['set-cookie', 'cookie', 'session cookie', 'set-cookie'],
      ['x-api-key', 'api-key-header', 'API key header', 'whole'],
      ['api-key', 'api-key-header', 'API key header', 'whole'],
      ['apikey', 'api-key-header', 'API key header', 'whole'],
      ['x-apikey', 'api-key-header', 'API key header', 'whole'],
      ['x-goog-api-key', 'api-key-header', 'Google API key header', 'whole'],
      ['x-anthropic-api-key', 'api-key-header', 'Anthropic API key header', 'whole'],
      ['openai-api-key', 'api-key-header', 'OpenAI API key header', 'whole'],
      ['x-openai-api-key', 'api-key-header', 'OpenAI API key header', 'whole'],
      ['ocp-apim-subscription-key', 'api-key-header', 'Azure subscription key header', 'whole'],
      ['x-functions-key', 'api-key-header', 'Azure Functions key header', 'whole'],
      ['x-rapidapi-key', 'api-key-header', 'RapidAPI key header', 'whole'],
      ['x-algolia-api-key', 'api-key-header', 'Algolia API key header', 'whole'],
      ['dd-api-key', 'api-key-header', 'Datadog API key header', 'whole'],
      ['dd-application-key', 'api-key-header', 'Datadog application key header', 'whole'],
      ['x-honeycomb-team', 'api-key-header', 'Honeycomb API key header', 'whole'],
      ['x-auth-token', 'token-header', 'auth token header', 'whole'],
      ['x-access-token', 'token-header', 'access token header', 'whole'],
      ['x-session-token', 'token-header', 'session token header', 'whole'],
      ['private-token', 'token-header', 'GitLab private token header', 'whole'],
      ['x-gitlab-token', 'token-header', 'GitLab token header', 'whole'],
      ['x-github-token', 'token-header', 'GitHub token header', 'whole'],
      ['x-vault-token', 'token-header', 'Vault token header', 'whole'],
      ['x-shopify-access-token', 'token-header', 'Shopify access token header', 'whole'],
      ['x-figma-token', 'token-header', 'Figma token header', 'whole'],
      ['x-amz-security-token', 'aws-session-token', 'AWS session token header', 'whole'],
      ['x-amz-session-token', 'aws-session-token', 'AWS session token header', 'whole'],
      ['openai-organization', 'account-id-header', 'OpenAI organization id', 'whole', 'identifier'],
      ['openai-project', 'account-id-header', 'OpenAI project id', 'whole', 'identifier'],
      ['anthropic-organization-id', 'account-id-header', 'Anthropic organization id', 'whole', 'identifier'],
      ['x-organization-id', 'account-id-header', 'organization id', 'whole', 'identifier'],
    ] as const
  ).map(([name, id, description, value, severity]) => [
    name,
    { id, description, value, severity: severity ?? 'secret' } as HeaderRule,
  ]),
);

/**
 * Cookies that are not credentials: CDN bot-management and load-balancer stickiness cookies and
 * analytics ids. They carry no account and expire within minutes to days; reporting them would bury
 * real session cookies under noise (every Cloudflare-fronted API sets `__cf_bm`).
 */
export const BENIGN_COOKIES: ReadonlySet<string> = new Set(
  [
    '__cf_bm',
    '_cfuvid',
    '__cfruid',
    '__cflb',
    'cf_clearance',
    'cf_ob_info',
    'cf_use_ob',
    'awsalb',
    'awsalbcors',
    'awsalbtg',
    'awsalbtgcors',
    'arraffinity',
    'arraffinitysamesite',
    'gclb',
    '_ga',
    '_gid',
    '_gat',
    'lang',
    'locale',
    // Twitter/X tracking ids (set for logged-out visitors too).
    'guest_id',
    'guest_id_ads',
    'guest_id_marketing',
    'personalization_id',
  ].map((n) => n.toLowerCase()),
);

export interface NamedRule extends RuleInfo {}

/** Query parameter and form field names (lower case) -> rule. */
export const PARAM_RULES: ReadonlyMap<string, NamedRule> = new Map(
  (
    [
      ['key', 'api-key-param', 'API key parameter'],
      ['api_key', 'api-key-param', 'API key parameter'],
      ['apikey', 'api-key-param', 'API key parameter'],
      ['api-key', 'api-key-param', 'API key parameter'],
      ['x-api-key', 'api-key-param', 'API key parameter'],
      ['subscription-key', 'api-key-param', 'API key parameter'],
      ['token', 'token-param', 'token parameter'],
      ['access_token', 'token-param', 'access token parameter'],
      ['refresh_token', 'token-param', 'refresh token parameter'],
      ['id_token', 'token-param', 'ID token parameter'],
      ['auth_token', 'token-param', 'auth token parameter'],
      ['session_token', 'token-param', 'session token parameter'],
      ['private_token', 'token-param', 'private token parameter'],
      ['oauth_token_secret', 'token-param', 'OAuth token secret'],
      ['client_secret', 'client-secret', 'OAuth client secret'],
      ['client_assertion', 'client-secret', 'OAuth client assertion'],
      ['secret', 'secret-param', 'secret parameter'],
      ['password', 'password', 'password'],
      ['passwd', 'password', 'password'],
      ['x-amz-signature', 'aws-signature', 'AWS request signature'],
      ['x-amz-credential', 'aws-signature', 'AWS request credential'],
      ['x-amz-security-token', 'aws-session-token', 'AWS session token'],
      ['x-goog-signature', 'gcp-signature', 'Google Cloud Storage signature'],
      ['x-goog-credential', 'gcp-signature', 'Google Cloud Storage credential'],
      ['signature', 'url-signature', 'URL signature'],
      ['sig', 'url-signature', 'URL signature'],
    ] as const
  ).map(([name, id, description]) => [name, { id, description, severity: 'secret' } as NamedRule]),
);

/**
 * JSON member keys -> rule, normalised by {@link normalizeKey} (`accessToken`, `access_token` and
 * `Access-Token` are one key). `token`, `key` and `signature` are left out on purpose: LLM APIs use
 * `"token"` for log-probabilities and `"key"` for ordinary data.
 */
export const FIELD_RULES: ReadonlyMap<string, NamedRule> = new Map(
  (
    [
      ['password', 'password', 'password'],
      ['passwd', 'password', 'password'],
      ['client_secret', 'client-secret', 'OAuth client secret'],
      ['client_assertion', 'client-secret', 'OAuth client assertion'],
      ['refresh_token', 'token-field', 'refresh token'],
      ['access_token', 'token-field', 'access token'],
      ['id_token', 'token-field', 'ID token'],
      ['auth_token', 'token-field', 'auth token'],
      ['session_token', 'token-field', 'session token'],
      ['bearer_token', 'token-field', 'bearer token'],
      ['api_key', 'api-key-field', 'API key'],
      ['apikey', 'api-key-field', 'API key'],
      ['secret_key', 'secret-field', 'secret key'],
      ['private_key', 'private-key-field', 'private key'],
      ['secret_access_key', 'aws-secret-key', 'AWS secret access key'],
      ['aws_secret_access_key', 'aws-secret-key', 'AWS secret access key'],
      ['aws_session_token', 'aws-session-token', 'AWS session token'],
      ['client_secret_key', 'client-secret', 'OAuth client secret'],
    ] as const
  ).map(([name, id, description]) => [
    normalizeKey(name),
    { id, description, severity: 'secret' } as NamedRule,
  ]),
);

/** `accessToken`, `access_token`, `ACCESS-TOKEN` -> `accesstoken`. */
export function normalizeKey(key: string): string {
  return key.replace(/[-_\s]/g, '').toLowerCase();
}

export interface PatternRule extends RuleInfo {
  /** Literals one of which every match contains; a text without any is skipped. */
  readonly anchors: readonly string[];
  /** Global regex; group `secret` (or the whole match) is the credential. */
  readonly regex: RegExp;
  /** Instead of running `regex` from every position, a faster search for the same matches. */
  readonly find?: (text: string) => Iterable<{ start: number; end: number }>;
  /** Extra check on a candidate (e.g. shape of the characters), false to drop it. */
  readonly accept?: (secret: string) => boolean;
}

/** Mixed-case letters and digits, as generated keys have (and words, hex hashes and ids do not). */
function mixed(value: string): boolean {
  return /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value);
}

export const PATTERN_RULES: readonly PatternRule[] = [
  {
    id: 'aws-access-key-id',
    description: 'AWS access key id',
    severity: 'secret',
    // 16 characters of [A-Z0-9] after the prefix, as gitleaks, trufflehog and detect-secrets match them.
    anchors: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'],
    regex: /(?<![A-Za-z0-9])(?<secret>(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16})(?![A-Za-z0-9])/g,
  },
  {
    id: 'aws-secret-access-key',
    description: 'AWS secret access key',
    severity: 'secret',
    anchors: ['ecret', 'ECRET'],
    regex:
      /(?:aws_?secret_?access_?key|secret_?access_?key|SecretAccessKey|aws_?secret_?key)["']?\s*[:=]\s*["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
  },
  {
    id: 'github-token',
    description: 'GitHub token',
    severity: 'secret',
    anchors: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    regex:
      /(?<![A-Za-z0-9_])(?<secret>gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])/g,
  },
  {
    id: 'gitlab-token',
    description: 'GitLab token',
    severity: 'secret',
    anchors: ['glpat-', 'gldt-', 'glrt-', 'glptt-'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>(?:glpat|gldt|glrt|glptt)-[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])/g,
  },
  {
    id: 'slack-token',
    description: 'Slack token',
    severity: 'secret',
    anchors: ['xoxa-', 'xoxb-', 'xoxp-', 'xoxr-', 'xoxs-', 'xoxe'],
    regex:
      /(?<![A-Za-z0-9])(?<secret>xox(?:[abprs]|e(?:\.xox[bp])?)-(?:\d+-)?[A-Za-z0-9-]{10,})(?![A-Za-z0-9-])/g,
  },
  {
    id: 'slack-webhook',
    description: 'Slack webhook URL',
    severity: 'secret',
    anchors: ['hooks.slack.com/'],
    regex: /hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<secret>[A-Za-z0-9/_-]{20,})/g,
  },
  {
    id: 'stripe-key',
    description: 'Stripe live key',
    severity: 'secret',
    anchors: ['sk_live_', 'rk_live_'],
    regex: /(?<![A-Za-z0-9_])(?<secret>[sr]k_live_[A-Za-z0-9]{20,})(?![A-Za-z0-9_])/g,
  },
  {
    id: 'anthropic-key',
    description: 'Anthropic API key',
    severity: 'secret',
    anchors: ['sk-ant-'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>sk-ant-[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])/g,
  },
  {
    id: 'openai-key',
    description: 'OpenAI API key',
    severity: 'secret',
    anchors: ['sk-'],
    regex:
      /(?<![A-Za-z0-9_-])(?<secret>sk-(?!ant-)(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])/g,
    accept: (secret) => mixed(secret),
  },
  {
    id: 'google-api-key',
    description: 'Google API key',
    severity: 'secret',
    anchors: ['AIza'],
    regex: /(?<![A-Za-z0-9_-])(?<secret>AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])/g,
  },
  {
    id: 'jwt',
    description: 'JSON Web Token',
    severity: 'secret',
    anchors: ['eyJ'],
    regex:
      /(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])/g,
  },
  {
    id: 'private-key',
    description: 'PEM private key',
    severity: 'secret',
    anchors: ['PRIVATE KEY-----'],
    regex:
      /(?<secret>-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]{16,20000}?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)/g,
  },
  {
    id: 'url-basic-auth',
    description: 'password in a URL',
    severity: 'secret',
    anchors: ['://'],
    regex: /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:@/?#"'<>\\]+:(?<secret>[^\s@/?#"'<>\\]+)@/g,
    find: findUrlPasswords,
  },
];

/** Every rule id, for validating per-rule options. */
export const RULE_IDS: ReadonlySet<string> = new Set([
  ...[...HEADER_RULES.values()].map((r) => r.id),
  ...[...PARAM_RULES.values()].map((r) => r.id),
  ...[...FIELD_RULES.values()].map((r) => r.id),
  ...PATTERN_RULES.map((r) => r.id),
  'aws-secret-near-key-id',
]);

const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
const USERINFO_END = new Set([' ', '\t', '\n', '\r', '/', '?', '#', '"', "'", '<', '>', '\\', '@']);

/**
 * `scheme://user:password@` by looking at each `://` (a regex tried at every position of a large
 * body is the slowest rule by far). Yields the password's span.
 */
export function* findUrlPasswords(text: string): Generator<{ start: number; end: number }> {
  for (let at = text.indexOf('://'); at !== -1; at = text.indexOf('://', at + 3)) {
    if (at === 0 || !SCHEME_CHAR.test(text[at - 1]!)) continue;
    let colon = -1;
    let i = at + 3;
    for (; i < text.length && i - at < 512; i += 1) {
      const c = text[i]!;
      if (USERINFO_END.has(c)) break;
      if (c === ':' && colon === -1) colon = i;
    }
    if (text[i] !== '@' || colon === -1 || colon === at + 3 || colon + 1 === i) continue;
    yield { start: colon + 1, end: i };
  }
}

/** Every anchor of every pattern rule, as one regex: one pass tells which rules can match a text. */
export const ANCHORS: RegExp = new RegExp(
  [...new Set(PATTERN_RULES.flatMap((rule) => rule.anchors))]
    .sort((a, b) => b.length - a.length)
    .map((anchor) => anchor.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|'),
  'g',
);

/** Anchor -> the pattern rules it announces. */
export const RULES_BY_ANCHOR: ReadonlyMap<string, readonly PatternRule[]> = (() => {
  const map = new Map<string, PatternRule[]>();
  for (const rule of PATTERN_RULES)
    for (const anchor of rule.anchors) map.set(anchor, [...(map.get(anchor) ?? []), rule]);
  return map;
})();
