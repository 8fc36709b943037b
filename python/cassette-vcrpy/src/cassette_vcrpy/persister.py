"""`CassettePersister`: vcrpy's persister interface over a cassette store."""

import os
import threading

from vcr.persisters.filesystem import CassetteDecodeError, CassetteNotFoundError
from vcr.serialize import deserialize, serialize
from vcr.serializers import jsonserializer, yamlserializer

from .client import Client
from .server import endpoint_for
from .tagged_json import loads

EXTENSIONS = (".yaml", ".yml", ".json")
# Set by `cassette serve` on a json answer whose cassette text has Python tags JSON cannot carry.
LOSSY_HEADER = "x-cassette-json-lossy"


class _Parsed:
    """A "serializer" whose text is already a document: lets vcrpy's own `deserialize` finish the job."""

    def __init__(self, document):
        self._document = document

    def deserialize(self, _text):
        return self._document


class CassettePersister:
    """Keeps vcrpy's cassettes in a store (`yaml:DIR`, `sqlite:FILE`, `s3://bucket/prefix`, ...).

    `store=None` uses the project's store (`cassette.config.json` or CASSETTE_STORE). The cassette
    name is the path vcrpy passes, relative to `root` (default: the current folder), without its
    `.yaml`/`.yml`/`.json` extension. Register it with `my_vcr.register_persister(CassettePersister(...))`.
    """

    def __init__(self, store=None, root=None):
        self.store = store
        self.root = root
        self._client = None
        self._lock = threading.Lock()

    def name_for(self, cassette_path):
        # os.path, not pathlib: this runs for every cassette a test suite loads.
        root = os.path.abspath(self.root if self.root is not None else os.getcwd())
        path = os.path.abspath(os.fspath(cassette_path))
        inside = os.path.join(root, "")
        if not os.path.normcase(path).startswith(os.path.normcase(inside)):
            raise ValueError(
                f"the cassette {path} is outside the persister's root {root}: "
                "pass CassettePersister(..., root=...) with a folder that holds the cassettes"
            )
        name = path[len(inside) :].replace(os.sep, "/")
        for extension in EXTENSIONS:
            if name.endswith(extension):
                return name[: -len(extension)]
        return name

    def load_cassette(self, cassette_path, serializer):
        name = self.name_for(cassette_path)
        client = self._connect()
        # vcrpy's own serializers read the same document the server has already parsed: fetch it as
        # JSON, which Python reads many times faster than YAML. Any other serializer gets the text.
        if serializer is yamlserializer or serializer is jsonserializer:
            response = self._get(client, name, "?format=json")
            # Unless the YAML has Python tags (a tuple, ...) that JSON holds as plain data: then vcrpy
            # reads the text itself, so that it gets exactly what it would from the file.
            if serializer is not yamlserializer or LOSSY_HEADER not in response.headers:
                return deserialize(None, _Parsed(loads(response.body)))
        response = self._get(client, name, "")
        return deserialize(response.body.decode("utf-8"), serializer)

    @staticmethod
    def _get(client, name, query):
        response = client.request("GET", client.cassette_path(name, query))
        if response.status == 404:
            raise CassetteNotFoundError()
        if response.status != 200:
            error = response.error()
            if error.code == "INVALID_CASSETTE" and "not UTF-8" in str(error):
                # Where FilesystemPersister fails to decode the file (and vcrpy starts a new cassette).
                raise CassetteDecodeError("Can't read Cassette, Encoding is broken") from error
            raise error
        return response

    def save_cassette(self, cassette_path, cassette_dict, serializer):
        name = self.name_for(cassette_path)
        # Exactly the text vcrpy would write to the file: a yaml: store keeps these bytes.
        text = serialize(cassette_dict, serializer)
        client = self._connect()
        response = client.request(
            "PUT",
            client.cassette_path(name),
            body=text.encode("utf-8"),
            headers={"Content-Type": "text/plain; charset=utf-8"},
        )
        if response.status not in (200, 201):
            raise response.error()

    def _connect(self):
        with self._lock:
            if self._client is None:
                self._client = Client(endpoint_for(self.store))
            return self._client
