"""Charts drawn on the server as inline SVG: no JavaScript, no CDN, readable by a
screen reader (a ``<title>`` and a text summary) and printed as they are shown.

Colours come from Wagtail's admin CSS variables, so the charts follow its light and
dark themes; the previous period is dashed as well as grey, for colour-blind readers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 600, 180
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 8, 8, 14, 22
CURRENT = "var(--w-color-secondary, #2e1f5e)"
PREVIOUS = "var(--w-color-text-meta, #6e6e6e)"
GRID = "var(--w-color-border-furniture, #e0e0e0)"


def comparison_chart(
    *,
    title: str,
    current: Sequence[Decimal | int],
    previous: Sequence[Decimal | int],
    start_label: str,
    end_label: str,
    value_label: Callable[[Decimal | int], str] = str,
) -> SafeString:
    """The period's values beside the previous period's, day by day (a line each; two
    bars when the period is one day)."""
    top = max([*current, *previous, 0]) or 1
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM

    def y(value) -> float:
        return PAD_TOP + plot_h - float(value) / float(top) * plot_h

    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
            PAD_LEFT,
            round(y(level), 1),
            WIDTH - PAD_RIGHT,
            round(y(level), 1),
            mark_safe(GRID),  # noqa: S308 (a constant)
        )
        for level in (0, top)
    ]
    parts.append(
        format_html(
            '<text x="{}" y="{}" class="souk-chart__axis">{}</text>',
            PAD_LEFT,
            PAD_TOP - 3,
            value_label(top),
        )
    )
    if len(current) <= 1:
        bar_w = plot_w / 5
        for n, (values, colour, dash) in enumerate(
            ((previous, PREVIOUS, "4 3"), (current, CURRENT, ""))
        ):
            value = values[0] if values else 0
            x = PAD_LEFT + plot_w / 2 - bar_w - 4 + n * (bar_w + 8)
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" fill-opacity="{}" '
                    'stroke="{}" stroke-dasharray="{}"/>',
                    round(x, 1),
                    round(y(value), 1),
                    round(bar_w, 1),
                    round(PAD_TOP + plot_h - y(value), 1),
                    mark_safe(colour),  # noqa: S308 (a constant)
                    "0.25" if dash else "0.9",
                    mark_safe(colour),  # noqa: S308 (a constant)
                    dash,
                )
            )
    else:
        step = plot_w / (len(current) - 1)
        for values, colour, dash, width in (
            (previous, PREVIOUS, "5 4", 1.5),
            (current, CURRENT, "", 2.5),
        ):
            points = " ".join(
                f"{PAD_LEFT + n * step:.1f},{y(value):.1f}" for n, value in enumerate(values)
            )
            parts.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="{}" '
                    'stroke-dasharray="{}" stroke-linejoin="round"/>',
                    points,
                    mark_safe(colour),  # noqa: S308 (a constant)
                    width,
                    dash,
                )
            )
    parts.append(
        format_html(
            '<text x="{}" y="{}" class="souk-chart__axis">{}</text>'
            '<text x="{}" y="{}" text-anchor="end" class="souk-chart__axis">{}</text>',
            PAD_LEFT,
            HEIGHT - 6,
            start_label,
            WIDTH - PAD_RIGHT,
            HEIGHT - 6,
            end_label,
        )
    )
    return format_html(
        '<svg class="souk-chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">'
        "<title>{}</title>{}</svg>",
        WIDTH,
        HEIGHT,
        title,
        title,
        mark_safe("".join(parts)),  # noqa: S308 (each part built by format_html)
    )


def bar_list(rows: Sequence[tuple[str, Decimal | int, str]], *, title: str) -> SafeString:
    """Horizontal bars for the top rows of a report: ``(label, value, shown value)``."""
    top = max([float(value) for _label, value, _shown in rows] + [0]) or 1.0
    items = [
        format_html(
            '<li><span class="souk-bars__label">{}</span>'
            '<span class="souk-bars__track"><span class="souk-bars__bar" style="width: {}%">'
            '</span></span><span class="souk-bars__value">{}</span></li>',
            label,
            round(max(float(value), 0) / top * 100, 1),
            shown,
        )
        for label, value, shown in rows
    ]
    return format_html(
        '<ul class="souk-bars" aria-label="{}">{}</ul>',
        escape(title),
        mark_safe("".join(items)),  # noqa: S308 (each item built by format_html)
    )
