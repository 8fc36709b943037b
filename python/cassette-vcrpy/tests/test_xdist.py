"""4 pytest-xdist workers, each with its own `cassette serve`, record into one SQLite file at once."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from vcr.serializers import yamlserializer

from cassette_vcrpy import CassettePersister

PROJECT = Path(__file__).resolve().parent / "xdist_project"


def test_four_workers_record_into_one_sqlite_store_and_nothing_is_lost(tmp_path):
    pytest.importorskip("xdist", reason="pip install pytest-xdist (.ci/run installs it)")
    store = f"sqlite:{tmp_path / 'shared.db'}"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "4", "-p", "no:cacheprovider", "-q",
         "-o", "python_files=check_*.py", "--rootdir", str(PROJECT), str(PROJECT)],
        cwd=tmp_path,
        env={**os.environ, "XDIST_STORE": store},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "24 passed" in run.stdout

    workers = set()
    persister = CassettePersister(store, root=str(tmp_path / "cassettes"))
    for i in range(24):
        requests, responses = persister.load_cassette(
            str(tmp_path / "cassettes" / "xdist" / f"test_{i:02d}.yaml"), serializer=yamlserializer
        )
        assert [r.path for r in requests] == [f"/id/{i}-{part}" for part in range(3)]
        assert [r["body"]["string"] for r in responses] == [f"response for {i}-{part}".encode() for part in range(3)]
        workers.update(r.headers["X-Worker"] for r in requests)
    # Every worker recorded some of them, each through its own server, into the same file.
    assert workers == {"gw0", "gw1", "gw2", "gw3"}
