"""Times vcrpy's own load path on cassette files, for the benchmarks' baseline.

Reads file paths (one per line) on stdin; prints, as JSON, the wall and CPU milliseconds of each of
`rounds` loads of every file: open + read + vcrpy's yamlserializer.deserialize (its _CassetteLoader on
libyaml), which is what vcrpy's FilesystemPersister does per cassette. vcrpy comes from an installed
package or, on machines where pip cannot fetch it, from the folder named by CASSETTE_VCRPY_PATH.
"""
import json
import os
import sys
import time

try:
    from vcr.serializers import yamlserializer
except ImportError:
    sys.path.insert(0, os.environ.get("CASSETTE_VCRPY_PATH", ""))
    from vcr.serializers import yamlserializer

rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 1
paths = [line for line in sys.stdin.read().splitlines() if line]
times = []
cpu = []
for _ in range(rounds):
    start, start_cpu = time.perf_counter(), time.process_time()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            yamlserializer.deserialize(f.read())
    times.append((time.perf_counter() - start) * 1000)
    cpu.append((time.process_time() - start_cpu) * 1000)
print(json.dumps({"times": times, "cpu": cpu, "libyaml": bool(__import__("yaml").__with_libyaml__)}))
