"""Answer with a response model serialized once by pydantic (in Rust), skipping FastAPI's re-validation of what the
route already built. Routes keep `response_model=` for the OpenAPI document."""

from __future__ import annotations

from fastapi.responses import Response
from pydantic import BaseModel


def model_response(model: BaseModel, status_code: int = 200) -> Response:
    return Response(model.model_dump_json(), status_code=status_code, media_type="application/json")
