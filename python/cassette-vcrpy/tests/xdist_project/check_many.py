import os

import pytest
import requests

COUNT = 24


@pytest.mark.parametrize("i", range(COUNT))
def test_records_its_own_cassette(i, origin, recording_vcr):
    with recording_vcr.use_cassette(f"cassettes/xdist/test_{i:02d}.yaml"):
        for part in range(3):
            worker = {"X-Worker": os.environ.get("PYTEST_XDIST_WORKER", "none")}
            assert requests.get(f"{origin.url}/id/{i}-{part}", headers=worker).text == f"response for {i}-{part}"
