"""Loading every vcrpy cassette of the corpus: vcrpy's own FilesystemPersister from the YAML files vs
CassettePersister from a sqlite: store (through `cassette serve`, as JSON), measured in the same run.

Run it with `npm run bench` (the repository's bench command) or `python3 bench/load_bench.py`.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(HERE.parent / "tests"))
import conftest  # noqa: E402,F401  (finds vcrpy and the built `cassette` as the tests do)

from vcr.persisters.filesystem import FilesystemPersister  # noqa: E402
from vcr.serializers import jsonserializer, yamlserializer  # noqa: E402

from cassette_vcrpy import CassettePersister  # noqa: E402
from cassette_vcrpy.server import cassette_command  # noqa: E402

RUNS = 5


def serializer_for(path):
    return jsonserializer if path.suffix == ".json" else yamlserializer


def load_all(persister, paths):
    for path in paths:
        persister.load_cassette(str(path), serializer=serializer_for(path))


def median_seconds(work):
    work()  # warm-up: the server is started, files are in the page cache
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    with tempfile.TemporaryDirectory(prefix="cassette-vcrpy-bench-") as work:
        folder = Path(work, "yaml")
        shutil.copytree(REPO / "fixtures" / "corpus" / "vcrpy", folder)
        database = Path(work, "corpus.db")
        migrate = subprocess.run(
            [*cassette_command(), "migrate", f"yaml:{folder}", f"sqlite:{database}", "--json"],
            capture_output=True,
            text=True,
        )
        persister = CassettePersister(f"sqlite:{database}", root=str(folder))
        # Every cassette both can load (vcrpy refuses its pre-1.0 format; the store refuses Python tags).
        paths = []
        for path in sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml", ".json")):
            try:
                FilesystemPersister.load_cassette(str(path), serializer=serializer_for(path))
                persister.load_cassette(str(path), serializer=serializer_for(path))
            except Exception:
                continue
            paths.append(path)
        if not paths:
            sys.exit(f"no cassette loaded: {migrate.stderr}")
        size = sum(p.stat().st_size for p in paths)
        files = median_seconds(lambda: load_all(FilesystemPersister, paths))
        store = median_seconds(lambda: load_all(persister, paths))
        libyaml = "libyaml" if yamlserializer.Dumper.__name__ == "CDumper" else "pure-Python PyYAML"
        print(f"vcrpy load_cassette of {len(paths)} corpus cassettes ({size / 1e6:.1f} MB of YAML/JSON), median of {RUNS}:")
        print(f"  FilesystemPersister, YAML files ({libyaml}):  {files * 1000:8.1f} ms")
        print(f"  CassettePersister, sqlite: via cassette serve: {store * 1000:8.1f} ms")
        print(f"  ratio: {files / store:.1f}x faster (target: at least 3x)")


if __name__ == "__main__":
    os.environ.pop("CASSETTE_SERVER_URL", None)
    main()
