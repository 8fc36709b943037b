"""An HTTP origin on loopback for the tests to record: text, non-ASCII, gzip and binary bodies."""

import gzip
import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NON_ASCII = "héllo wörld ✓ 日本語 🎞"
BINARY = bytes(range(256)) * 8 + hashlib.sha256(b"cassette").digest()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, status, body, content_type, extra=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/text":
            body = json.dumps({"greeting": NON_ASCII}, ensure_ascii=False).encode("utf-8")
            self._send(200, body, "application/json; charset=utf-8", {"X-Multi": "one"})
        elif path == "/gzip":
            self._send(200, gzip.compress(("gzip " + NON_ASCII).encode("utf-8") * 50), "text/plain; charset=utf-8",
                       {"Content-Encoding": "gzip"})
        elif path == "/binary":
            self._send(200, BINARY, "application/octet-stream")
        elif path.startswith("/id/"):
            self._send(200, f"response for {path[4:]}".encode(), "text/plain")
        else:
            self._send(404, b"not here", "text/plain")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        data = self.rfile.read(length)
        self._send(201, b"echo:" + data, "application/octet-stream")


class Origin:
    """Started on a free port; `stop()` makes every later request to it fail."""

    def __init__(self):
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self):
        if self._thread.is_alive():
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
