"""The project the xdist test runs: every test records its own cassette into one SQLite store."""

import os
import sys
from pathlib import Path

import pytest
import vcr

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from origin import Origin  # noqa: E402

from cassette_vcrpy import CassettePersister  # noqa: E402


@pytest.fixture(scope="session")
def origin():
    server = Origin()
    yield server
    server.stop()


@pytest.fixture
def recording_vcr():
    my_vcr = vcr.VCR(cassette_library_dir="cassettes", record_mode="once")
    my_vcr.register_persister(CassettePersister(os.environ["XDIST_STORE"], root="cassettes"))
    return my_vcr
