"""The ninja ``NinjaAPI`` both APIs are built on: problem details for every error, and
an OpenAPI document that says so (every error response is ``application/problem+json``
with the ``Problem`` schema), so schemathesis can hold responses to it."""

from __future__ import annotations

from ninja import NinjaAPI

from api.problems import CONTENT_TYPE, Problem, problem_handlers_install

_ERRORS = {
    "400": "Malformed request",
    "401": "Invalid or missing token",
    "403": "The token lacks this endpoint's scope",
    "404": "No such resource",
    "409": "A request with this Idempotency-Key is still running",
    "422": "Invalid fields, a plan limit, or a state that forbids this",
    "429": "Over the rate limit (see Retry-After)",
}


class SoukApi(NinjaAPI):
    def __init__(self, *, kind: str, **kwargs):
        self.kind = kind
        super().__init__(**kwargs)
        problem_handlers_install(self)

    def set_default_exception_handlers(self) -> None:
        # problem_handlers_install runs after __init__; nothing of ninja's own.
        return None

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        problem_schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, definition in problem_schema.pop("$defs", {}).items():
            components.setdefault(name, definition)
        components["Problem"] = problem_schema
        ref = {"schema": {"$ref": "#/components/schemas/Problem"}}
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                responses = {str(k): v for k, v in operation.get("responses", {}).items()}
                operation["responses"] = responses
                for status, description in _ERRORS.items():
                    if status == "409" and method != "post":
                        continue
                    responses[status] = {"description": description, "content": {CONTENT_TYPE: ref}}
        return schema
