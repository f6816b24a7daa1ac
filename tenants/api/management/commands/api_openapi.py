"""Write the OpenAPI documents of both APIs to docs/api/ (or check them with --check)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from api.openapi import DOCUMENTS, openapi_text


class Command(BaseCommand):
    help = "Write docs/api/*.json from the code (--check: fail if they differ)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, check: bool = False, **options):
        folder = Path(__file__).resolve().parents[4] / "docs" / "api"
        folder.mkdir(parents=True, exist_ok=True)
        stale = []
        for name in DOCUMENTS:
            path = folder / name
            text = openapi_text(name)
            if check:
                if not path.exists() or path.read_text() != text:
                    stale.append(name)
            else:
                path.write_text(text)
                self.stdout.write(f"wrote {path}")
        if stale:
            raise CommandError(f"Out of date: {', '.join(stale)}; run manage.py api_openapi")
