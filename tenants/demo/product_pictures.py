"""Product pictures for the demo shops, drawn with Pillow: nothing is fetched.

Each picture is a soft two-tone gradient in the product type's palette, a flat
illustration of the kind of thing it is (a coffee bag, a mug, a pack, a boot...), a
shadow under it and the product's initials on its label. The drawing is made at
twice the size and scaled down, which is Pillow's cheap way to anti-alias shapes.

The same seed (the product's handle) always gives the same picture, so re-seeding
makes identical files and screenshots stay comparable.
"""

from __future__ import annotations

import functools
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter, ImageFont

SIZE = 1000
_SCALE = 2
Colour = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    """Background top and bottom, the object, its darker shade, the label."""

    top: Colour
    bottom: Colour
    body: Colour
    shade: Colour
    label: Colour
    ink: Colour


def _hex(value: str) -> Colour:
    value = value.lstrip("#")
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def palette(*colours: str) -> Palette:
    return Palette(*(_hex(c) for c in colours))


# One palette per look; a catalogue maps its product types onto these.
PALETTES = {
    "espresso": palette("#f3e7d9", "#e2c9ad", "#6b4226", "#4a2c18", "#f7efe4", "#3b2414"),
    "filter": palette("#eef1e6", "#d4dcc2", "#8a6e4b", "#65502f", "#fbfaf3", "#33402a"),
    "decaf": palette("#e8eef3", "#c9d6e1", "#2f4858", "#1f3140", "#f4f7f9", "#1f3140"),
    "gear": palette("#f1f1ee", "#d9d8d2", "#2d2d2d", "#161616", "#f4efe4", "#2d2d2d"),
    "ceramic": palette("#fbeee6", "#f1d3c2", "#d9734e", "#b2553a", "#fff8f3", "#6e2f1c"),
    "pack": palette("#e6eee8", "#c4d6ca", "#2f5d4a", "#1f4234", "#f1e9d2", "#1f4234"),
    "jacket": palette("#eaeff6", "#c9d5e6", "#c0392b", "#8e2a1f", "#f6f1e7", "#2b2b2b"),
    "boot": palette("#f3ece3", "#e0cfb9", "#7a5230", "#553820", "#efe4d2", "#3a2614"),
    "accessory": palette("#f4efe6", "#e6d8bd", "#d4a017", "#a77d0f", "#fffaf0", "#4a3a10"),
    "generic": palette("#eeeeee", "#d6d6d6", "#5b6770", "#3e474e", "#fafafa", "#2a3035"),
}


def _gradient(p: Palette) -> Image.Image:
    mask = Image.linear_gradient("L").resize((SIZE, SIZE))
    return Image.composite(
        Image.new("RGB", (SIZE, SIZE), p.bottom), Image.new("RGB", (SIZE, SIZE), p.top), mask
    )


