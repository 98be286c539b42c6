"""`unionfeed serve`: run the HTTP feed with uvicorn."""

from __future__ import annotations

import uvicorn

from api.app import create_app
from common.settings import Settings


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    uvicorn.run(create_app(settings), host=host, port=port, proxy_headers=True)
