"""Banner pictures for the demo shops' pages, drawn with Pillow: nothing is fetched.

A landscape in the shop's colours (a harbour at dawn, mountains at dusk): a sky
gradient, a sun and layered hills or waves, drawn at twice the size and scaled
down. The same seed always gives the same picture, so screenshots stay comparable.
"""

from __future__ import annotations

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

Colour = tuple[int, int, int]

SCENES: dict[str, dict] = {
    "harbour": {
        "sky": ((244, 214, 186), (197, 122, 86)),
        "sun": (255, 236, 205),
        "layers": [(120, 74, 52), (84, 50, 36), (52, 32, 24)],
        "kind": "sea",
    },
    "atlas": {
        "sky": ((201, 222, 227), (236, 200, 160)),
        "sun": (255, 245, 220),
        "layers": [(96, 130, 120), (58, 94, 82), (31, 66, 52)],
        "kind": "hills",
    },
}


def _mix(a: Colour, b: Colour, t: float) -> Colour:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def banner_jpeg(scene: str, *, seed: str, size=(1600, 700)) -> bytes:
    """A JPEG landscape for ``scene`` (``harbour``/``atlas``), varied by ``seed``."""
    spec = SCENES.get(scene, SCENES["atlas"])
    rng = random.Random(seed)  # noqa: S311 - pictures, not secrets
    w, h = size[0] * 2, size[1] * 2
    img = Image.new("RGB", (w, h))
    draw = ImageDraw.Draw(img)
    top, bottom = spec["sky"]
    for y in range(h):
        draw.line([(0, y), (w, y)], fill=_mix(top, bottom, y / h))
    sun_x, sun_y, r = rng.uniform(0.55, 0.8) * w, rng.uniform(0.25, 0.4) * h, h * 0.11
    draw.ellipse([sun_x - r, sun_y - r, sun_x + r, sun_y + r], fill=spec["sun"])
    layers = spec["layers"]
    for i, colour in enumerate(layers):
        base = h * (0.55 + 0.14 * i)
        amplitude = h * (0.12 if spec["kind"] == "hills" else 0.025) / (i + 1)
        freq = rng.uniform(0.8, 1.6) * (1 + 0.5 * i)
        phase = rng.uniform(0, math.tau)
        points = [(0, h)]
        for x in range(0, w + 40, 40):
            wave = math.sin(x / w * math.tau * freq + phase)
            if spec["kind"] == "hills":
                wave = (1 - abs(wave)) * 1.6 - 0.5  # sharp peaks
            points.append((x, base - amplitude * wave))
        points.append((w, h))
        draw.polygon(points, fill=colour)
    if spec["kind"] == "sea":
        for _ in range(3):  # boats: a hull and a sail
            bx, by = rng.uniform(0.1, 0.5) * w, h * rng.uniform(0.6, 0.66)
            s = h * 0.03
            draw.polygon(
                [(bx - 2 * s, by), (bx + 2 * s, by), (bx + 1.4 * s, by + s)], fill=layers[2]
            )
            draw.polygon(
                [(bx, by - 3 * s), (bx, by - 0.2 * s), (bx + 1.6 * s, by - 0.2 * s)],
                fill=(250, 240, 228),
            )
    img = img.filter(ImageFilter.GaussianBlur(1.2)).resize(size, Image.LANCZOS)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=86, optimize=True)
    return out.getvalue()
