#!/usr/bin/env python
"""Django's command-line utility for Souk."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def main() -> None:
    # `platform/` and `tenants/` are source folders, not packages: put them on the
    # path after the project root so `import platform` still finds the stdlib.
    for folder in (ROOT / "platform", ROOT / "tenants"):
        if str(folder) not in sys.path:
            sys.path.insert(1, str(folder))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
