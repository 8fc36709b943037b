"""A small HTTP/1.1 client for `cassette serve`: one keep-alive connection per thread.

`cassette serve` is a local process a test suite asks for every cassette it replays, so a request
should cost little more than the bytes it moves: this speaks just the HTTP/1.1 that server speaks
(Content-Length or chunked bodies, keep-alive) over a plain socket, without http.client's per-response
email-header parsing and buffered file objects.
"""

import json
import os
import socket
import threading
from urllib.parse import quote, urlsplit

from .errors import CassetteServerError

TIMEOUT = 120.0  # seconds; a large cassette on a busy machine
READ_SIZE = 256 * 1024
MAX_HEAD = 64 * 1024  # status line and headers; the server's own are a few hundred bytes


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-case names
        self.body = body

    def error(self):
        """The server's `{"code", "message"}` as an exception."""
        try:
            parsed = json.loads(self.body)
            code, message = parsed["code"], parsed["message"]
        except (ValueError, KeyError, TypeError):
            code, message = "ERROR", f"cassette serve answered {self.status}: {self.body[:500]!r}"
        return CassetteServerError(self.status, code, message)


def quoted_name(name):
    """The name as path segments. Slashes stay (the server reads `a/b` as `a%2Fb`: quoting every
    character one by one is urllib's slow path), except where a `.` or `..` segment would be
    folded away by URL parsing before the server sees the name."""
    segments = name.split("/")
    return quote(name, safe="" if "." in segments or ".." in segments else "/")


class _Closed(ConnectionError):
    """The server closed a kept-alive connection before answering: the request may be sent again."""


class Client:
    def __init__(self, endpoint):
        parts = urlsplit(endpoint.url)
        if parts.scheme != "http":
            raise ValueError(f"cassette serve speaks plain http on loopback, not {endpoint.url}")
        self._address = (parts.hostname, parts.port or 80)
        self._base = parts.path.rstrip("/")
        host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        self._head = f"Host: {host}:{self._address[1]}\r\n"
        if endpoint.token is not None:
            self._head += f"Authorization: Bearer {endpoint.token}\r\n"
        self._local = threading.local()

    def cassette_path(self, name, query=""):
        return f"{self._base}/v1/cassettes/{quoted_name(name)}{query}"

    def request(self, method, path, body=None, headers=None):
        head = f"{method} {path} HTTP/1.1\r\n{self._head}"
        for key, value in (headers or {}).items():
            head += f"{key}: {value}\r\n"
        if body is not None or method in ("PUT", "POST"):
            head += f"Content-Length: {len(body or b'')}\r\n"
        message = (head + "\r\n").encode("latin-1") + (body or b"")
        for attempt in (1, 2):
            connection = self._connection()
            try:
                response = connection.exchange(message, method)
            except _Closed:
                # The server closes idle keep-alive connections: open a new one, once.
                self._drop()
                if attempt == 2:
                    raise
                continue
            except BaseException:
                self._drop()  # a half-read answer must not be taken for the next one's
                raise
            if response.headers.get("connection", "").lower() == "close":
                self._drop()
            return response
        raise AssertionError("unreachable")

    def _connection(self):
        connection = getattr(self._local, "connection", None)
        # A forked child must not share its parent's socket.
        if connection is None or connection.pid != os.getpid():
            connection = _Connection(self._address)
            self._local.connection = connection
        return connection

    def _drop(self):
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            self._local.connection = None
            if connection.pid == os.getpid():
                connection.close()


class _Connection:
    def __init__(self, address):
        self.pid = os.getpid()
        self._sock = socket.create_connection(address, timeout=TIMEOUT)
        # Requests are small and sent whole: send them now, do not wait for more to coalesce.
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._buffer = b""  # bytes received past the last answer
        self._used = False

    def close(self):
        self._sock.close()

    def exchange(self, message, method):
        reused = self._used
        self._used = True
        try:
            self._sock.sendall(message)
            head = self._read_head()
        except (BrokenPipeError, ConnectionResetError) as error:
            if reused:
                raise _Closed() from error
            raise
        if head is None:
            if reused:
                raise _Closed()
            raise ConnectionError("cassette serve closed the connection without an answer")
        status, headers = head
        if method == "HEAD" or status in (204, 304) or 100 <= status < 200:
            body = b""
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            body = self._read_chunked()
        elif "content-length" in headers:
            body = self._read_exactly(int(headers["content-length"]))
        else:
            body = self._read_to_close()
            headers["connection"] = "close"
        return Response(status, headers, body)

    def _read_head(self):
        """Status and lower-cased headers; None when the server closed before sending any byte."""
        while True:
            end = self._buffer.find(b"\r\n\r\n")
            if end >= 0:
                break
            if len(self._buffer) > MAX_HEAD:
                raise ConnectionError("cassette serve sent an HTTP head over 64 KiB")
            chunk = self._sock.recv(READ_SIZE)
            if not chunk:
                if self._buffer:
                    raise ConnectionError("cassette serve closed the connection in the middle of an answer")
                return None
            self._buffer += chunk
        lines = self._buffer[:end].decode("latin-1").split("\r\n")
        self._buffer = self._buffer[end + 4 :]
        try:
            status = int(lines[0].split(" ", 2)[1])
        except (IndexError, ValueError):
            raise ConnectionError(f"cassette serve sent a bad status line: {lines[0][:200]!r}") from None
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if status == 100:  # "Continue": the answer follows
            return self._read_head()
        return status, headers

    def _read_exactly(self, length):
        have = len(self._buffer)
        if have >= length:
            body, self._buffer = self._buffer[:length], self._buffer[length:]
            return body
        # One buffer of the final size, filled in place: a large body is copied once.
        body = bytearray(length)
        view = memoryview(body)
        view[:have] = self._buffer
        self._buffer = b""
        while have < length:
            got = self._sock.recv_into(view[have:])
            if got == 0:
                raise ConnectionError("cassette serve closed the connection in the middle of a body")
            have += got
        return bytes(body)

    def _read_line(self):
        while True:
            end = self._buffer.find(b"\r\n")
            if end >= 0:
                line, self._buffer = self._buffer[:end], self._buffer[end + 2 :]
                return line
            chunk = self._sock.recv(READ_SIZE)
            if not chunk:
                raise ConnectionError("cassette serve closed the connection in the middle of a body")
            self._buffer += chunk

    def _read_chunked(self):
        parts = []
        while True:
            size = int(self._read_line().split(b";", 1)[0], 16)
            if size == 0:
                while self._read_line():  # trailers, up to the empty line
                    pass
                return b"".join(parts)
            parts.append(self._read_exactly(size))
            self._read_line()

    def _read_to_close(self):
        parts = [self._buffer]
        self._buffer = b""
        while True:
            chunk = self._sock.recv(READ_SIZE)
            if not chunk:
                return b"".join(parts)
            parts.append(chunk)
