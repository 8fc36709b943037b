"""Records a vcrpy cassette against a loopback origin: what `cassette convert --to har` turns into a
recording Polly replays (packages/polly/test/replay-converted.test.ts).

    python3 packages/polly/scripts/record-vcrpy.py OUT.yaml

An installed vcrpy, else `shared/vendor/vcrpy-8.2.1` beside the repository (or beside a folder holding
it, for worktrees). Exit 3 when vcrpy or requests cannot be imported. Only 127.0.0.1 is contacted.
"""

import gzip
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

try:
    import vcr  # noqa: F401
except ImportError:
    for folder in Path(__file__).resolve().parents:
        vendored = folder / "shared" / "vendor" / "vcrpy-8.2.1"
        if vendored.is_dir():
            sys.path.insert(0, str(vendored))
            break

try:
    import requests
    import vcr
except ImportError as error:  # pragma: no cover - the test says why it skips
    print(f"cannot import {error.name}", file=sys.stderr)
    sys.exit(3)

COUNTER = {"n": 0}


class Origin(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/json":
            body = json.dumps({"greeting": "héllo wörld ✓", "query": self.path}).encode()
            self.reply(200, body, [("Content-Type", "application/json; charset=utf-8")])
        elif path == "/bytes":
            self.reply(200, bytes(range(256)), [("Content-Type", "application/octet-stream")])
        elif path == "/gzip":
            body = gzip.compress(b"compressed " * 20, mtime=0)
            self.reply(200, body, [("Content-Type", "text/plain"), ("Content-Encoding", "gzip")])
        elif path == "/cookies":
            self.reply(
                200,
                b"two cookies",
                [("Content-Type", "text/plain"), ("Set-Cookie", "a=1; Path=/"), ("Set-Cookie", "b=2; Path=/")],
            )
        elif path == "/counter":
            COUNTER["n"] += 1
            self.reply(200, f"call {COUNTER['n']}".encode(), [("Content-Type", "text/plain")])
        else:
            self.reply(404, b"no such thing", [("Content-Type", "text/plain")])

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        self.reply(201, b"created: " + body, [("Content-Type", "application/json")])


def main(out):
    if out == "--check":
        return
    server = ThreadingHTTPServer(("127.0.0.1", 0), Origin)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with vcr.VCR(record_mode="all").use_cassette(out):
            session = requests.Session()
            session.get(f"{base}/json?b=2&a=1")
            session.post(f"{base}/echo", json={"name": "polly", "n": 1})
            session.get(f"{base}/bytes")
            session.get(f"{base}/gzip")
            session.get(f"{base}/cookies")
            session.get(f"{base}/counter")
            session.get(f"{base}/counter")
            session.delete(f"{base}/missing")
    finally:
        server.shutdown()


if __name__ == "__main__":
    main(sys.argv[1])
