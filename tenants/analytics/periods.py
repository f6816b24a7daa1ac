"""The period a dashboard or report covers, and the one before it to compare with.

Days are the shop's local days (the active time zone, as when the figures were
written). A period is inclusive at both ends; the previous period has the same
length and ends the day before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PRESETS = {
    "today": (1, _("Today")),
    "7d": (7, _("Last 7 days")),
    "30d": (30, _("Last 30 days")),
    "90d": (90, _("Last 90 days")),
}
DEFAULT = "30d"
CUSTOM = "custom"
# A custom period is at most about three years: the dashboard's series has a point a day.
MAX_DAYS = 1100


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    preset: str = DEFAULT

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def previous(self) -> Period:
        end = self.start - timedelta(days=1)
        return Period(start=end - timedelta(days=self.days - 1), end=end, preset=self.preset)

    def day_list(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range(self.days)]

    def query(self) -> dict[str, str]:
        if self.preset == CUSTOM:
            return {"period": CUSTOM, "from": self.start.isoformat(), "to": self.end.isoformat()}
        return {"period": self.preset}


def period_parse(params, *, today: date | None = None) -> tuple[Period, str]:
    """The period asked for in ``params`` (a QueryDict), and a message if it was refused
    (then the default period is used)."""
    today = today or timezone.localdate()
    preset = params.get("period") or DEFAULT
    if preset == CUSTOM:
        try:
            start = date.fromisoformat(params.get("from", ""))
            end = date.fromisoformat(params.get("to", ""))
        except ValueError:
            return _preset(DEFAULT, today), str(_("Enter both dates as YYYY-MM-DD."))
        if end < start:
            return _preset(DEFAULT, today), str(_("The end date is before the start date."))
        if (end - start).days + 1 > MAX_DAYS:
            return _preset(DEFAULT, today), str(
                _("Choose a period of at most %(days)d days.") % {"days": MAX_DAYS}
            )
        return Period(start=start, end=end, preset=CUSTOM), ""
    if preset not in PRESETS:
        return _preset(DEFAULT, today), str(_("Unknown period; showing the last 30 days."))
    return _preset(preset, today), ""


def _preset(preset: str, today: date) -> Period:
    days, _label = PRESETS[preset]
    return Period(start=today - timedelta(days=days - 1), end=today, preset=preset)
