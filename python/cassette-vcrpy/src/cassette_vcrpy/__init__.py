"""vcrpy cassettes in any cassette store (YAML folder, SQLite, S3), through `cassette serve`."""

from .errors import CassetteCommandNotFound, CassetteServerError
from .persister import CassettePersister

__all__ = ["CassettePersister", "CassetteCommandNotFound", "CassetteServerError"]
__version__ = "0.1.0"
