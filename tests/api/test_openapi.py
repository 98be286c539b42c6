"""The OpenAPI document (api/openapi.py): every operation is named by a person, and every keyed route documents
the error answers it can give, in the error shape."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.openapi import ERRORS

KEYLESS = {"/health"}


def _operations(client: TestClient) -> list[tuple[str, str, dict]]:
    spec = client.get("/openapi.json").json()
    return [(path, method, op) for path, item in spec["paths"].items() for method, op in item.items()]


def test_operations_have_unique_ids_and_written_summaries(client: TestClient) -> None:
    operations = _operations(client)
    ids = [op["operationId"] for _, _, op in operations]
    assert len(ids) == len(set(ids))
    for path, method, op in operations:
        generated = op["operationId"].replace("_", " ").title()
        assert op["summary"] != generated, f"{method.upper()} {path}: summary made from the function name"
    by_id = {op["operationId"]: op for _, _, op in operations}
    assert by_id["json_source"]["summary"] == "JSON Feed of one source"


def test_keyed_routes_document_401_403_404_422_in_the_error_shape(client: TestClient) -> None:
    for path, method, op in _operations(client):
        if path in KEYLESS:
            continue
        for status in ERRORS:
            answer = op["responses"].get(str(status))
            assert answer is not None, f"{method.upper()} {path} does not document {status}"
            schema = answer["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}, f"{method.upper()} {path} {status}"


def test_health_documents_its_503(client: TestClient) -> None:
    health = client.get("/openapi.json").json()["paths"]["/health"]["get"]
    assert health["responses"]["503"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
