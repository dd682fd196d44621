"""Product photos for the demo, drawn with Pillow so that nothing is downloaded.

A photo is a coloured background per product group, a simple drawing of the package (box,
bag, bottle, jar, round cakes or fruit, basket, boat) and the product's name; the second photo
of a product is its label with the OCOP stars and the barcode. DejaVu Sans covers Vietnamese;
without it PIL's default font is used.
"""

import functools
import io
import random
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = (800, 600)
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
GROUP_COLOURS = {
    "food": (214, 120, 38),
    "beverages": (36, 104, 178),
    "herbal": (58, 140, 78),
    "handicrafts": (140, 96, 58),
    "ornamental": (190, 80, 120),
    "tourism": (30, 140, 140),
}
OTHER_COLOUR = (110, 110, 110)
WHITE = (255, 255, 255)
INK = (40, 40, 40)
GOLD = (245, 190, 40)

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@functools.cache
def _font(size: int, *, bold: bool = False) -> Font:
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        return ImageFont.load_default(size)


def _mix(colour: tuple[int, int, int], other: tuple[int, int, int], share: float) -> tuple[int, int, int]:
    r, g, b = (round(a + (b - a) * share) for a, b in zip(colour, other, strict=True))
    return (r, g, b)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Font, width: int) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` pixels (at most three)."""
    lines: list[str] = []
    for chars in range(40, 8, -2):
        lines = textwrap.wrap(text, chars)
        if all(draw.textlength(line, font=font) <= width for line in lines):
            break
    return lines[:3]


def _centred(draw: ImageDraw.ImageDraw, y: int, lines: list[str], font: Font, fill, spacing: int) -> int:
    for line in lines:
        draw.text((SIZE[0] // 2, y), line, font=font, fill=fill, anchor="mt")
        y += spacing
    return y


def _shape(draw: ImageDraw.ImageDraw, shape: str, colour, rng: random.Random) -> None:
    """The package, centred in the lower two thirds of the picture."""
    light, dark = _mix(colour, WHITE, 0.55), _mix(colour, INK, 0.35)
    cx, cy = SIZE[0] // 2, 370
    if shape == "box":
        draw.polygon(
            [(cx - 170, cy - 80), (cx - 110, cy - 130), (cx + 230, cy - 130), (cx + 170, cy - 80)], fill=dark
        )
        draw.rectangle([cx - 170, cy - 80, cx + 170, cy + 150], fill=light, outline=dark, width=4)
        draw.polygon(
            [(cx + 170, cy - 80), (cx + 230, cy - 130), (cx + 230, cy + 100), (cx + 170, cy + 150)], fill=dark
        )
        draw.rectangle([cx - 120, cy - 20, cx + 120, cy + 60], fill=WHITE)
    elif shape == "bag":
        draw.polygon(
            [(cx - 150, cy - 110), (cx + 150, cy - 110), (cx + 180, cy + 160), (cx - 180, cy + 160)],
            fill=light,
        )
        draw.rectangle([cx - 150, cy - 130, cx + 150, cy - 100], fill=dark)
        draw.ellipse([cx - 70, cy - 30, cx + 70, cy + 90], fill=WHITE, outline=dark, width=3)
    elif shape == "bottle":
        for offset in (-110, 110):
            x = cx + offset
            draw.rounded_rectangle(
                [x - 60, cy - 60, x + 60, cy + 160], radius=30, fill=light, outline=dark, width=4
            )
            draw.rectangle([x - 22, cy - 130, x + 22, cy - 55], fill=light, outline=dark, width=4)
            draw.rectangle([x - 28, cy - 150, x + 28, cy - 125], fill=dark)
            draw.rectangle([x - 50, cy + 10, x + 50, cy + 90], fill=WHITE)
    elif shape == "jar":
        draw.rounded_rectangle(
            [cx - 140, cy - 70, cx + 140, cy + 160], radius=40, fill=light, outline=dark, width=4
        )
        draw.rounded_rectangle([cx - 120, cy - 120, cx + 120, cy - 65], radius=12, fill=dark)
        draw.rectangle([cx - 100, cy - 10, cx + 100, cy + 90], fill=WHITE)
    elif shape == "basket":
        draw.arc([cx - 150, cy - 230, cx + 150, cy + 30], start=180, end=360, fill=dark, width=14)
        draw.polygon(
            [(cx - 200, cy - 80), (cx + 200, cy - 80), (cx + 150, cy + 150), (cx - 150, cy + 150)], fill=light
        )
        for y in range(cy - 60, cy + 150, 28):
            half = 200 - 50 * (y - cy + 80) // 230
            draw.line([(cx - half, y), (cx + half, y)], fill=dark, width=3)
    elif shape == "boat":
        draw.polygon(
            [(cx - 300, cy - 40), (cx - 220, cy + 60), (cx + 220, cy + 60), (cx + 300, cy - 40)],
            fill=light,
            outline=dark,
        )
        draw.polygon([(cx + 300, cy - 40), (cx + 340, cy - 130), (cx + 270, cy - 40)], fill=GOLD)
        for x in range(cx - 220, cx + 240, 40):
            draw.line([(x, cy - 30), (x + 10, cy + 50)], fill=dark, width=4)
    else:
        for _ in range(3):
            x, y, r = cx + rng.randint(-160, 160), cy + rng.randint(-40, 80), rng.randint(70, 100)
            draw.ellipse([x - r, y - r, x + r, y + r], fill=light, outline=dark, width=4)


def _barcode(draw: ImageDraw.ImageDraw, gtin: str, x: int, y: int) -> None:
    """Bars that look like an EAN-13 (not a scannable encoding), with its digits."""
    bars = random.Random(gtin)  # noqa: S311 (decoration only)
    cursor = x
    for _ in range(60):
        width = bars.choice((2, 2, 3, 4))
        if bars.random() < 0.55:
            draw.rectangle([cursor, y, cursor + width - 1, y + 90], fill=INK)
        cursor += width
    draw.text((x + (cursor - x) // 2, y + 98), gtin, font=_font(22), fill=INK, anchor="mt")


def product_photo(
    *, name: str, producer: str, group_code: str, shape: str, stars: int, gtin: str = "", variant: int = 0
) -> bytes:
    """A ~800×600 JPEG: the package (``variant`` 0) or its label with stars and barcode (1)."""
    rng = random.Random(f"{name}|{variant}")  # noqa: S311 (decoration only)
    colour = GROUP_COLOURS.get(group_code, OTHER_COLOUR)
    colour = _mix(colour, (rng.randint(0, 255),) * 3, 0.12)
    image = Image.new("RGB", SIZE, colour)
    draw = ImageDraw.Draw(image)
    title, small = _font(44, bold=True), _font(26)
    if variant == 0:
        draw.rectangle([0, 470, SIZE[0], SIZE[1]], fill=_mix(colour, INK, 0.25))
        _shape(draw, shape, colour, rng)
        _centred(draw, 30, _wrap(draw, name, title, 720), title, WHITE, 54)
        draw.text((SIZE[0] // 2, 540), producer, font=small, fill=WHITE, anchor="mm")
    else:
        draw.rounded_rectangle(
            [60, 50, 740, 550], radius=24, fill=WHITE, outline=_mix(colour, INK, 0.3), width=6
        )
        y = _centred(draw, 90, _wrap(draw, name, title, 620), title, INK, 54)
        y = _centred(draw, y + 10, _wrap(draw, producer, small, 620), small, _mix(colour, INK, 0.4), 34)
        draw.text(
            (SIZE[0] // 2, y + 20), "OCOP " + "★" * stars, font=_font(40, bold=True), fill=GOLD, anchor="mt"
        )
        if gtin:
            _barcode(draw, gtin, 270, 400)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()
