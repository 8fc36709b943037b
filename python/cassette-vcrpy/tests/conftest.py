"""Test setup: a real vcrpy, the built `cassette` command, moto's S3 server on loopback."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
VENDORED_VCRPY = Path("shared", "vendor", "vcrpy-8.2.1")

# The inner project the xdist test runs in its own pytest process.
collect_ignore = ["xdist_project"]


def _find_vcrpy():
    """An installed vcrpy, else the vendored copy in ../shared next to the repository (see its README)."""
    try:
        import vcr  # noqa: F401

        return None
    except ImportError:
        pass
    for folder in [REPO, *REPO.parents]:
        candidate = folder / VENDORED_VCRPY
        if (candidate / "vcr" / "__init__.py").is_file():
            return str(candidate)
    return ""


_vcrpy_path = _find_vcrpy()
if _vcrpy_path:
    sys.path.insert(0, _vcrpy_path)
    # Child processes (the xdist run, the bench) find it too.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [_vcrpy_path, os.environ.get("PYTHONPATH")]))
sys.path.insert(0, str(HERE.parent / "src"))
os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE.parent / "src"), os.environ.get("PYTHONPATH")]))

CLI = REPO / "apps" / "cli" / "bin" / "cassette.js"
os.environ.setdefault("CASSETTE_BIN", str(CLI))
os.environ.pop("CASSETTE_SERVER_URL", None)
os.environ.pop("CASSETTE_STORE", None)


NO_VCRPY = "vcrpy is not installed (pip install vcrpy) and ../shared/vendor/vcrpy-8.2.1 is not there"
if _vcrpy_path == "":
    # Every test needs vcrpy: only test_vcrpy_available.py runs, and skips saying why.
    collect_ignore_glob = ["test_[!v]*.py"]


def pytest_sessionstart(session):
    if _vcrpy_path != "" and not (REPO / "apps" / "cli" / "dist" / "main.js").is_file():
        pytest.exit("the cassette command is not built: run `npm run build` at the repository root", 2)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _moto_python():
    candidates = [os.environ.get("CASSETTE_MOTO_PYTHON"), sys.executable]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates.append(str(pyenv / "shims" / "python3"))
    if (pyenv / "versions").is_dir():
        candidates += [str(p / "bin" / "python3") for p in sorted((pyenv / "versions").iterdir(), reverse=True)]
    for python in filter(None, candidates):
        probe = subprocess.run([python, "-c", "import moto.server, flask"], capture_output=True)
        if probe.returncode == 0:
            return python
    return None


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 server on loopback (or CASSETTE_S3_ENDPOINT); the S3 tests fail, never skip, without one."""
    given = os.environ.get("CASSETTE_S3_ENDPOINT")
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    os.environ.setdefault("AWS_REGION", "us-east-1")
    if given:
        yield given
        return
    python = _moto_python()
    if python is None:
        pytest.fail(
            "the S3 tests need moto's server (pip install 'moto[server]') or CASSETTE_S3_ENDPOINT=http://127.0.0.1:PORT"
        )
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    env = {**os.environ, "MOTO_S3_DEFAULT_KEY_BUFFER_SIZE": "67108864"}
    process = subprocess.Popen(
        [python, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(endpoint + "/", timeout=2).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"moto's server did not start on {endpoint}")
                time.sleep(0.1)
        os.environ["CASSETTE_S3_ENDPOINT"] = endpoint
        yield endpoint
    finally:
        os.environ.pop("CASSETTE_S3_ENDPOINT", None)
        process.terminate()
        process.wait(30)


@pytest.fixture
def store_url(request, tmp_path):
    """A fresh store of the kind the test is parametrized with: yaml, json, sqlite or s3."""
    kind = request.param
    if kind == "s3":
        request.getfixturevalue("s3_endpoint")
        return f"s3://vcrpy-{secrets.token_hex(4)}/cassettes?createBucket=true"
    if kind == "sqlite":
        return f"sqlite:{tmp_path / 'cassettes.db'}"
    return f"{kind}:{tmp_path / 'store'}"


def pytest_sessionfinish(session, exitstatus):
    # "No tests collected" (exit 5) would let a broken setup pass unnoticed in `npm test`: make it a failure.
    if exitstatus == 5:
        session.exitstatus = 1
