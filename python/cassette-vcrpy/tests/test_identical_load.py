"""Loading through the persister gives vcrpy exactly what its own FilesystemPersister gives it."""

import shutil
import subprocess

import pytest
from conftest import REPO
from vcr.persisters.filesystem import FilesystemPersister
from vcr.serializers import yamlserializer

from cassette_vcrpy import CassettePersister
from cassette_vcrpy.client import Client
from cassette_vcrpy.server import cassette_command, endpoint_for

CORPUS = REPO / "fixtures" / "corpus" / "vcrpy"
CASSETTES = {
    # Python 2 era vcrpy: headers as `!!python/tuple` pairs, which JSON can only hold as lists.
    "tuples": CORPUS / "kevin1024__vcrpy" / "tests__integration__test_tornado_exception_can_be_caught.yaml",
    "gzip": CORPUS / "kevin1024__vcrpy" / "tests__integration__cassettes__gzip_requests.yaml",
    "binary": CORPUS
    / "crewAIInc__crewAI"
    / "lib__crewai__tests__cassettes__utilities__test_task_emits_failed_event_on_execution_error.yaml",
}


def loaded(result):
    """What vcrpy keeps of a load: the requests (as their dicts) and the responses, types included."""
    requests, responses = result
    return [r._to_dict() for r in requests], responses


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for name, path in CASSETTES.items():
        shutil.copyfile(path, folder / f"{name}.yaml")
    return folder


@pytest.fixture(scope="module")
def database(folder, tmp_path_factory):
    database = tmp_path_factory.mktemp("db") / "corpus.db"
    subprocess.run(
        [*cassette_command(), "migrate", f"yaml:{folder}", f"sqlite:{database}"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return database


@pytest.mark.parametrize("kind", ["yaml", "sqlite"])
@pytest.mark.parametrize("name", sorted(CASSETTES))
def test_the_persister_loads_what_FilesystemPersister_loads(kind, name, folder, database):
    store = f"yaml:{folder}" if kind == "yaml" else f"sqlite:{database}"
    path = str(folder / f"{name}.yaml")
    theirs = loaded(FilesystemPersister.load_cassette(path, serializer=yamlserializer))
    ours = loaded(CassettePersister(store, root=str(folder)).load_cassette(path, serializer=yamlserializer))
    assert ours == theirs
    if name == "tuples":
        assert type(ours[1][0]["headers"][0]) is tuple
    if name == "binary":
        assert any(isinstance(r["body"]["string"], bytes) for r in ours[1])


def test_only_a_cassette_with_python_tags_is_read_from_its_text(folder, database):
    client = Client(endpoint_for(f"sqlite:{database}"))
    for name in CASSETTES:
        response = client.request("GET", client.cassette_path(name, "?format=json"))
        assert response.status == 200
        assert ("x-cassette-json-lossy" in response.headers) == (name == "tuples")
