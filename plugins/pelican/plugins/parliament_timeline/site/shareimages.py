"""Share images: a 1200 x 630 PNG card per event and per bill, for social previews.

A card shows the site's name, the title, the date and stage (an event) or
the session and outcome (a bill), and the bill, with a bar in the colour of
the stage's family as the pages draw it. Drawn with Pillow in Source Sans
Pro (the ``font-source-sans-pro`` package: a build needs nothing but pip),
and written as a 64-colour PNG with no metadata: the same card, the same bytes.

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
from functools import cache
from importlib.metadata import version
from pathlib import Path

import font_source_sans_pro
from pelican.utils import sanitised_join
from PIL import Image, ImageDraw, ImageFont

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


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines of at most ``width`` pixels; "…" if cut."""
    words = text.split()
    found: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if font.getlength(candidate) <= width or not line:
            line = candidate
            continue
        found.append(line)
        line = word
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


def draw(card: Card) -> bytes:
    """The card as PNG bytes (no metadata chunks, so the same card is the same bytes)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, 23, HEIGHT), fill=KIND_COLOURS.get(card.kind, MUTED))
    width = WIDTH - 2 * MARGIN
    y = 64
    for line in _wrap(card.site, _font(BOLD, 34), width, 1):
        pen.text((MARGIN, y), line, font=_font(BOLD, 34), fill=MUTED)
    y = 150
    # The largest size at which the title fits in three lines, else four at 52.
    for size, lines in ((72, 3), (62, 3), (52, 4)):
        title = _font(BOLD, size)
        wrapped = _wrap(card.title, title, width, lines)
        if not wrapped[-1].endswith(" …") or size == 52:
            break
    for line in wrapped:
        pen.text((MARGIN, y), line, font=title, fill=TEXT)
        y += int(size * 1.15)
    y += 20
    for line in _wrap(card.line, _font(REGULAR, 40), width, 1):
        pen.text((MARGIN, y), line, font=_font(REGULAR, 40), fill=TEXT)
    pen.line((MARGIN, HEIGHT - 120, WIDTH - MARGIN, HEIGHT - 120), fill=RULE, width=2)
    for line in _wrap(card.foot, _font(REGULAR, 34), width, 1):
        pen.text((MARGIN, HEIGHT - 96), line, font=_font(REGULAR, 34), fill=MUTED)
    out = io.BytesIO()
    # A card has few colours (text, its anti-aliasing, the bar): as a
    # 64-colour palette it is a third of the bytes and quicker to encode;
    # zlib level 6 takes a tenth of the time of level 9 for a few more bytes.
    palette = image.quantize(64, method=Image.Quantize.FASTOCTREE)
    palette.save(out, "PNG", optimize=False, compress_level=6)
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
