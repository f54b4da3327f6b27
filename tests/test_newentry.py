"""new-entry's file names: an entry's id is permanent, so it ends at a word boundary."""

from __future__ import annotations

from pelican.plugins.parliament_timeline.commands.cli import main
from pelican.plugins.parliament_timeline.commands.newentry import SLUG_LENGTH, shorten_slug


def test_a_long_slug_is_cut_at_the_last_whole_word():
    slug = "widget-safety-bill-second-reading-in-the-house-of-lords-debated-at-length"
    short = shorten_slug(slug)
    assert len(short) <= SLUG_LENGTH
    assert short == "widget-safety-bill-second-reading-in-the-house-of-lords"
    assert slug.startswith(short + "-")


def test_a_slug_that_fits_or_ends_on_a_word_is_kept():
    assert shorten_slug("widget-rule-announced") == "widget-rule-announced"
    exact = "a" * 20 + "-" + "b" * 39  # 60 characters, ending on a whole word
    assert shorten_slug(exact) == exact
    assert shorten_slug(exact + "-c") == exact


def test_a_single_word_longer_than_the_limit_is_cut():
    assert shorten_slug("w" * 80) == "w" * SLUG_LENGTH


def test_new_entry_names_its_file_with_whole_words(tmp_path):
    site = tmp_path / "site"
    assert main(["new-site", str(site), "--title", "A test timeline"]) == 0
    title = ("Widget Safety Bill second reading in the House of Lords, "
             "debated at length until late")
    assert main(["new-entry", "--root", str(site), "--title", title, "--date", "2025-01-28",
                 "--stage", "second-reading", "--chamber", "lords",
                 "--sources", "https://hansard.parliament.uk/lords/2025-01-28/debates/x"]) == 0
    names = sorted(p.name for p in (site / "content" / "entries").glob("*.md"))
    assert names == ["2025-01-28-widget-safety-bill-second-reading-in-the-house-of-lords.md"]


def test_check_warns_of_the_placeholder_text_the_scaffolding_commands_wrote(tmp_path, capsys):
    site = tmp_path / "site"
    assert main(["new-site", str(site), "--title", "A test timeline"]) == 0
    assert main(["new-bill", "--root", str(site), "--key", "widget-bill", "--title",
                 "Widget Bill", "--session", "2024-26", "--house", "commons"]) == 0
    assert main(["new-entry", "--root", str(site), "--title", "Widget Bill second reading",
                 "--date", "2025-01-28", "--stage", "second-reading", "--chamber", "commons",
                 "--bill", "widget-bill",
                 "--sources", "https://hansard.parliament.uk/Commons/2025-01-28/x"]) == 0
    capsys.readouterr()
    assert main(["check", "--root", str(site)]) == 0  # warnings only
    report = capsys.readouterr().out.splitlines()
    assert report == [
        "content/bills/widget-bill.md:7: warning: the body is still the placeholder text the "
        "scaffolding command wrote: replace it before publishing",
        "content/entries/2025-01-28-widget-bill-second-reading.md:3: warning: 'Summary' "
        "repeats the Title (as new-entry writes it): say in one sentence what happened",
        "content/entries/2025-01-28-widget-bill-second-reading.md:9: warning: the narrative is "
        "still the placeholder text the scaffolding command wrote: replace it before publishing",
        "content/pages/about.md:9: warning: the page is still the placeholder text the "
        "scaffolding command wrote: replace it before publishing",
        "0 error(s), 4 warning(s)",
    ]
