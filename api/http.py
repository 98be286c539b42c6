"""HTTP-level behaviour of the app, read from the settings in one place: gzip for clients that accept it, and CORS
for the browser origins a deployment lists (off when it lists none)."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware

from common.settings import Settings

# Level 6 (zlib's default) compresses a page of 100 articles about as well as 9 at a fraction of the CPU.
GZIP_LEVEL = 6
# What a browser page may read besides the CORS-safelisted headers: the paging and cache validators.
EXPOSED_HEADERS = ["ETag", "Last-Modified", "Link"]


def install(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(GZipMiddleware, minimum_size=settings.api_gzip_min_bytes, compresslevel=GZIP_LEVEL)
    if settings.api_cors_origins:  # added last: outermost, so preflight requests never reach auth
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.api_cors_origins,
            allow_methods=["GET", "HEAD", "POST", "DELETE"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type", "If-None-Match", "If-Modified-Since"],
            expose_headers=EXPOSED_HEADERS,
            max_age=600,
        )
