"""Finding a `cassette serve` to talk to: one given in the environment, or one started per process."""

import atexit
import json
import os
import secrets
import shutil
import subprocess
import threading
from pathlib import Path

from .errors import HOW_TO_INSTALL, CassetteCommandNotFound, CassetteServerError

START_TIMEOUT = 60.0  # seconds; a busy CI machine may take a while to load Node and open the store
STOP_TIMEOUT = 60.0  # seconds for the writes in flight to finish after SIGTERM


class Endpoint:
    """Where the server listens and the token it wants."""

    def __init__(self, url, token):
        self.url = url.rstrip("/")
        self.token = token


class _Started:
    def __init__(self, process, endpoint, stderr):
        self.process = process
        self.endpoint = endpoint
        self.stderr = stderr
        self.pid = os.getpid()


_lock = threading.Lock()
_started = {}


def endpoint_for(store):
    """The server for `store`: CASSETTE_SERVER_URL if set, else one started on first use and kept."""
    url = os.environ.get("CASSETTE_SERVER_URL")
    if url:
        return Endpoint(url, os.environ.get("CASSETTE_SERVER_TOKEN") or None)
    key = (store, os.getcwd())
    with _lock:
        running = _started.get(key)
        # A forked child does not share its parent's server: it starts its own.
        if running is None or running.pid != os.getpid() or running.process.poll() is not None:
            running = _start(store)
            _started[key] = running
        return running.endpoint


def cassette_command():
    """The command line that runs `cassette`: CASSETTE_BIN, else PATH, else node_modules/.bin upwards."""
    given = os.environ.get("CASSETTE_BIN")
    if given:
        if not (Path(given).is_file() or shutil.which(given)):
            raise CassetteCommandNotFound(f"CASSETTE_BIN={given} does not exist. {HOW_TO_INSTALL}")
        return _runnable(given)
    found = shutil.which("cassette")
    if found:
        return [found]
    for folder in [Path.cwd(), *Path.cwd().parents]:
        local = folder / "node_modules" / ".bin" / "cassette"
        if local.is_file():
            return [str(local)]
    raise CassetteCommandNotFound(HOW_TO_INSTALL)


def _runnable(path):
    # A path to the package's bin/cassette.js runs with node, also where the file is not executable.
    if path.endswith(".js"):
        return [shutil.which("node") or "node", path]
    return [path]


def _start(store):
    token = secrets.token_urlsafe(24)
    command = [*cassette_command(), "serve", *([] if store is None else [store]), "--port", "0", "--json"]
    args = [*command, "--token", token]
    process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stderr = _Tail(process.stderr)
    first = {}
    reader = threading.Thread(target=lambda: first.setdefault("line", process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(START_TIMEOUT)
    line = first.get("line", b"")
    try:
        url = json.loads(line)["url"]
    except (ValueError, KeyError, TypeError):
        if process.poll() is None:
            process.kill()
        process.wait()
        stderr.join()
        raise CassetteServerError(
            0,
            "UNAVAILABLE",
            f"`{' '.join(command)}` did not start (exit {process.returncode}): {stderr.text().strip()}",
        ) from None
    started = _Started(process, Endpoint(url, token), stderr)
    atexit.register(_stop, started)
    return started


def _stop(started):
    """SIGTERM: the server finishes the writes in flight, then exits."""
    if started.pid != os.getpid() or started.process.poll() is not None:
        return
    started.process.terminate()
    try:
        started.process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        started.process.kill()
        started.process.wait()


class _Tail:
    """Keeps reading a pipe (so the child never blocks on it) and remembers its last few KB."""

    def __init__(self, pipe):
        self._chunks = []
        self._thread = threading.Thread(target=self._read, args=(pipe,), daemon=True)
        self._thread.start()

    def _read(self, pipe):
        for chunk in iter(lambda: pipe.read1(4096), b""):
            self._chunks.append(chunk)
            if len(self._chunks) > 64:
                del self._chunks[:32]

    def join(self):
        self._thread.join(5)

    def text(self):
        return b"".join(self._chunks).decode("utf-8", "replace")[-4000:]
