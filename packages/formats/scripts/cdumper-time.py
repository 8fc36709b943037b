"""Times PyYAML's CDumper (what vcrpy's yamlserializer.serialize calls) for the emit benchmark.

Reads one line of JSON on stdin: the cassette file paths. Loads each with CLoader (loading is not
timed), then prints one JSON line: the SHA-256 of each file's `yaml.dump(data, Dumper=CDumper)` as
UTF-8, so the benchmark can check both sides write the same bytes. After that, each `time` line on
stdin dumps every document once and answers {"wall": ms, "cpu": ms}; a persistent process lets the
benchmark interleave its rounds with ours. EOF ends it.
"""
import hashlib
import json
import sys
import time

import yaml

if not yaml.__with_libyaml__:
    sys.exit("PyYAML is built without libyaml: no CDumper to measure")

paths = json.loads(sys.stdin.readline())
data = []
for path in paths:
    with open(path, encoding="utf-8") as f:
        data.append(yaml.load(f.read(), Loader=yaml.CLoader))
digests = [hashlib.sha256(yaml.dump(d, Dumper=yaml.CDumper).encode("utf-8")).hexdigest() for d in data]
print(json.dumps(digests), flush=True)

for line in sys.stdin:
    if line.strip() != "time":
        continue
    start, start_cpu = time.perf_counter(), time.process_time()
    for d in data:
        yaml.dump(d, Dumper=yaml.CDumper)
    wall = (time.perf_counter() - start) * 1000
    cpu = (time.process_time() - start_cpu) * 1000
    print(json.dumps({"wall": wall, "cpu": cpu}), flush=True)
