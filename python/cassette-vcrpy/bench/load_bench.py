"""Loading every vcrpy YAML cassette of the corpus: vcrpy's own FilesystemPersister from the YAML files vs
CassettePersister from a sqlite: store (through `cassette serve`), measured in the same run.

Both load the same cassettes, and the bench first checks that both give vcrpy the same requests and
responses. Runs alternate between the two (so both see the same load on a shared machine); the numbers
are medians of wall time and of CPU time (this process, plus the server's for the store). Issue #12's
target is the store at least 3x faster.

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
from vcr.serializers import yamlserializer  # noqa: E402

from cassette_vcrpy import CassettePersister  # noqa: E402
from cassette_vcrpy import server  # noqa: E402
from cassette_vcrpy.server import cassette_command  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "11"))
TARGET = 3.0


def load_all(persister, paths):
    for path in paths:
        persister.load_cassette(path, serializer=yamlserializer)


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


def measure(work):
    """Wall time, this process's CPU time and the server's CPU time of one call."""
    wall, cpu, served = time.perf_counter(), time.process_time(), server_cpu_seconds()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu, server_cpu_seconds() - served


def loaded(result):
    requests, responses = result
    return [r._to_dict() for r in requests], responses


def comparable_cassettes(folder, persister):
    """The YAML cassettes both load to the same requests and responses (vcrpy refuses its pre-1.0
    format; the store refuses cassettes with Python objects), one file per cassette name."""
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))
    names = [persister.name_for(str(p)) for p in files]
    paths, refused, different = [], 0, []
    for path, name in zip(files, names):
        if names.count(name) > 1:
            continue
        try:
            theirs = loaded(FilesystemPersister.load_cassette(str(path), serializer=yamlserializer))
            ours = loaded(persister.load_cassette(str(path), serializer=yamlserializer))
        except Exception:
            refused += 1
            continue
        if ours != theirs:
            different.append(path.name)
        paths.append(str(path))
    return paths, refused, different


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
        paths, refused, different = comparable_cassettes(folder, persister)
        if not paths:
            sys.exit(f"no cassette loaded: {migrate.stderr}")
        if different:
            sys.exit(f"the persister loads {len(different)} cassettes differently from vcrpy: {different[:5]}")
        size = sum(Path(p).stat().st_size for p in paths)

        load_all(FilesystemPersister, paths)  # warm-up: files in the page cache, the server started
        load_all(persister, paths)
        files, store = [], []
        for run in range(RUNS):
            # Alternating, and each side first every other run: both see the same machine.
            order = [(files, FilesystemPersister), (store, persister)]
            for samples, which in order if run % 2 == 0 else reversed(order):
                samples.append(measure(lambda: load_all(which, paths)))

        def medians(samples):
            wall, cpu, served = (statistics.median(s[i] for s in samples) for i in range(3))
            total = statistics.median(s[1] + s[2] for s in samples)
            return wall, cpu, served, total

        fw, _, _, fc = medians(files)
        sw, client, served, sc = medians(store)
        libyaml = "libyaml" if yamlserializer.Dumper.__name__ == "CDumper" else "pure-Python PyYAML"
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        wall_ratio, cpu_ratio = fw / sw, fc / sc
        print(
            f"vcrpy load_cassette of {len(paths)} corpus YAML cassettes ({size / 1e6:.1f} MB), each loading the same"
            f" in both ({refused} that either refuses left out); medians of {RUNS} alternating runs; load average {load}:"
        )
        print(f"  FilesystemPersister, YAML files ({libyaml}):   wall {fw * 1000:8.1f} ms   CPU {fc * 1000:8.1f} ms")
        print(
            f"  CassettePersister, sqlite: via cassette serve: wall {sw * 1000:8.1f} ms   CPU {sc * 1000:8.1f} ms"
            f" (client {client * 1000:.1f} + server {served * 1000:.1f})"
        )
        for label, ratio in (("wall", wall_ratio), ("CPU", cpu_ratio)):
            verdict = "met" if ratio >= TARGET else "not met"
            print(f"  ratio {label}: {ratio:.2f}x (target: at least {TARGET:.0f}x: {verdict})")


if __name__ == "__main__":
    os.environ.pop("CASSETTE_SERVER_URL", None)
    main()
