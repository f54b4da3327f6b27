"""Share cards (site/shareimages.py and templates/_share.html).

Every page has Open Graph and Twitter card metadata with absolute
addresses; every event and bill has a share image that Pillow opens, the
same bytes every time, drawn once and then taken from the cache.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from PIL import Image

from conftest import soup
from pelican.plugins.parliament_timeline.site.shareimages import (
    HEIGHT,
    WIDTH,
    Card,
    draw,
    write_share_images,
)

PUBLIC = "http://localhost:8000"
EVENTS = ("2023-10-26-royal-assent", "2024-04-16-announcement", "2024-05-15-report-stage",
          "2024-05-15-same-day-debate")
BILLS = ("consumer-widgets-bill-hl", "sprocket-registration-bill-hl",
         "widget-labelling-bill-2022-23", "widget-safety-bill-2023-24")
CARD = Card("Widget safety: a fixture timeline", "New clause added at report stage",
            "15 May 2024 \u00b7 Report stage", "Widget Safety Bill (2023-24)", "amendment")


def meta(doc, key: str) -> str | None:
    found = doc.find("meta", attrs={"property": key}) or doc.find("meta", attrs={"name": key})
    return None if found is None else found["content"]


def test_every_event_and_bill_has_a_share_image_pillow_opens(fixture_build):
    paths = [f"share/events/{slug}.png" for slug in EVENTS] + [
        f"share/bills/{key}.png" for key in BILLS]
    assert sorted(str(p.relative_to(fixture_build)) for p in
                  (fixture_build / "share").rglob("*.png")) == sorted(paths)
    for path in paths:
        with Image.open(fixture_build / path) as image:
            image.verify()
        with Image.open(fixture_build / path) as image:
            assert (image.format, image.size, image.mode) == ("PNG", (WIDTH, HEIGHT), "P")
            # Not blank: the text is drawn.
            assert len(image.convert("RGB").getcolors(maxcolors=1 << 20)) > 2


@pytest.mark.parametrize(("page", "image"), [
    ("events/2024-05-15-report-stage/index.html", "share/events/2024-05-15-report-stage.png"),
    ("bills/widget-safety-bill-2023-24/index.html", "share/bills/widget-safety-bill-2023-24.png"),
    ("bills/widget-safety-bill-2023-24/amendments/index.html",
     "share/bills/widget-safety-bill-2023-24.png"),
    ("index.html", None),
    ("people/jane-widget/index.html", None),
    ("questions/penalties/index.html", None),
    ("about/index.html", None),
    ("data/index.html", None),
])
def test_every_page_has_share_metadata_with_absolute_addresses(fixture_build, page, image):
    doc = soup(fixture_build / page)
    url = f"{PUBLIC}/{page.removesuffix('index.html')}"
    assert doc.find("link", rel="canonical")["href"] == url
    assert meta(doc, "og:url") == url
    title = doc.title.get_text()
    assert meta(doc, "og:title") == meta(doc, "twitter:title")
    assert title.startswith(meta(doc, "og:title"))
    description = doc.find("meta", attrs={"name": "description"})["content"]
    assert meta(doc, "og:description") == meta(doc, "twitter:description") == description
    assert meta(doc, "og:site_name") == "Widget safety: a fixture timeline"
    assert meta(doc, "og:locale") == "en_GB"  # DEFAULT_LANG "en-gb"
    if image is None:
        assert meta(doc, "og:image") is None
        assert meta(doc, "twitter:card") == "summary"
        assert meta(doc, "og:updated_time") == "2024-06-01"
        return
    assert meta(doc, "og:image") == meta(doc, "twitter:image") == f"{PUBLIC}/{image}"
    assert (fixture_build / image).is_file()
    assert meta(doc, "twitter:card") == "summary_large_image"
    assert (meta(doc, "og:image:width"), meta(doc, "og:image:height")) == ("1200", "630")
    assert meta(doc, "og:image:alt")


def test_an_event_page_is_an_article_with_its_dates(fixture_build):
    doc = soup(fixture_build / "events" / "2024-05-15-report-stage" / "index.html")
    assert meta(doc, "og:type") == "article"
    assert meta(doc, "article:published_time").startswith("2024-05-15T")
    assert meta(doc, "article:modified_time") == "2024-06-01"
    assert meta(doc, "og:image:alt") == (
        "New clause added at report stage, 15 May 2024: Report stage")


def test_a_card_is_the_same_bytes_every_time():
    assert draw(CARD) == draw(CARD)
    assert draw(CARD) != draw(dataclasses.replace(CARD, title="Another title"))


def test_a_card_is_drawn_in_the_theme_colours_with_shades_between():
    with Image.open(io.BytesIO(draw(CARD))) as image:
        rgb = image.convert("RGB")
    colours = {colour for _, colour in rgb.getcolors(maxcolors=1 << 20)}
    # The bar in the stage family's colour, the page white, the rule.
    assert rgb.getpixel((10, 300)) == (0x8F, 0x50, 0x00)
    assert rgb.getpixel((WIDTH - 1, 0)) == (255, 255, 255)
    assert rgb.getpixel((WIDTH // 2, HEIGHT - 120)) == (0xB1, 0xB4, 0xB6)
    # The title and the site's name in their full colours, and anti-aliased:
    # shades between each and white.
    assert {(0x1B, 0x1B, 0x1B), (0x50, 0x5A, 0x5F)} <= colours
    greys = {c for c in colours if c[0] == c[1] == c[2] and 0x1B < c[0] < 255}
    assert len(greys) > 8


def test_a_long_title_is_cut_with_an_ellipsis_not_drawn_off_the_card():
    long = dataclasses.replace(CARD, title=" ".join(["Widget"] * 200),
                               foot="\u00e9 \u2014 \u2018quoted\u2019 " * 40)
    with Image.open(io.BytesIO(draw(long))) as image:
        assert image.size == (WIDTH, HEIGHT)


def test_unchanged_cards_come_from_the_cache_and_changed_ones_are_drawn(tmp_path):
    cards = [(f"share/events/{i}.png", dataclasses.replace(CARD, title=f"Event {i}"))
             for i in range(3)]
    cache = tmp_path / "cache"
    written, drawn = write_share_images(cards, str(tmp_path / "a"), str(cache))
    assert (len(written), drawn) == (3, 3)
    written, drawn = write_share_images(cards, str(tmp_path / "b"), str(cache))
    assert drawn == 0
    for path in written:
        assert (tmp_path / "a" / path).read_bytes() == (tmp_path / "b" / path).read_bytes()
    # One changed, one gone: one drawn, and the cache keeps only this build's.
    cards = [cards[0], (cards[1][0], dataclasses.replace(CARD, title="Renamed"))]
    written, drawn = write_share_images(cards, str(tmp_path / "c"), str(cache))
    assert drawn == 1
    assert len(list(cache.iterdir())) == 2
    # Without a cache every card is drawn, to the same bytes.
    _, drawn = write_share_images(cards, str(tmp_path / "d"), None)
    assert drawn == 2
    assert Path(tmp_path / "c" / cards[1][0]).read_bytes() == Path(
        tmp_path / "d" / cards[1][0]).read_bytes()


def test_share_images_can_be_turned_off(fixture_site, tmp_path):
    from conftest import build

    out = build(fixture_site, tmp_path / "out", TIMELINE_SHARE_IMAGES=False)
    assert not (out / "share").exists()
    doc = soup(out / "events" / "2024-05-15-report-stage" / "index.html")
    assert meta(doc, "og:image") is None and meta(doc, "twitter:card") == "summary"


def test_cards_drawn_by_two_workers_are_the_same_bytes_in_the_same_places(tmp_path):
    from pelican.plugins.parliament_timeline.site import parallel

    cards = [(f"share/events/{i}.png", dataclasses.replace(CARD, title=f"Event {i}"))
             for i in range(2 * parallel.FEWEST)]
    one, drawn_one = write_share_images(cards, str(tmp_path / "one"), None, jobs=1)
    two, drawn_two = write_share_images(cards, str(tmp_path / "two"), None, jobs=2)
    assert one == two and drawn_one == drawn_two == len(cards)
    for path in one:
        assert (tmp_path / "one" / path).read_bytes() == (tmp_path / "two" / path).read_bytes()
