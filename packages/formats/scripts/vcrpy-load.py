"""Loads cassettes with the real vcrpy and prints, per file, the requests it would replay.

Usage: python3 vcrpy-load.py FILE...   ->  one JSON line per file: {"file", "requests": [[method, uri, status]]}
or {"file", "error"}. Exit 3 when vcrpy cannot be imported (the test then skips, saying so).
"""

import json
import sys

try:
    from vcr.persisters.filesystem import FilesystemPersister
    from vcr.serializers import jsonserializer, yamlserializer
except ImportError as error:
    print(f"vcrpy is not importable: {error}", file=sys.stderr)
    sys.exit(3)

for path in sys.argv[1:]:
    serializer = jsonserializer if path.endswith(".json") else yamlserializer
    try:
        requests, responses = FilesystemPersister.load_cassette(path, serializer)
        out = [[r.method, r.uri, s["status"]["code"]] for r, s in zip(requests, responses)]
        print(json.dumps({"file": path, "requests": out}))
    except Exception as error:  # noqa: BLE001 - reported per file
        print(json.dumps({"file": path, "error": f"{type(error).__name__}: {error}"}))
