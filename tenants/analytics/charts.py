"""Charts drawn on the server as inline SVG: no JavaScript, no CDN, readable by a
screen reader (``role="img"`` with a label saying what is drawn) and printed as shown.

The SVG stretches to its box (``preserveAspectRatio="none"``, strokes that do not
scale), so its labels are HTML beside it rather than SVG text that would stretch
too. Colours are Wagtail's admin CSS variables (light and dark themes); the previous
period is dashed as well as grey, for colour-blind readers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT = 600, 160
PAD = 4


def comparison_chart(
    *,
    title: str,
    current: Sequence[Decimal | int],
    previous: Sequence[Decimal | int],
    start_label: str,
    end_label: str,
    value_label: Callable[[Decimal | int], str] = str,
) -> SafeString:
    """The period's values beside the previous period's, day by day: a line each, or
    two bars when the period is a single day. ``previous`` may be empty."""
    top = max([*current, *previous, 0]) or 1

    def y(value) -> str:
        return f"{PAD + (HEIGHT - 2 * PAD) * (1 - float(value) / float(top)):.1f}"

    if len(current) <= 1:
        shapes = format_html_join(
            "",
            '<rect x="{}" y="{}" width="120" height="{}" class="{}"/>',
            (
                (x, y(v), f"{HEIGHT - PAD - float(y(v)):.1f}", cls)
                for x, v, cls in (
                    (170, previous[0] if previous else 0, "souk-chart__previous-bar"),
                    (310, current[0] if current else 0, "souk-chart__current-bar"),
                )
            ),
        )
    else:
        step = (WIDTH - 2 * PAD) / (len(current) - 1)
        height, scale = HEIGHT - 2 * PAD, 1 / float(top)

        def points(values) -> str:
            # Plain float arithmetic: a three-year period draws 1,100 points a line.
            return " ".join(
                f"{PAD + n * step:.1f},{PAD + height * (1 - v * scale):.1f}"
                for n, v in enumerate(map(float, values))
            )

        shapes = format_html_join(
            "",
            '<polyline points="{}" class="{}" vector-effect="non-scaling-stroke"/>',
            (
                (points(values), cls)
                for values, cls in (
                    (previous, "souk-chart__previous"),
                    (current, "souk-chart__current"),
                )
                if values
            ),
        )
    return format_html(
        '<figure class="souk-chart">'
        '<svg viewBox="0 0 {} {}" preserveAspectRatio="none" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<line x1="0" y1="{}" x2="{}" y2="{}" class="souk-chart__grid" '
        'vector-effect="non-scaling-stroke"/>'
        '<line x1="0" y1="{}" x2="{}" y2="{}" class="souk-chart__grid" '
        'vector-effect="non-scaling-stroke"/>{}</svg>'
        '<figcaption class="souk-chart__axis"><span>{}</span><span>{}</span>'
        "<span>{}</span></figcaption></figure>",
        WIDTH,
        HEIGHT,
        title,
        PAD,
        WIDTH,
        PAD,
        HEIGHT - PAD,
        WIDTH,
        HEIGHT - PAD,
        shapes,
        start_label,
        format_html("↑ {}", value_label(top)),
        end_label,
    )


def bar_list(rows: Sequence[tuple[str, Decimal | int, str]], *, title: str) -> SafeString:
    """Horizontal bars for the top rows of a report: ``(label, value, shown value)``."""
    top = max([float(value) for _label, value, _shown in rows] + [0]) or 1.0
    return format_html(
        '<ul class="souk-bars" aria-label="{}">{}</ul>',
        title,
        format_html_join(
            "",
            '<li><span class="souk-bars__label">{}</span>'
            '<span class="souk-bars__track"><span class="souk-bars__bar" style="width: {}%">'
            '</span></span><span class="souk-bars__value">{}</span></li>',
            (
                (label, round(max(float(value), 0) / top * 100, 1), shown)
                for label, value, shown in rows
            ),
        ),
    )
