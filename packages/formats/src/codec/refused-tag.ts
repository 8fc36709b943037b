/** A tag the cassette schema refused, as the user wrote it, with what it is and what wrote it. */
export interface RefusedTag {
  /** `!!python/object:x`, `!binary`, `!<tag:example.com,2000:x>`. */
  readonly shown: string;
  /** What the tag asks for, for the message. */
  readonly what: string;
  readonly hint: string;
}

/**
 * Names a tag from js-yaml's "unknown tag !<...>" reason. Only Python's tags talk about Python: a
 * Ruby or JavaScript tag names the tool that writes it.
 */
export function describeRefusedTag(reason: string): RefusedTag | null {
  const full = /unknown tag !<(.*?)>/.exec(reason)?.[1];
  if (full === undefined) return null;
  const core = full.startsWith('tag:yaml.org,2002:') ? full.slice('tag:yaml.org,2002:'.length) : null;
  const shown = core !== null ? `!!${core}` : full.startsWith('!') ? full : `!<${full}>`;
  const local = core ?? full.slice(1);
  const rule = RULES.find(([pattern]) => pattern.test(core !== null ? `!!${core}` : local));
  if (rule !== undefined) return { shown, what: rule[1], hint: rule[2] };
  return {
    shown,
    what: 'a tag no cassette format uses; cassettes hold plain data only',
    hint: 'Remove the tag, or re-record the cassette',
  };
}

const RERECORD = 'or re-record the cassette';

/** Tag -> what it is and what writes it, most specific first. */
const RULES: readonly (readonly [RegExp, string, string])[] = [
  [
    /^!!python\//,
    'this tag asks to construct or run Python objects; cassettes hold data only',
    `Remove the tag (vcrpy writes plain data since 2014), ${RERECORD}`,
  ],
  [
    /^!!js\//,
    "a JavaScript value (function, regexp, undefined) from js-yaml's full schema; nothing in a cassette is run",
    `Remove the tag, ${RERECORD}`,
  ],
  [
    /^binary$/,
    "Ruby's binary string tag, written by Ruby VCR (Psych); this store reads vcrpy cassettes",
    'Keep Ruby VCR cassettes out of this store for now',
  ],
  [
    /^ruby\//,
    "a Ruby object tag, written by Ruby's Psych (Ruby VCR); nothing in a cassette is constructed or run",
    'Keep Ruby VCR cassettes out of this store for now, or re-record them',
  ],
  [/^!!perl\//, 'a Perl object tag (YAML.pm); cassettes hold data only', `Remove the tag, ${RERECORD}`],
  [/^!!java/, 'a Java object tag (SnakeYAML); cassettes hold data only', `Remove the tag, ${RERECORD}`],
  [/^!!php\//, 'a PHP object tag (Symfony YAML); cassettes hold data only', `Remove the tag, ${RERECORD}`],
  [
    /^!!(?:set|omap|pairs|timestamp)$/,
    'a YAML type no cassette format writes',
    `Write the value as a plain mapping, list or string, ${RERECORD}`,
  ],
];
