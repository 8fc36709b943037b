export type { AllowEntry, AllowList, AllowSubject } from './allow.js';
export { isAllowed, parseAllowList } from './allow.js';
export type { BodyText } from './body.js';
export { bodyText } from './body.js';
export type {
  PlaceholderOptions,
  RedactOptions,
  RedactResult,
  ScanOptions,
} from './engine.js';
export { checkPlaceholder, DEFAULT_PLACEHOLDER, redactCassette, scanCassette } from './engine.js';
export type { Finding } from './findings.js';
export { fingerprintOf, maskSecret } from './mask.js';
export { isPlaceholder } from './placeholder.js';
export type { HeaderRule, NamedRule, PatternRule, RuleInfo, Severity } from './rules.js';
export {
  BENIGN_COOKIES,
  FIELD_RULES,
  HEADER_RULES,
  normalizeKey,
  PARAM_RULES,
  PATTERN_RULES,
  RULE_IDS,
} from './rules.js';
