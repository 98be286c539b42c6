"""Answer with a response model serialized once by pydantic (in Rust), skipping FastAPI's re-validation of what the
route already built. Routes keep `response_model=` for the OpenAPI document."""

from __future__ import annotations

from fastapi.responses import Response
from pydantic import BaseModel

from api.params import link_header


def model_response(model: BaseModel, status_code: int = 200, *, next_url: str | None = None) -> Response:
    """`next_url`: the next page, also sent as a `Link: <...>; rel="next"` header."""
    headers = {"Link": link_header(next_url)} if next_url else None
    return Response(model.model_dump_json(), status_code=status_code, media_type="application/json", headers=headers)
