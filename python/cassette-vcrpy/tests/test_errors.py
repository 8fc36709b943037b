"""The persister fails where vcrpy's FilesystemPersister fails, with the same exceptions."""

import json
import os
import subprocess

import pytest
import requests
import vcr
from origin import Origin
from vcr.errors import CannotOverwriteExistingCassetteException
from vcr.persisters.filesystem import CassetteDecodeError, CassetteNotFoundError, FilesystemPersister
from vcr.serializers import yamlserializer

from cassette_vcrpy import CassetteCommandNotFound, CassettePersister, CassetteServerError
from cassette_vcrpy.server import cassette_command


def both_persisters(folder):
    """vcrpy's own persister and ours, over the same folder of YAML files."""
    return [FilesystemPersister, CassettePersister(f"yaml:{folder}", root=str(folder))]


def test_a_missing_cassette_raises_CassetteNotFoundError_like_vcrpy(tmp_path):
    for persister in both_persisters(tmp_path):
        with pytest.raises(CassetteNotFoundError):
            persister.load_cassette(str(tmp_path / "missing.yaml"), serializer=yamlserializer)


def test_a_file_that_is_not_utf8_raises_CassetteDecodeError_like_vcrpy(tmp_path):
    (tmp_path / "latin1.yaml").write_bytes("interactions: []\nnote: caf\xe9\n".encode("latin-1"))
    for persister in both_persisters(tmp_path):
        with pytest.raises(CassetteDecodeError):
            persister.load_cassette(str(tmp_path / "latin1.yaml"), serializer=yamlserializer)


def test_broken_yaml_is_an_error_vcrpy_does_not_swallow(tmp_path):
    (tmp_path / "broken.yaml").write_text("interactions: [\n  - {a: 1\n")
    with pytest.raises(Exception) as theirs:
        FilesystemPersister.load_cassette(str(tmp_path / "broken.yaml"), serializer=yamlserializer)
    assert not isinstance(theirs.value, (CassetteNotFoundError, CassetteDecodeError))
    with pytest.raises(CassetteServerError) as ours:
        CassettePersister(f"yaml:{tmp_path}", root=str(tmp_path)).load_cassette(
            str(tmp_path / "broken.yaml"), serializer=yamlserializer
        )
    assert ours.value.code == "INVALID_CASSETTE"
    assert "broken: invalid YAML at line" in str(ours.value)


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_a_missing_cassette_in_none_mode_fails_the_way_vcrpy_fails(store_url, tmp_path):
    origin = Origin()
    try:
        failures = []
        for persister in [FilesystemPersister, CassettePersister(store_url, root=str(tmp_path))]:
            my_vcr = vcr.VCR(cassette_library_dir=str(tmp_path), record_mode="none")
            my_vcr.register_persister(persister)
            with pytest.raises(CannotOverwriteExistingCassetteException) as failure:
                with my_vcr.use_cassette("never_recorded.yaml"):
                    requests.get(f"{origin.url}/text")
            failures.append(str(failure.value))
        assert failures[0] == failures[1]
    finally:
        origin.stop()


def test_a_path_outside_root_is_refused_before_any_request(tmp_path):
    persister = CassettePersister("sqlite:unused.db", root=str(tmp_path / "cassettes"))
    with pytest.raises(ValueError, match="outside the persister's root"):
        persister.name_for(str(tmp_path / "elsewhere" / "x.yaml"))
    assert persister.name_for(str(tmp_path / "cassettes" / "a" / "b.yml")) == "a/b"


def test_without_the_cassette_command_the_error_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.delenv("CASSETTE_BIN", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CassetteCommandNotFound, match=r"npm install --save-dev @cassettekit/cli"):
        cassette_command()
    persister = CassettePersister(f"yaml:{tmp_path}", root=str(tmp_path))
    with pytest.raises(CassetteCommandNotFound):
        persister.load_cassette(str(tmp_path / "x.yaml"), serializer=yamlserializer)


def test_a_running_server_is_used_through_CASSETTE_SERVER_URL(tmp_path, monkeypatch):
    command = cassette_command()
    server = subprocess.Popen(
        [*command, "serve", f"sqlite:{tmp_path / 'shared.db'}", "--token", "sekret", "--json"],
        stdout=subprocess.PIPE,
    )
    try:
        url = json.loads(server.stdout.readline())["url"]
        monkeypatch.setenv("CASSETTE_SERVER_URL", url)
        monkeypatch.setenv("CASSETTE_SERVER_TOKEN", "sekret")
        origin = Origin()
        try:
            my_vcr = vcr.VCR(cassette_library_dir=str(tmp_path), record_mode="once")
            # The store argument is not used: the running server serves its own store.
            my_vcr.register_persister(CassettePersister("sqlite:ignored.db", root=str(tmp_path)))
            with my_vcr.use_cassette("via_env.yaml"):
                requests.get(f"{origin.url}/id/env")
        finally:
            origin.stop()
        listed = requests.get(f"{url}/v1/cassettes", headers={"Authorization": "Bearer sekret"}).json()
        assert [c["name"] for c in listed["cassettes"]] == ["via_env"]
        monkeypatch.setenv("CASSETTE_SERVER_TOKEN", "wrong")
        with pytest.raises(CassetteServerError) as denied:
            CassettePersister(root=str(tmp_path)).load_cassette(str(tmp_path / "via_env.yaml"), yamlserializer)
        assert denied.value.status == 401
    finally:
        server.terminate()
        assert server.wait(60) == 0
    assert not os.path.exists(tmp_path / "ignored.db")
