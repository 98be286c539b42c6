"""Text a request carries in its path and query string must be text: a NUL byte (`%00`), another control character
or bytes that are not UTF-8 get a 422 in the JSON error shape before any route runs. PostgreSQL cannot hold NUL in
a text value; without this check `q=%00` reached the database and became a 500."""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import error_response

# C0 controls but tab, line feed and carriage return (which a search term may carry harmlessly), and DEL
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_problem(raw: bytes) -> str | None:
    """Why the %-encoded `raw` is not acceptable text, or None."""
    try:
        text = unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return "is not UTF-8 text"
    control = _CONTROL.search(text)
    return f"contains the control character U+{ord(control.group()):04X}" if control else None


def problems(scope: Scope) -> list[dict[str, object]]:
    """One error detail per query parameter (or the path) that is not acceptable text."""
    found = []
    path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
    if problem := text_problem(path):
        found.append({"loc": ["path"], "msg": f"the path {problem}", "type": "text"})
    for pair in scope.get("query_string", b"").split(b"&"):
        name, _, value = pair.partition(b"=")
        name_problem = text_problem(name)
        if problem := name_problem or text_problem(value):
            # the parameter's name as sent, or decoded when it is fine; never its value (it may be a key)
            label = name.decode("latin-1") if name_problem else unquote_to_bytes(name.replace(b"+", b" ")).decode()
            found.append({"loc": ["query", label], "msg": f"{label} {problem}", "type": "text"})
    return found


class RejectInvalidText:
    """ASGI middleware: a request whose path or query string is not acceptable text is answered 422."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (details := problems(scope)):
            message = "; ".join(str(detail["msg"]) for detail in details)
            await error_response(422, message, details=details)(scope, receive, send)
            return
        await self.app(scope, receive, send)
