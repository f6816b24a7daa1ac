"""Parsing the countries a merchant types for a shipping zone.

Zones must refuse a typo ("UK" is not a code; Great Britain is "GB"); the list of
codes is the shared one in ``countries``.
"""

from __future__ import annotations

import re

from kernel.countries import COUNTRY_CODES


def countries_parse(value) -> tuple[list[str], list[str]]:
    """(valid codes, uppercased and de-duplicated in order; the unknown entries).

    Accepts a list or the text a merchant types: ``"fr, de be"``.
    """
    items = re.split(r"[\s,;]+", value) if isinstance(value, str) else list(value or ())
    codes: list[str] = []
    unknown: list[str] = []
    for item in items:
        code = (item or "").strip().upper()
        if not code:
            continue
        if code not in COUNTRY_CODES:
            unknown.append(item.strip())
        elif code not in codes:
            codes.append(code)
    return codes, unknown
