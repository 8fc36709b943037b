#!/usr/bin/env python3
"""Which PyYAML settings reproduce each YAML file of a corpus byte for byte.

    python3 packages/yaml/scripts/pyyaml-corpus-styles.py fixtures/corpus/vcrpy > out.json

Each file is loaded with yaml.FullLoader (vcrpy's legacy !!python/unicode etc. load, nothing runs)
and dumped with every style below; the output maps the file's path (relative to the corpus folder)
to the ids of the styles whose output equals the file ([] when none does, or it does not load).
Style ids match test/pyyaml/styles.ts: <dumper>-w<width>-<ascii|unicode>-<block|auto>.
"""
import json
import os
import sys

import yaml

DUMPERS = {"libyaml": yaml.CDumper, "pyyaml": yaml.Dumper}
STYLES = [
    (d, w, u, f)
    for d in ("libyaml", "pyyaml")
    for w in (80, "inf")
    for u in (False, True)
    for f in ("block", "auto")
]


def style_id(d, w, u, f):
    return "%s-w%s-%s-%s" % (d, w, "unicode" if u else "ascii", f)


def dump(data, d, w, u, f):
    width = (-1 if d == "libyaml" else float("inf")) if w == "inf" else w
    return yaml.dump(data, Dumper=DUMPERS[d], width=width, allow_unicode=u,
                     default_flow_style=None if f == "auto" else False)


def main():
    root = sys.argv[1]
    result = {}
    for dirpath, _, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith((".yaml", ".yml")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            with open(path, "rb") as fh:
                raw = fh.read()
            matches = []
            try:
                text = raw.decode("utf-8")
                data = yaml.load(text, Loader=yaml.FullLoader)
                for s in STYLES:
                    try:
                        if dump(data, *s) == text:
                            matches.append(style_id(*s))
                    except Exception:
                        pass
            except Exception:
                pass
            result[rel] = matches
    json.dump(dict(sorted(result.items())), sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
