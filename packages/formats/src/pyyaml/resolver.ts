/**
 * PyYAML's implicit resolvers (`resolver.py`, YAML 1.1 flavour). A string may be written plain only
 * if reading the plain text back resolves to `str`; otherwise `yes`, `1e3`, `~`, `2001-12-14`... would
 * come back as bool, float, null, timestamp. The patterns are the `re.X` originals with the
 * insignificant whitespace removed (whitespace inside `[...]` is significant and kept). PyYAML picks
 * the candidate resolvers by the first character; each pattern can only match strings starting with
 * one of its characters anyway, so testing them by first character is the same thing.
 *
 * Python's `$` also matches before a final `\n`; that only matters for multi-line strings, which are
 * never written plain, so it is not reproduced.
 */

const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const TIMESTAMP =
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/;

/** True when the plain scalar `value` would be read back as a string (PyYAML `implicit[0]`). */
export function resolvesToStr(value: string): boolean {
  if (value.length === 0) return false; // null
  const c = value.charCodeAt(0);
  switch (c) {
    case 121: // y Y n N t T f F o O
    case 89:
    case 110:
    case 78:
    case 116:
    case 84:
    case 102:
    case 70:
    case 111:
    case 79:
      if (value.length <= 5 && BOOL.test(value)) return false;
      return !((c === 110 || c === 78) && value.length === 4 && NULL.test(value));
    case 126: // ~
      return value.length !== 1;
    case 60: // <  (merge key)
      return value !== '<<';
    case 61: // =  (value key)
      return value !== '=';
    case 33: // ! & *  (the documentation-only "yaml" resolver)
    case 38:
    case 42:
      return value.length !== 1;
    case 43: // + - .
    case 45:
    case 46:
      return !FLOAT.test(value) && !INT.test(value);
  }
  if (c >= 48 && c <= 57) return !FLOAT.test(value) && !INT.test(value) && !TIMESTAMP.test(value);
  return true;
}
