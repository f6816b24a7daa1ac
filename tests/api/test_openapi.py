"""The committed OpenAPI documents (docs/api/) are the code's: regenerate with
``manage.py api_openapi`` when an endpoint changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.openapi import DOCUMENTS, openapi_text

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api"


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_committed_document_matches_the_code(name):
    assert (DOCS / name).read_text() == openapi_text(name), (
        f"docs/api/{name} is out of date: run `manage.py api_openapi`"
    )
