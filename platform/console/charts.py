"""Charts drawn on the server as inline SVG.

The console fetches nothing from the internet and bundles no chart library: a bar
chart is a few rectangles. Every label is escaped; numbers are formatted by us. The
SVG carries a ``<title>`` per bar (a tooltip) and the page shows the numbers as a
table too, so the chart is never the only way to read them.
"""

from __future__ import annotations

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
HEIGHT = 200
PAD_LEFT = 36
PAD_BOTTOM = 28
PAD_TOP = 12


def bar_chart(
    bars: list[tuple[str, int]], *, title: str, label_every: int = 1, color: str = "#0f766e"
) -> SafeString:
    """``bars`` are (label, value); every ``label_every``-th label is written under its bar."""
    plot_w = WIDTH - PAD_LEFT - 8
    plot_h = HEIGHT - PAD_BOTTOM - PAD_TOP
    top = max([value for _label, value in bars] + [1])
    step = plot_w / max(len(bars), 1)
    bar_w = max(step * 0.7, 1)
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
            'aria-label="{}" class="chart">',
            WIDTH,
            HEIGHT,
            title,
        ),
        format_html("<title>{}</title>", title),
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#9ca3af"/>',
            PAD_LEFT,
            PAD_TOP + plot_h,
            WIDTH - 8,
            PAD_TOP + plot_h,
        ),
        format_html(
            '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#5f6368">{}</text>',
            PAD_LEFT - 4,
            PAD_TOP + 10,
            top,
        ),
        format_html(
            '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#5f6368">0</text>',
            PAD_LEFT - 4,
            PAD_TOP + plot_h,
        ),
    ]
    for i, (label, value) in enumerate(bars):
        h = plot_h * value / top
        x = PAD_LEFT + i * step + (step - bar_w) / 2
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>',
                f"{x:.1f}",
                f"{PAD_TOP + plot_h - h:.1f}",
                f"{bar_w:.1f}",
                f"{h:.1f}",
                color,
                label,
                value,
            )
        )
        if i % label_every == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="#5f6368">{}'
                    "</text>",
                    f"{x + bar_w / 2:.1f}",
                    HEIGHT - 10,
                    label,
                )
            )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(escape(p) if not isinstance(p, SafeString) else p for p in parts))  # noqa: S308 - every part is format_html output
