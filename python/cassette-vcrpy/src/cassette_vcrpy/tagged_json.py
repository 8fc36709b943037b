"""The `json` form of `cassette serve`: the document as JSON, with what JSON cannot carry tagged.

Tags are one-key objects: `{"$bytes": base64}`, `{"$float": "1.0"}` (a float with an integral value),
`{"$int": "123..."}` (an int beyond 2**53), and `{"$map": {...}}` around a map whose own keys start
with `$`, so that data is never mistaken for a tag. Reading them back gives what PyYAML gives vcrpy.
"""

import json
from base64 import b64decode


def loads(text):
    """The document in `text` (the server's json form, as bytes), its tags read back.

    Most cassettes carry no tag at all, and tags only need a walk of the whole document when one sits
    inside a `$map`: the text tells which case it is before it is parsed.
    """
    if b'"$' not in text and b"\\u0024" not in text:
        return json.loads(text)
    if b'"$map"' not in text and b"\\u0024" not in text:
        # No data map has a `$` key, so every one-key `$bytes`/`$float`/`$int` object is a tag.
        return json.loads(text, object_hook=_tag)
    return untag(json.loads(text))


def _tag(value):
    if len(value) == 1:
        ((key, inner),) = value.items()
        if type(inner) is str:
            if key == "$bytes":
                return b64decode(inner)
            if key == "$float":
                return float(inner)
            if key == "$int":
                return int(inner)
    return value


def untag(value):
    kind = type(value)
    if kind is dict:
        if len(value) == 1:
            ((key, inner),) = value.items()
            if key == "$bytes" and type(inner) is str:
                return b64decode(inner)
            if key == "$float" and type(inner) is str:
                return float(inner)
            if key == "$int" and type(inner) is str:
                return int(inner)
            if key == "$map" and type(inner) is dict:
                return {k: untag(v) for k, v in inner.items()}
        return {k: untag(v) for k, v in value.items()}
    if kind is list:
        return [untag(v) for v in value]
    return value
