"""Share images: a 1200 x 630 PNG card per event and per bill, for social previews.

A card shows the site's name, the title, the date and stage (an event) or
the session and outcome (a bill), and the bill, with a bar in the colour of
the stage's family as the pages draw it. Drawn with Pillow in Source Sans
Pro (the ``font-source-sans-pro`` package: a build needs nothing but pip),
straight in a palette of the theme's colours and their anti-aliasing shades,
written as a PNG with no metadata: the same card, the same bytes. What every
card of a bill shares (the site's name, the foot, the rule) is drawn once
per process and bill; a card costs about 6 ms (it was 21 ms drawn in RGB and
quantized to 64 colours, with every candidate line measured whole).

A card depends only on its :class:`Card` (the texts and the colour), the
fonts and this code, so with Pelican's content cache on each card is kept in
``CACHE_PATH/TimelineShareImages/<digest>.png``, keyed by a digest of all of
these: an unchanged event costs a file copy, and a rebuild draws only the
cards whose texts changed. Cards no longer made are dropped from the cache.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.metadata import version
from pathlib import Path

import font_source_sans_pro
from pelican.utils import sanitised_join
from PIL import Image, ImageChops, ImageDraw, ImageFont

from .parallel import forked_map

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
# The theme's light colours (theme/static/css/site.css).
TEXT, MUTED, BACKGROUND, RULE = "#1b1b1b", "#505a5f", "#ffffff", "#b1b4b6"
KIND_COLOURS = {"passage": "#6f2c91", "law": "#00703c", "fell": "#d4351c",
                "amendment": "#8f5000", "parliament": "#1d4f91", "outside": "#505a5f"}
REGULAR = Path(font_source_sans_pro.font_directory) / "SourceSansPro-Regular.ttf"
BOLD = Path(font_source_sans_pro.font_directory) / "SourceSansPro-Bold.ttf"
CACHE_NAME = "TimelineShareImages"
# Bump to draw every cached card again (this file's text is in the key too).
CACHE_VERSION = 1


@dataclass(frozen=True)
class Card:
    """What one share image shows."""

    site: str
    title: str
    # Under the title: "16 April 2024 · Report stage", or a bill's session and outcome.
    line: str
    # At the foot: the bill, or the House.
    foot: str
    # The family of the stage (procedure.Stage.kind), for the bar's colour.
    kind: str = "passage"


@cache
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


# A line's width is its words' widths and the spaces between them (measuring
# each candidate line was a third of a card's time); within this many pixels
# of the limit the line is measured whole, in case a font kerns a space.
NEAR = 8


@cache
def _length(font: ImageFont.FreeTypeFont, text: str) -> float:
    return font.getlength(text)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines of at most ``width`` pixels; "…" if cut."""
    words = text.split()
    found: list[str] = []
    line, length = "", 0.0
    space = _length(font, " ")
    for word in words:
        candidate = f"{line} {word}".strip()
        estimate = length + space + _length(font, word) if line else _length(font, word)
        if abs(estimate - width) <= NEAR:
            estimate = font.getlength(candidate)
        if estimate <= width or not line:
            line, length = candidate, estimate
            continue
        found.append(line)
        line, length = word, _length(font, word)
        if len(found) == lines:
            # No room for the rest: end the last line with an ellipsis.
            last = found[-1]
            while last and font.getlength(last + " …") > width:
                last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
            found[-1] = last + " …"
            return found
    if line:
        found.append(line)
    return found


# The card is drawn straight in a palette (no quantizing of an RGB image,
# which was half a card's time): white, each text colour as a ramp of
# SHADES shades from white (the text's anti-aliasing), the rule and the
# stages' colours. The text is drawn as coverage (0 to 255) in a greyscale
# image, then mapped to its colour's ramp.
SHADES = 32


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


@dataclass(frozen=True)
class _Palette:
    colours: list[int]  # flat RGB, as Image.putpalette takes it
    text: list[int]  # coverage (0 to 255) to index, for TEXT
    muted: list[int]  # and for MUTED
    rule: int
    kinds: dict[str, int]


@cache
def _palette() -> _Palette:
    white = _rgb(BACKGROUND)
    colours = [white]

    def ramp(colour: str) -> list[int]:
        rgb, first = _rgb(colour), len(colours)
        for shade in range(1, SHADES + 1):
            colours.append(tuple(round(w + (c - w) * shade / SHADES)
                                 for w, c in zip(white, rgb, strict=True)))
        return [0] + [first + max(round(v * SHADES / 255), 1) - 1 for v in range(1, 256)]

    text, muted = ramp(TEXT), ramp(MUTED)
    rule = len(colours)
    colours.append(_rgb(RULE))
    kinds = {}
    for kind, colour in KIND_COLOURS.items():
        kinds[kind] = len(colours)
        colours.append(_rgb(colour))
    return _Palette([v for rgb in colours for v in rgb], text, muted, rule, kinds)


# A frame is 756 kB: only the last few are kept (the cards are drawn in
# the order of their foot, write_share_images), not one per bill.
@lru_cache(maxsize=4)
def _frame(site: str, foot: str) -> Image.Image:
    """What the cards of one site and foot share: the site's name, the foot
    and the rule, as palette indices in an "L" image."""
    palette = _palette()
    width = WIDTH - 2 * MARGIN
    cover = Image.new("L", (WIDTH, HEIGHT), 0)
    pen = ImageDraw.Draw(cover)
    for line in _wrap(site, _font(BOLD, 34), width, 1):
        pen.text((MARGIN, 64), line, font=_font(BOLD, 34), fill=255)
    for line in _wrap(foot, _font(REGULAR, 34), width, 1):
        pen.text((MARGIN, HEIGHT - 96), line, font=_font(REGULAR, 34), fill=255)
    frame = cover.point(palette.muted)
    pen = ImageDraw.Draw(frame)
    pen.line((MARGIN, HEIGHT - 120, WIDTH - MARGIN, HEIGHT - 120), fill=palette.rule, width=2)
    return frame