@functools.cache
def _shadow() -> Image.Image:
    """A soft ellipse under the object: blurred small, then scaled up (cheaper)."""
    small = Image.new("RGBA", (SIZE // 4, SIZE // 4), (0, 0, 0, 0))
    ImageDraw.Draw(small).ellipse((65, 200, 185, 215), fill=(0, 0, 0, 70))
    return small.filter(ImageFilter.GaussianBlur(4.5)).resize(
        (SIZE, SIZE), Image.Resampling.BICUBIC
    )


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's bundled font (FreeType build): the same on every machine, no system font.
    return ImageFont.load_default(size=size)


def _label(draw: ImageDraw.ImageDraw, box, text: str, p: Palette, size: int) -> None:
    x0, y0, x1, y1 = box
    draw.rounded_rectangle(box, radius=size // 5, fill=p.label)
    font = _font(size)
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    w, h = right - left, bottom - top
    draw.text(((x0 + x1 - w) / 2 - left, (y0 + y1 - h) / 2 - top), text, font=font, fill=p.ink)


# -- the illustrations: each draws on a 2000×2000 transparent layer ---------------


def _bag(d: ImageDraw.ImageDraw, p: Palette, text: str, accent: Colour) -> None:
    d.polygon([(620, 560), (1380, 560), (1440, 1620), (560, 1620)], fill=p.body)
    d.polygon([(620, 560), (1380, 560), (1330, 430), (670, 430)], fill=p.shade)
    d.rectangle((670, 470, 1330, 500), fill=accent)
    _label(d, (730, 880, 1270, 1300), text, p, 190)
    d.rectangle((730, 1340, 1270, 1370), fill=accent)


def _mug(d: ImageDraw.ImageDraw, p: Palette, text: str, accent: Colour) -> None:
    d.ellipse((1180, 820, 1520, 1300), outline=p.shade, width=70)
    d.rounded_rectangle((560, 640, 1280, 1560), radius=90, fill=p.body)
    d.ellipse((560, 580, 1280, 720), fill=p.shade)
    d.ellipse((600, 600, 1240, 700), fill=accent)
    _label(d, (700, 960, 1140, 1260), text, p, 150)


def _kettle(d: ImageDraw.ImageDraw, p: Palette, text: str, accent: Colour) -> None:
    d.polygon([(1240, 1200), (1620, 760), (1660, 800), (1320, 1320)], fill=p.shade)
    d.arc((720, 520, 1240, 1000), start=180, end=360, fill=p.shade, width=60)
    d.rounded_rectangle((620, 820, 1340, 1580), radius=160, fill=p.body)
    d.rounded_rectangle((760, 720, 1200, 840), radius=40, fill=p.shade)
    d.ellipse((930, 640, 1030, 740), fill=accent)
    _label(d, (780, 1060, 1180, 1340), text, p, 140)


def _dripper(d: ImageDraw.ImageDraw, p: Palette, text: str, accent: Colour) -> None:
    d.rounded_rectangle((620, 1380, 1380, 1480), radius=30, fill=p.shade)
    d.polygon([(560, 620), (1440, 620), (1140, 1380), (860, 1380)], fill=p.body)
    d.rectangle((560, 600, 1440, 660), fill=p.shade)
    for x in (760, 900, 1040, 1180):
        d.line([(x, 700), (1000 + (x - 1000) // 3, 1300)], fill=accent, width=14)
    _label(d, (820, 780, 1180, 1010), text, p, 120)


def _pack(d: ImageDraw.ImageDraw, p: Palette, text: str, accent: Colour) -> None:
    d.arc((820, 360, 1180, 700), start=180, end=360, fill=p.shade, width=60)
    d.rounded_rectangle((560, 520, 1440, 1660), radius=220, fill=p.body)
    d.rounded_rectangle((560, 520, 1440, 860), radius=220, fill=p.shade)
    d.rounded_rectangle((700, 1120, 1300, 1560), radius=100, fill=p.shade)
    for x in (760, 1240):
        d.rectangle((x - 18, 860, x + 18, 1120), fill=accent)
    _label(d, (760, 920, 1240, 1100), text, p, 110)


def _jacket(d: ImageDraw.ImageDraw, p: Palette, text: str, accent: Colour) -> None:
    body = [(760, 520), (1240, 520), (1460, 640), (1620, 1360), (1460, 1400),
            (1380, 960), (1380, 1640), (620, 1640), (620, 960), (540, 1400),
            (380, 1360), (540, 640)]  # fmt: skip
    d.polygon(body, fill=p.body)
    d.polygon([(760, 520), (1000, 720), (1240, 520), (1160, 440), (840, 440)], fill=p.shade)
    d.line([(1000, 720), (1000, 1640)], fill=accent, width=22)
    d.rectangle((680, 1160, 900, 1190), fill=p.shade)
    d.rectangle((1100, 1160, 1320, 1190), fill=p.shade)
    _label(d, (1040, 780, 1300, 960), text, p, 90)


def _boot(d: ImageDraw.ImageDraw, p: Palette, text: str, accent: Colour) -> None:
    d.rounded_rectangle((460, 1480, 1600, 1600), radius=40, fill=p.shade)
    shape = [(620, 480), (1060, 480), (1080, 1100), (1520, 1240), (1600, 1480),
             (460, 1480), (520, 1000)]  # fmt: skip
    d.polygon(shape, fill=p.body)
    d.rectangle((600, 440, 1080, 540), fill=p.shade)
    for y in (640, 760, 880, 1000):
        d.line([(880, y), (1060, y + 50)], fill=accent, width=22)
    _label(d, (560, 1160, 880, 1380), text, p, 110)


def _bottle(d: ImageDraw.ImageDraw, p: Palette, text: str, accent: Colour) -> None:
    d.rounded_rectangle((860, 400, 1140, 560), radius=40, fill=p.shade)
    d.rounded_rectangle((700, 540, 1300, 1640), radius=180, fill=p.body)
    d.rectangle((700, 760, 1300, 800), fill=accent)
    _label(d, (780, 980, 1220, 1300), text, p, 150)


def _beanie(d: ImageDraw.ImageDraw, p: Palette, text: str, accent: Colour) -> None:
    d.ellipse((880, 380, 1120, 620), fill=accent)
    d.chord((480, 560, 1520, 1620), start=180, end=360, fill=p.body)
    d.rounded_rectangle((460, 1040, 1540, 1380), radius=80, fill=p.shade)
    for x in range(540, 1500, 80):
        d.line([(x, 1070), (x, 1350)], fill=p.body, width=16)
    _label(d, (800, 740, 1200, 960), text, p, 120)


def _tag(d: ImageDraw.ImageDraw, p: Palette, text: str, accent: Colour) -> None:
    d.rounded_rectangle((520, 620, 1480, 1480), radius=160, fill=p.body)
    d.ellipse((940, 700, 1060, 820), fill=accent)
    _label(d, (660, 920, 1340, 1340), text, p, 220)


DRAWINGS: dict[str, Callable] = {
    "bag": _bag,
    "mug": _mug,
    "kettle": _kettle,
    "dripper": _dripper,
    "pack": _pack,
    "jacket": _jacket,
    "boot": _boot,
    "bottle": _bottle,
    "beanie": _beanie,
    "tag": _tag,
}


def initials(title: str, *, letters: int = 2) -> str:
    words = [w for w in title.replace("-", " ").split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:letters]).upper() or "?"


def _accent(seed: str, p: Palette) -> Colour:
    """A per-product variation of the palette, so a grid of cards is not uniform."""
    digest = hashlib.sha256(seed.encode()).digest()
    shift = (digest[0] % 5 - 2) * 14
    return tuple(max(0, min(255, c + shift)) for c in p.shade[:3])  # type: ignore[return-value]


def product_picture(
    *,
    title: str,
    drawing: str = "tag",
    palette_name: str = "generic",
    seed: str = "",
    colour: str | None = None,
) -> Image.Image:
    """The picture of one product as a Pillow image (RGB, SIZE × SIZE).

    ``colour`` (hex) replaces the palette's object colour, for variants in colours.
    """
    p = PALETTES[palette_name]
    if colour:
        body = _hex(colour)
        p = Palette(p.top, p.bottom, body, tuple(int(c * 0.72) for c in body), p.label, p.ink)
    big = SIZE * _SCALE
    background = _gradient(p).convert("RGBA")
    layer = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    DRAWINGS[drawing](draw, p, initials(title), _accent(seed or title, p))
    layer = layer.reduce(_SCALE)

    picture = Image.alpha_composite(Image.alpha_composite(background, _shadow()), layer)
    return picture.convert("RGB")


def product_picture_jpeg(**kwargs) -> bytes:
    out = io.BytesIO()
    product_picture(**kwargs).save(out, format="JPEG", quality=86)
    return out.getvalue()
