#!/usr/bin/env python3
"""PyYAML oracle for the TypeScript emitter's differential tests.

Reads JSON lines from stdin, one document each:
    {"doc": <tagged value>, "styles": [[dumper, width, unicode, flow], ...]}
and writes one JSON line per input, in order:
    {"out": [<yaml text> | {"$error": "<ExceptionName>: <message>"}, ...]}

Tagged values (plain JSON otherwise; JSON string escapes carry lone surrogates):
    {"$bytes": "<base64>"}  bytes
    {"$float": "<repr>"}    float ("1.0", "inf", "-inf", "nan", "1e+300")
    {"$int": "<digits>"}    int too large for a JS number
    {"$map": {...}}         a dict whose keys would otherwise look like tags
    {"$def": [id, value]}   a list/dict that occurs again later as {"$ref": id} (the same object)

dumper is "libyaml" (yaml.CDumper) or "pyyaml" (yaml.Dumper); width is a number or "inf"
(CDumper cannot take float('inf'): it gets width=-1, libyaml's "no limit"); flow is "block"
(default_flow_style=False) or "auto" (default_flow_style=None).
"""
import base64
import json
import sys

import yaml

DUMPERS = {"libyaml": yaml.CDumper, "pyyaml": yaml.Dumper}


def decode(v, defs=None):
    if defs is None:
        defs = {}
    if isinstance(v, list):
        return [decode(x, defs) for x in v]
    if isinstance(v, dict):
        if len(v) == 1:
            (k, x), = v.items()
            if k == "$bytes":
                return base64.b64decode(x)
            if k == "$float":
                return float(x)
            if k == "$int":
                return int(x)
            if k == "$map":
                return {kk: decode(xx, defs) for kk, xx in x.items()}
            if k == "$ref":
                return defs[x]
            if k == "$def":
                value = decode(x[1], defs)
                defs[x[0]] = value
                return value
        return {k: decode(x, defs) for k, x in v.items()}
    return v


def dump(doc, style):
    dumper, width, unicode, flow = style
    if width == "inf":
        width = -1 if dumper == "libyaml" else float("inf")
    try:
        return yaml.dump(
            doc,
            Dumper=DUMPERS[dumper],
            width=width,
            allow_unicode=unicode,
            default_flow_style=None if flow == "auto" else False,
        )
    except Exception as e:  # the emitter must fail the same way
        return {"$error": "%s: %s" % (type(e).__name__, e)}


def main():
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        doc = decode(req["doc"])
        out.write(json.dumps({"out": [dump(doc, s) for s in req["styles"]]}) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
