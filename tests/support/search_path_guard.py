"""Test-only middleware: after each request, the connection is still in the request's shop.

It reads ``search_path`` on the raw driver connection (not through Django's cursor,
which would first *set* it and so prove nothing, and which query-count tests would
see). A request that made no query since routing has nothing to check.
"""

from __future__ import annotations

from django.db import connection


class SearchPathLeak(AssertionError):
    pass


class SearchPathGuardMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        shop = getattr(request, "shop", None)
        if not hasattr(request, "tenant"):
            return response  # unknown host: routing answered 404 before any query
        expected_schema = shop.schema_name if shop else "public"
        if connection.schema_name != expected_schema:
            raise SearchPathLeak(
                f"request for {expected_schema!r} left the connection in {connection.schema_name!r}"
            )
        raw = connection.connection
        if raw is None or connection.search_path_set_schemas is None or connection.needs_rollback:
            return response
        with raw.cursor() as cursor:
            cursor.execute("SHOW search_path")
            (actual,) = cursor.fetchone()
        expected = ", ".join(connection.search_path_set_schemas)
        if actual.replace('"', "") != expected:
            raise SearchPathLeak(f"search_path is {actual!r}, expected {expected!r}")
        if connection.search_path_set_schemas[0] != expected_schema:
            raise SearchPathLeak(
                f"search_path starts with {connection.search_path_set_schemas[0]!r}, "
                f"expected {expected_schema!r}"
            )
        return response
