#!/usr/bin/env python3
"""PyYAML's output for hand-picked edge cases of the emitter's fast paths (the one-pass
double-quoted writer without allow_unicode, the analysis that stops at a line break followed by a
space): folding at each width, escapes next to fold points, non-ASCII, empty strings, strings that
resolve to other types, keys that need quotes, binary.

    python3 packages/formats/scripts/pyyaml-edge-goldens.py > packages/formats/test/pyyaml/goldens/edge-cases.json

Each case is written where cassettes hold it (a response body) and nested deeper in block
sequences; values use the tagged JSON of test/pyyaml/codec.ts ({"$bytes": base64}).
"""
import base64
import copy
import json

import yaml

JSON_BODY = (
    '{\n  "id": "chatcmpl-1",\n  "object": "chat.completion",\n  "choices": [\n    {\n'
    '      "message": {"content": "He said \\"hi\\" \\\\ bye"}\n    }\n  ]\n}\n'
)
CASES = [
    ("pretty JSON body: a break then a space, so double-quoted and folded", JSON_BODY * 3),
    ("a quote, a backslash and a line break as the only escapes", 'say "x" \\ y\n' * 12),
    ("a fold at a space followed by another: the second is protected with a backslash",
     "\n " + "p" * 75 + " q  " + "r" * 40 + " s\n" + "t" * 76 + "  u"),
    ("no space to fold at: one long word", "\n " + "a" * 200),
    ("spaces at both ends are never folded", " " + "abc " * 40 + "\n  "),
    ("a run of spaces is no fold point", "\n " + "b" * 75 + "     " + "c" * 30 + " d"),
    ("an escape right before a space past the width", "\n " + "e" * 76 + '" f g' + "h" * 80),
    ("controls, tab, carriage return, DEL, NUL", "\n a\tb\rc\x00d\x7fe\x1bf\x07g\x0bh\x08i\x0cj " * 6),
    ("Latin-1, BMP and astral characters, line and paragraph separators, NEL, BOM, NBSP",
     "\n caf\u00e9 \u2019quote\u201d \U0001F600 emoji \u2028 \u2029 \x85 \ufeff \xa0 " * 4),
    ("escapes that cross the width", "\n " + "k" * 72 + "\U0001F600 \U0001F600 " + "m" * 10),
    ("a break followed by a space in a short string", "a\n b"),
    ("long multi-line text without a break-space: single-quoted", ("line of text here " * 5 + "\n") * 4),
    ("long multi-line text with a space before each break: double-quoted", "trailing space \n" * 8),
    ("long single-line JSON: single-quoted", '{"a": "' + "v " * 60 + '", "b": [1, 2]}'),
    ("empty string", ""),
    ("strings that look like numbers, bools, null and timestamps",
     ["1", "1.5", "1e3", "0x1F", "yes", "No", "true", "null", "~", "2001-12-14", "0777", ".inf", "-.5",
      "1_000", "12:30:45", "=", "<<"]),
    ("keys that need quotes, a multi-line key and keys too long to be simple",
     {"plain": 1, "needs: quote": 2, "- dash": 3, "#hash": 4, "'quoted'": 5, '"dq"': 6, "caf\u00e9": 7,
      "multi\nline key with a break": 8, "tab\tkey": 9, "": 10, "x" * 130: 11, "y" * 127: 12,
      "\u00e9" * 64: 13, "\u00e9" * 65: 14, "yes": 15, "1": 16}),
    ("binary", [b"", b"\x00\x01\xfe\xff" * 40]),
]
STYLES = {
    "libyaml-w80-ascii-block": (yaml.CDumper, 80, False),
    "libyaml-w40-ascii-block": (yaml.CDumper, 40, False),
    "libyaml-w20-ascii-block": (yaml.CDumper, 20, False),
    "libyaml-w80-unicode-block": (yaml.CDumper, 80, True),
    "pyyaml-w80-ascii-block": (yaml.Dumper, 80, False),
}


def tagged(v):
    if isinstance(v, bytes):
        return {"$bytes": base64.b64encode(v).decode()}
    if isinstance(v, list):
        return [tagged(x) for x in v]
    if isinstance(v, dict):
        return {k: tagged(x) for k, x in v.items()}
    return v


def document(value):
    # A copy: the same list or dict twice would be written with an anchor and an alias.
    return {"interactions": [{"response": {"body": {"string": value}}, "deep": [[{"k": copy.deepcopy(value)}]]}]}


def dump(value, style):
    dumper, width, unicode = STYLES[style]
    try:
        return yaml.dump(value, Dumper=dumper, width=width, allow_unicode=unicode, default_flow_style=False)
    except Exception as e:  # noqa: BLE001 - the error is the expected output
        return {"$error": type(e).__name__}


cases = [{"name": n, "in": tagged(document(v)), "out": {s: dump(document(v), s) for s in STYLES}} for n, v in CASES]
lone = document("\n a\ud800b")
cases.append({"name": "a lone surrogate", "in": lone, "out": {s: dump(lone, s) for s in STYLES}})
print(json.dumps(cases, ensure_ascii=True, indent=1))
