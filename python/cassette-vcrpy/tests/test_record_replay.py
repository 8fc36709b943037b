"""vcrpy records into a store through the persister, then replays from it with the origin gone."""

import pytest
import requests
import urllib3
import vcr
from origin import BINARY, NON_ASCII, Origin
from vcr.serialize import deserialize, serialize
from vcr.serializers import jsonserializer, yamlserializer

from cassette_vcrpy import CassettePersister
from cassette_vcrpy.client import Client
from cassette_vcrpy.server import endpoint_for


def fetch_requests(url):
    with requests.Session() as session:
        return [
            ("text", session.get(f"{url}/text").text),
            ("gzip", session.get(f"{url}/gzip").text),
            ("binary", session.get(f"{url}/binary").content),
            ("post", session.post(f"{url}/echo", data=BINARY[:300]).content),
        ]


def fetch_urllib3(url):
    pool = urllib3.PoolManager()
    try:
        return [
            ("text", pool.request("GET", f"{url}/text").data.decode("utf-8")),
            ("gzip", pool.request("GET", f"{url}/gzip").data.decode("utf-8")),
            ("binary", pool.request("GET", f"{url}/binary").data),
            ("post", pool.request("POST", f"{url}/echo", body=BINARY[:300]).data),
        ]
    finally:
        pool.clear()


EXPECTED = [
    ("text", '{"greeting": "%s"}' % NON_ASCII),
    ("gzip", ("gzip " + NON_ASCII) * 50),
    ("binary", BINARY),
    ("post", b"echo:" + BINARY[:300]),
]


def make_vcr(store, root, record_mode, serializer="yaml"):
    my_vcr = vcr.VCR(cassette_library_dir=str(root), record_mode=record_mode, serializer=serializer)
    my_vcr.register_persister(CassettePersister(store, root=str(root)))
    return my_vcr


@pytest.mark.parametrize("store_url", ["yaml", "sqlite", "s3"], indirect=True)
@pytest.mark.parametrize("fetch", [fetch_requests, fetch_urllib3], ids=["requests", "urllib3"])
def test_records_then_replays_with_the_origin_stopped(store_url, fetch, tmp_path):
    root = tmp_path / "cassettes"
    origin = Origin()
    try:
        with make_vcr(store_url, root, "once").use_cassette("suite/test_bodies.yaml") as recorded:
            assert fetch(origin.url) == EXPECTED
        assert len(recorded) == 4
    finally:
        origin.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{origin.url}/text", timeout=5)

    with make_vcr(store_url, root, "none").use_cassette("suite/test_bodies.yaml") as replayed:
        assert fetch(origin.url) == EXPECTED
    assert replayed.play_count == 4

    # The store holds exactly the text vcrpy's own serializer writes...
    written = serialize(recorded._as_dict(), yamlserializer)
    client = Client(endpoint_for(store_url))
    stored = client.request("GET", client.cassette_path("suite/test_bodies"))
    assert stored.status == 200
    assert stored.body.decode("utf-8") == written
    if store_url.startswith("yaml:"):
        folder = store_url[len("yaml:") :]
        with open(f"{folder}/suite/test_bodies.yaml", encoding="utf-8") as f:
            assert f.read() == written
    # ...and loads (through the JSON fast path) to what vcrpy reads from that text itself.
    requests_, responses = deserialize(written, yamlserializer)
    assert [r._to_dict() for r in replayed.requests] == [r._to_dict() for r in requests_]
    assert replayed.responses == responses
    assert responses[1]["headers"]["Content-Encoding"] == ["gzip"]
    assert responses[2]["body"]["string"] == BINARY


@pytest.mark.parametrize("store_url", ["json"], indirect=True)
def test_the_json_serializer_into_a_json_store_writes_vcrpys_bytes(store_url, tmp_path):
    root = tmp_path / "cassettes"
    origin = Origin()
    try:
        with make_vcr(store_url, root, "once", serializer="json").use_cassette("text.json") as recorded:
            text = requests.get(f"{origin.url}/text").text
    finally:
        origin.stop()
    folder = store_url[len("json:") :]
    with open(f"{folder}/text.json", encoding="utf-8") as f:
        assert f.read() == serialize(recorded._as_dict(), jsonserializer)
    with make_vcr(store_url, root, "none", serializer="json").use_cassette("text.json"):
        assert requests.get(f"{origin.url}/text").text == text


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_new_episodes_adds_to_a_stored_cassette(store_url, tmp_path):
    root = tmp_path / "cassettes"
    origin = Origin()
    try:
        with make_vcr(store_url, root, "once").use_cassette("grow.yaml"):
            requests.get(f"{origin.url}/id/1")
        with make_vcr(store_url, root, "new_episodes").use_cassette("grow.yaml") as grown:
            requests.get(f"{origin.url}/id/1")
            requests.get(f"{origin.url}/id/2")
    finally:
        origin.stop()
    assert len(grown) == 2
    with make_vcr(store_url, root, "none").use_cassette("grow.yaml"):
        assert requests.get(f"{origin.url}/id/2").text == "response for 2"
