"""The bridge's HTTP client and its reading of the json form, against scripted loopback servers."""

import json
import os
import socket
import threading

import pytest

from cassette_vcrpy.client import Client, quoted_name
from cassette_vcrpy.server import Endpoint
from cassette_vcrpy.tagged_json import loads, untag


class ScriptedServer:
    """Answers each request on loopback with `answer(request_head, body)` (raw bytes); counts connections.

    After `close_after` answers on a connection it closes it without saying so, as a server closes
    an idle keep-alive connection.
    """

    def __init__(self, answer, close_after=None):
        self.answer = answer
        self.close_after = close_after
        self.connections = 0
        self.requests = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        buffer = b""
        answered = 0
        with conn:
            while True:
                while b"\r\n\r\n" not in buffer:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buffer += chunk
                head, buffer = buffer.split(b"\r\n\r\n", 1)
                lines = head.decode("latin-1").split("\r\n")
                headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
                length = int(headers.get("content-length", "0"))
                while len(buffer) < length:
                    buffer += conn.recv(65536)
                body, buffer = buffer[:length], buffer[length:]
                self.requests.append((lines[0], headers, body))
                conn.sendall(self.answer(lines[0], body))
                answered += 1
                if self.close_after is not None and answered >= self.close_after:
                    return

    def stop(self):
        self._listener.close()


def ok(body, extra=b""):
    return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n%s\r\n%s" % (len(body), extra, body)


@pytest.fixture
def serve():
    started = []

    def start(answer, close_after=None):
        server = ScriptedServer(answer, close_after)
        started.append(server)
        return server, Client(Endpoint(server.url, "tok"))

    yield start
    for server in started:
        server.stop()


def test_many_requests_share_one_kept_alive_connection(serve):
    server, client = serve(lambda line, body: ok(line.encode()))
    for i in range(20):
        response = client.request("GET", f"/v1/cassettes/c{i}?format=json")
        assert response.status == 200
        assert response.body == f"GET /v1/cassettes/c{i}?format=json HTTP/1.1".encode()
    assert server.connections == 1
    assert all(headers["authorization"] == "Bearer tok" for _, headers, _ in server.requests)


def test_a_body_is_sent_with_its_length_and_a_large_answer_arrives_whole(serve):
    large = os.urandom(3 * 1024 * 1024 + 7)
    server, client = serve(lambda line, body: ok(large if line.startswith("GET") else b"got " + body))
    put = client.request("PUT", "/v1/cassettes/x", body=b"text", headers={"Content-Type": "text/plain"})
    assert (put.status, put.body) == (200, b"got text")
    assert server.requests[0][1]["content-type"] == "text/plain"
    assert client.request("GET", "/v1/cassettes/x").body == large


def test_chunked_answers_no_body_answers_and_answers_read_to_the_close(serve):
    answers = iter(
        [
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nX-T: 1\r\n\r\n",
            b"HTTP/1.1 204 No Content\r\n\r\n",
            b"HTTP/1.1 304 Not Modified\r\nETag: \"3\"\r\n\r\n",
            b"HTTP/1.1 200 OK\r\n\r\nuntil the end",
        ]
    )
    server, client = serve(lambda line, body: next(answers), close_after=4)
    assert client.request("GET", "/a").body == b"hello, world"
    assert client.request("DELETE", "/b").status == 204
    not_modified = client.request("GET", "/c", headers={"If-None-Match": '"3"'})
    assert (not_modified.status, not_modified.headers["etag"], not_modified.body) == (304, '"3"', b"")
    assert client.request("GET", "/d").body == b"until the end"
    assert server.connections == 1
    # The connection was read to its end: the next request opens a new one.
    answers = iter([ok(b"again")])
    assert client.request("GET", "/e").body == b"again"
    assert server.connections == 2


def test_a_connection_the_server_closed_while_idle_is_opened_again_once(serve):
    server, client = serve(lambda line, body: ok(b"fine"), close_after=1)
    for _ in range(3):
        assert client.request("GET", "/x").body == b"fine"
    assert server.connections == 3


def test_a_server_that_closes_a_fresh_connection_without_answering_is_an_error(serve):
    server, client = serve(lambda line, body: b"", close_after=1)
    with pytest.raises(ConnectionError):
        client.request("GET", "/x")
    assert server.connections == 1


def test_each_thread_has_its_own_connection(serve):
    server, client = serve(lambda line, body: ok(b"x"))
    threads = [threading.Thread(target=lambda: [client.request("GET", "/t") for _ in range(5)]) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert server.connections == 4
    assert len(server.requests) == 20


def test_names_are_path_segments_and_dot_segments_are_quoted_whole():
    assert quoted_name("suite/test a.b") == "suite/test%20a.b"
    assert quoted_name("ünï/x") == "%C3%BCn%C3%AF/x"
    # URL parsing would fold `a/../b` into `b` before the server sees the name.
    assert quoted_name("a/../b") == "a%2F..%2Fb"
    assert quoted_name("./a") == ".%2Fa"


TAGGED_DOCUMENTS = [
    {"interactions": [{"response": {"body": {"string": "plain"}}}], "version": 1},
    {"body": {"$bytes": "AAEC/w=="}, "n": {"$float": "1.0"}, "big": {"$int": "123456789012345678901234"}},
    {"text": 'a body that talks about {"$bytes": "AAEC"} in its text'},
    {"$map": {"$bytes": "data, not bytes", "inner": {"$bytes": "AAEC"}}},
    {"list": [{"$map": {"$float": "x"}}, {"$bytes": ""}], "odd": {"$bytes": 5}, "two": {"$bytes": "AA==", "b": 1}},
]


@pytest.mark.parametrize("document", TAGGED_DOCUMENTS)
def test_loads_reads_the_json_form_as_untag_does(document):
    for text in (json.dumps(document), json.dumps(document, ensure_ascii=True).replace("$", "\\u0024")):
        assert loads(text.encode("utf-8")) == untag(json.loads(text))


def test_loads_gives_bytes_floats_and_big_ints_back():
    document = loads(json.dumps(TAGGED_DOCUMENTS[1]).encode())
    assert document == {"body": b"\x00\x01\x02\xff", "n": 1.0, "big": 123456789012345678901234}
    assert type(document["n"]) is float
    assert loads(json.dumps(TAGGED_DOCUMENTS[3]).encode()) == {
        "$bytes": "data, not bytes",
        "inner": b"\x00\x01\x02",
    }
