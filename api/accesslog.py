"""Credentials never reach a log line: uvicorn's access log writes each request's path with its query string, so a
filter on its loggers replaces the value of every credential-like query parameter (`api_key=[redacted]`)."""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote_plus

REDACTED = "[redacted]"
# query parameters whose value is a secret, compared after %-decoding the name (`api%5Fkey` is `api_key` too)
CREDENTIAL_PARAMETERS = frozenset(
    {"api_key", "apikey", "api-key", "key", "token", "access_token", "password", "secret"}
)
REDACTED_LOGGERS = ("uvicorn.access", "uvicorn.error")
_QUERY = re.compile(r"\?([^\s\"'#]*)")


def redact(text: str) -> str:
    """`text` with the value of every credential-like parameter of the query strings in it replaced."""
    return _QUERY.sub(lambda match: "?" + _redact_query(match.group(1)), text)


def _redact_query(query: str) -> str:
    parts = []
    for part in re.split(r"([&;])", query):
        name, equals, _value = part.partition("=")
        if equals and unquote_plus(name).strip().lower() in CREDENTIAL_PARAMETERS:
            part = f"{name}={REDACTED}"
        parts.append(part)
    return "".join(parts)


class RedactCredentials(logging.Filter):
    """Rewrites a record's message and string arguments; lets every record through."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) if isinstance(arg, str) else arg for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()}
        return True


def install() -> None:
    """Put the filter on uvicorn's loggers once (uvicorn's logging config keeps a logger's filters)."""
    for name in REDACTED_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactCredentials) for f in logger.filters):
            logger.addFilter(RedactCredentials())
