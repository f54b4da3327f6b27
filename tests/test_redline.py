"""The word-level redline of the wording page (site/redline.py)."""

from __future__ import annotations

from bs4 import BeautifulSoup

from pelican.plugins.parliament_timeline.site.redline import BREAK, changes, plain, redline, tokens


def marked(html) -> list[tuple[str, str]]:
    """Each <ins> and <del> with its words as a reader without CSS gets them."""
    doc = BeautifulSoup(str(html), "html.parser")
    return [(t.name, t.get_text()) for t in doc.find_all(["ins", "del"])]


def test_tokens_keep_paragraph_breaks_between_words():
    assert tokens(["(1) A  widget.", "(2) B"]) == ["(1)", "A", "widget.", BREAK, "(2)", "B"]


def test_unchanged_text_has_no_marks():
    assert redline(["a b", "c"], ["a b", "c"]) == "<p>a b</p>\n<p>c</p>"


def test_inserted_and_deleted_words_are_marked_in_words_too():
    html = redline(["A person who sells a widget commits an offence."],
                   ["A person who sells or supplies a widget commits a crime."])
    assert marked(html) == [
        ("ins", "[inserted: or supplies]"),
        ("del", "[deleted: an offence.]"),
        ("ins", "[inserted: a crime.]"),
    ]
    doc = BeautifulSoup(str(html), "html.parser")
    # The words that say it are real text, hidden only to the eye.
    hidden = [s.get_text() for s in doc.select("span.visually-hidden")]
    assert hidden == ["[inserted: ", "]", "[deleted: ", "]", "[inserted: ", "]"]


def test_an_added_paragraph_is_a_paragraph_of_its_own():
    html = redline(["(1) a."], ["(1) a.", "(2) b."])
    doc = BeautifulSoup(str(html), "html.parser")
    assert [p.get_text() for p in doc.find_all("p")] == ["(1) a.", "[inserted: (2) b.]"]
    assert doc.find_all("p")[1].find("ins") is not None


def test_a_removed_paragraph_keeps_its_line_struck_through():
    html = redline(["a", "b c", "d"], ["a", "d"])
    doc = BeautifulSoup(str(html), "html.parser")
    assert [p.get_text() for p in doc.find_all("p")] == ["a", "[deleted: b c]", "d"]


def test_the_text_is_escaped():
    html = redline(["<b>old</b>"], ['<script>alert("x")</script> & more'])
    doc = BeautifulSoup(str(html), "html.parser")
    assert doc.find("script") is None and doc.find("b") is None
    assert "&lt;script&gt;" in str(html) and "&amp;" in str(html)
    assert "&lt;b&gt;" in str(plain(["<b>x</b>"]))


def test_changes_give_deleted_before_inserted_words_of_a_replacement():
    assert list(changes(["a b c"], ["a x c"])) == [
        ("same", ["a"]), ("del", ["b"]), ("ins", ["x"]), ("same", ["c"])]
