# The oracle for ../json-numbers.test.ts (regenerate golden.json: python3 oracle.py < cases.json > golden.json): each JSON text as Python's json reads it, dumped by PyYAML the
# way vcrpy writes YAML (CDumper). Reads a JSON list of texts on stdin, writes the list of YAML texts.
import json
import sys

import yaml

texts = json.load(sys.stdin)
json.dump([yaml.dump(json.loads(t), Dumper=yaml.CDumper) for t in texts], sys.stdout, indent=1)
sys.stdout.write("\n")
