"""A small HTTP client for `cassette serve`: one keep-alive connection per thread."""

import http.client
import json
import threading
from urllib.parse import quote, urlsplit

from .errors import CassetteServerError

TIMEOUT = 120.0  # seconds; a large cassette on a busy machine


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def error(self):
        """The server's `{"code", "message"}` as an exception."""
        try:
            parsed = json.loads(self.body)
            code, message = parsed["code"], parsed["message"]
        except (ValueError, KeyError, TypeError):
            code, message = "ERROR", f"cassette serve answered {self.status}: {self.body[:500]!r}"
        return CassetteServerError(self.status, code, message)


class Client:
    def __init__(self, endpoint):
        parts = urlsplit(endpoint.url)
        self._host = parts.hostname
        self._port = parts.port
        self._base = parts.path.rstrip("/")
        self._headers = {} if endpoint.token is None else {"Authorization": f"Bearer {endpoint.token}"}
        self._local = threading.local()

    def cassette_path(self, name, query=""):
        return f"{self._base}/v1/cassettes/{quote(name, safe='')}{query}"

    def request(self, method, path, body=None, headers=None):
        all_headers = {**self._headers, **(headers or {})}
        for attempt in (1, 2):
            connection = self._connection()
            try:
                connection.request(method, path, body=body, headers=all_headers)
                response = connection.getresponse()
                data = response.read()
                if response.getheader("connection", "").lower() == "close":
                    self._drop()
                return Response(response.status, response.headers, data)
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closes idle keep-alive connections: open a new one, once.
                self._drop()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _connection(self):
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = http.client.HTTPConnection(self._host, self._port, timeout=TIMEOUT)
            self._local.connection = connection
        return connection

    def _drop(self):
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None
