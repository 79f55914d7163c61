"""The API class: django-ninja's, with every operation's error answers in the OpenAPI document.

Routers only declare their successful answers; which errors an operation can give follows from
what it takes (authentication, path parameters, a body, a throttle), so it is derived here once
and new routers get it for free.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from ninja import NinjaAPI, Schema
from ninja.openapi.schema import BODY_CONTENT_TYPES, OpenAPISchema
from ninja.operation import Operation

ERROR_SCHEMA_NAME = "Error"
ERROR_REF = {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}

# Any operation can meet these: a malformed request (400), invalid parameters (422), a bug
# (500), a database that does not answer in time (503).
ALWAYS = (400, 422, 500, 503)


class ErrorOut(Schema):
    """The one error shape of the API."""

    code: str
    message: str
    details: Any = None


def error_statuses(operation: Operation) -> list[int]:
    """The error statuses ``operation`` can answer with."""
    statuses = set(ALWAYS)
    if operation.auth_callbacks:
        statuses |= {401, 403}
    if "{" in operation.path:
        statuses.add(404)
    if any(model.__ninja_param_source__ in BODY_CONTENT_TYPES for model in operation.models):
        statuses.add(413)
    decorators = getattr(operation, "_run_decorators", ())  # ninja's decorate_view
    if operation.throttle_objects or any(
        getattr(d, "answers_too_many_requests", False) for d in decorators
    ):
        statuses.add(429)
    return sorted(statuses)


class ErrorDocumentingSchema(OpenAPISchema):
    def responses(self, operation: Operation) -> dict[int, Any]:
        result = super().responses(operation)
        if ERROR_SCHEMA_NAME not in self.schemas:
            self.add_schema_definitions({ERROR_SCHEMA_NAME: ErrorOut.json_schema()})
        for status in error_statuses(operation):
            result.setdefault(
                status,
                {
                    "description": HTTPStatus(status).phrase,
                    "content": {self.api.renderer.media_type: {"schema": ERROR_REF}},
                },
            )
        return result


class JihaAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        schema = ErrorDocumentingSchema(self, path_prefix)
        _files_not_empty(schema)
        return schema


def _files_not_empty(node: Any) -> None:
    """An uploaded file holds at least one byte: Django drops an empty one, and the operation
    then answers that the file is missing (found by the fuzzer: a schema-valid request refused)."""
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "binary":
            node.setdefault("minLength", 1)
        for value in node.values():
            _files_not_empty(value)
    elif isinstance(node, list):
        for value in node:
            _files_not_empty(value)
