"""HTTP-level behaviour of the app, read from the settings in one place: gzip for clients that accept it, and CORS
for the browser origins a deployment lists (off when it lists none)."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import Response

from api.errors import error_response
from common.settings import Settings

# Level 6 (zlib's default) compresses a page of 100 articles about as well as 9 at a fraction of the CPU.
GZIP_LEVEL = 6
# What a browser page may read besides the CORS-safelisted headers: the paging and cache validators.
EXPOSED_HEADERS = ["ETag", "Last-Modified", "Link"]


class JsonErrorCORSMiddleware(CORSMiddleware):
    """Starlette's CORS, with a refused preflight answered in the API's one JSON error shape rather than plain text
    (a browser does not show it to the page, but curl and API clients that send an Origin do)."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code != 400:
            return response
        refused = bytes(response.body).decode().removeprefix("Disallowed CORS ")
        headers = {k: v for k, v in response.headers.items() if k.lower().startswith("access-control-") or k == "vary"}
        return error_response(400, f"CORS preflight refused: this {refused} is not allowed", headers=headers)


def install(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(GZipMiddleware, minimum_size=settings.api_gzip_min_bytes, compresslevel=GZIP_LEVEL)
    if settings.api_cors_origins:  # added last: outermost, so preflight requests never reach auth
        app.add_middleware(
            JsonErrorCORSMiddleware,
            allow_origins=settings.api_cors_origins,
            allow_methods=["GET", "HEAD", "POST", "DELETE"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type", "If-None-Match", "If-Modified-Since"],
            expose_headers=EXPOSED_HEADERS,
            max_age=600,
        )