def draw(card: Card) -> bytes:
    """The card as PNG bytes (no metadata chunks, so the same card is the same bytes)."""
    palette = _palette()
    cover = Image.new("L", (WIDTH, HEIGHT), 0)
    pen = ImageDraw.Draw(cover)
    width = WIDTH - 2 * MARGIN
    y = 150
    # The largest size at which the title fits in three lines, else four at 52.
    for size, lines in ((72, 3), (62, 3), (52, 4)):
        title = _font(BOLD, size)
        wrapped = _wrap(card.title, title, width, lines)
        if not wrapped[-1].endswith(" …") or size == 52:
            break
    for line in wrapped:
        pen.text((MARGIN, y), line, font=title, fill=255)
        y += int(size * 1.15)
    y += 20
    for line in _wrap(card.line, _font(REGULAR, 40), width, 1):
        pen.text((MARGIN, y), line, font=_font(REGULAR, 40), fill=255)
    image = _frame(card.site, card.foot).copy()
    ImageDraw.Draw(image).rectangle((0, 0, 23, HEIGHT),
                                    fill=palette.kinds.get(card.kind, palette.muted[255]))
    box = cover.getbbox()
    if box:
        # Only where the text is: its shades over the frame (the darker wins).
        drawn = cover.crop(box).point(palette.text)
        image.paste(ImageChops.lighter(drawn, image.crop(box)), box)
    image.putpalette(palette.colours)
    out = io.BytesIO()
    # zlib level 1: a third of level 6's time, for cards about a third larger.
    image.save(out, "PNG", optimize=False, compress_level=1)
    return out.getvalue()


@cache
def code_digest() -> bytes:
    """A digest of what draws the cards: this code, Pillow's version and the fonts."""
    digest = hashlib.sha256(f"{CACHE_VERSION}\0Pillow={version('Pillow')}".encode())
    for path in (Path(__file__), REGULAR, BOLD):
        digest.update(b"\0" + path.read_bytes())
    return digest.digest()


def card_key(card: Card) -> str:
    """The digest of everything a card's image is made from."""
    return hashlib.sha256(code_digest() + repr(card).encode("utf-8")).hexdigest()


# A bill's outcome (procedure.OUTCOMES) as the family whose colour its card takes.
OUTCOME_KINDS = {"royal-assent": "law", "fell": "fell", "withdrawn": "fell",
                 "not-passed": "fell"}


def event_card(site: str, entry, date: str) -> Card:
    """An event's card: its title, ``date`` (as the pages write it) and stage, its bill."""
    bill = entry.bill
    foot = f"{bill.title} ({bill.session})" if bill is not None else entry.chamber.label
    return Card(site, entry.title, f"{date} \u00b7 {entry.stage.label}", foot, entry.stage.kind)


def bill_card(site: str, bill, house: str) -> Card:
    """A bill's card: its title, session and outcome, and the House it began in."""
    return Card(site, bill.title, f"Session {bill.session} \u00b7 {bill.status_label}",
                f"Introduced in the {house}" if house.startswith("House") else house,
                OUTCOME_KINDS.get(bill.status, "passage"))


def write_share_images(cards: Iterable[tuple[str, Card]], output_path: str,
                       cache_dir: str | None, jobs: int = 1) -> tuple[list[str], int]:
    """Write each card as a PNG at its path (relative to ``output_path``).

    ``cache_dir``: where drawn cards are kept between builds (None: no
    cache, every card drawn). The cards not in the cache are drawn by up to
    ``jobs`` forked workers (:func:`.parallel.forked_map`: drawing is most
    of a cold build's cost of the cards). Returns the paths written and how
    many cards were drawn (not found in the cache).
    """
    written, used = [], set()
    if cache_dir:
        os.makedirs(cache_dir, exist_ok=True)
    todo = []  # (path, cache file or None, card) of the cards to draw
    for rel, card in cards:
        path = sanitised_join(output_path, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        key = card_key(card)
        cached = os.path.join(cache_dir, key + ".png") if cache_dir else None
        if cached and os.path.exists(cached):
            shutil.copyfile(cached, path)
        else:
            todo.append((path, cached, card))
        used.add(key + ".png")
        written.append(rel)
    drawn = len(todo)
    # Drawn bill by bill, so that each worker draws a bill's frame once.
    todo.sort(key=lambda item: (item[2].site, item[2].foot))
    for (path, cached, _card), data in zip(
            todo, forked_map(draw, [card for _, _, card in todo], jobs), strict=True):
        with open(path, "wb") as f:
            f.write(data)
        if cached:
            with open(cached + ".tmp", "wb") as f:
                f.write(data)
            os.replace(cached + ".tmp", cached)
    if cache_dir:
        # Keep only this build's cards.
        for name in os.listdir(cache_dir):
            if name not in used:
                os.remove(os.path.join(cache_dir, name))
    logger.info("Share images: %d written, %d drawn, %d from the cache",
                len(written), drawn, len(written) - drawn)
    return written, drawn
