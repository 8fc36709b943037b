"""Errors of the bridge itself (vcrpy's own errors are raised where vcrpy raises them)."""


class CassetteServerError(RuntimeError):
    """`cassette serve` answered with an error: `code` and `message` are the CLI's."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code


class CassetteCommandNotFound(RuntimeError):
    """The `cassette` command is not installed where the persister looks for it."""


HOW_TO_INSTALL = (
    "cassette-vcrpy needs the `cassette` command (Node.js >= 20). Install it with "
    "`npm install --save-dev @cassettekit/cli` (then it is node_modules/.bin/cassette, found from the "
    "current folder) or `npm install --global @cassettekit/cli`; or set CASSETTE_BIN to its path; or "
    "set CASSETTE_SERVER_URL (and CASSETTE_SERVER_TOKEN) to a running `cassette serve`."
)
