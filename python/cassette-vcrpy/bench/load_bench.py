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
from cassette_vcrpy import server  # noqa: E402
from cassette_vcrpy.server import cassette_command  # noqa: E402

RUNS = 5


def serializer_for(path):
    return jsonserializer if path.suffix == ".json" else yamlserializer


def load_all(persister, paths):
    for path in paths:
        persister.load_cassette(str(path), serializer=serializer_for(path))


def server_cpu_seconds():
    """CPU time of the `cassette serve` processes this process started (Linux /proc; 0 elsewhere)."""
    total = 0.0
    for started in server._started.values():
        try:
            fields = Path(f"/proc/{started.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            pass
    return total


def median_seconds(work):
    """Median wall time and median CPU time (this process and the server it talks to) of RUNS calls."""
    work()  # warm-up: the server is started, files are in the page cache
    walls, cpus = [], []
    for _ in range(RUNS):
        start, cpu = time.perf_counter(), time.process_time() + server_cpu_seconds()
        work()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() + server_cpu_seconds() - cpu)
    return statistics.median(walls), statistics.median(cpus)


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
        # Interleaved, so that both see the same load on a shared machine.
        files_wall, files_cpu, store_wall, store_cpu = [], [], [], []
        for _ in range(3):
            wall, cpu = median_seconds(lambda: load_all(FilesystemPersister, paths))
            files_wall.append(wall)
            files_cpu.append(cpu)
            wall, cpu = median_seconds(lambda: load_all(persister, paths))
            store_wall.append(wall)
            store_cpu.append(cpu)
        fw, fc, sw, sc = (statistics.median(x) for x in (files_wall, files_cpu, store_wall, store_cpu))
        libyaml = "libyaml" if yamlserializer.Dumper.__name__ == "CDumper" else "pure-Python PyYAML"
        print(f"vcrpy load_cassette of {len(paths)} corpus cassettes ({size / 1e6:.1f} MB of YAML/JSON):")
        print(f"  FilesystemPersister, YAML files ({libyaml}):   wall {fw * 1000:8.1f} ms   CPU {fc * 1000:8.1f} ms")
        print(f"  CassettePersister, sqlite: via cassette serve: wall {sw * 1000:8.1f} ms   CPU {sc * 1000:8.1f} ms (client + server)")
        print(f"  ratio: {fw / sw:.1f}x wall, {fc / sc:.1f}x CPU (target: at least 3x)")


if __name__ == "__main__":
    os.environ.pop("CASSETTE_SERVER_URL", None)
    main()
