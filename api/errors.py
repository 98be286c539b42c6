"""One JSON error shape for every 4xx/5xx: `{"error": {"status", "code", "message", "details"}}`."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    422: "invalid_parameter",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(Exception):
    """Raised by routes and dependencies for a clean 4xx answer."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message
        self.details = details or []
        self.headers = headers or {}


def invalid(param: str, message: str) -> ApiError:
    """A bad query parameter that pydantic could not catch (a forged cursor, say): 422 like the others."""
    return ApiError(422, f"{param}: {message}", details=[{"loc": ["query", param], "msg": message}])


def error_response(
    status: int,
    message: str,
    *,
    code: str | None = None,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = {"status": status, "code": code or CODES.get(status, "error"), "message": message, "details": details or []}
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _server_error)


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    headers = {"WWW-Authenticate": "Bearer", **exc.headers} if exc.status == 401 else exc.headers
    return error_response(exc.status, exc.message, code=exc.code, details=exc.details, headers=headers)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    details = []
    parts = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ())]
        msg = str(error.get("msg", "invalid"))
        details.append({"loc": loc, "msg": msg, "type": error.get("type")})
        parts.append(f"{'.'.join(loc[1:]) or '.'.join(loc)}: {msg}")
    return error_response(422, "; ".join(parts) or "invalid request", details=details)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return error_response(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))


async def _server_error(request: Request, exc: Exception) -> JSONResponse:
    """Anything unexpected (a database without its schema, a bug): the same shape, no internals. The server logs
    the traceback too (Starlette re-raises after this answer is sent)."""
    log.error("%s %s failed: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
    return error_response(500, "internal error; the server log has the details (is the database migrated? see /health)")
