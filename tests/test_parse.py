"""Reading entry files: metadata fields with their line numbers, and the body."""

from pelican.plugins.parliament_timeline.records.parse import parse_text, read_entry_file


def test_fields_keep_the_line_of_each_value():
    raw = parse_text(
        "Title: A title\nSources: https://a.gov.uk/x | A\n    https://b.gov.uk/y\n"
        "Stage: debate\n\nBody\n",
        "e.md",
    )
    assert raw.fields["title"].text == "A title"
    assert [(v.number, v.text) for v in raw.fields["sources"].values] == [
        (2, "https://a.gov.uk/x | A"),
        (3, "https://b.gov.uk/y"),
    ]
    assert raw.fields["stage"].line == 4
    assert raw.body == "Body"
    assert raw.body_line == 6


def test_keys_are_case_insensitive_but_spelling_is_kept():
    raw = parse_text("TITLE: x\n\n", "e.md")
    assert raw.fields["title"].key == "TITLE"


def test_yaml_style_delimiters_are_accepted():
    raw = parse_text("---\nTitle: x\nDate: 2024-01-01\n---\nBody text\n", "e.md")
    assert raw.fields["date"].line == 3
    assert raw.body == "Body text"
    assert raw.problems == []


def test_a_key_given_twice_is_a_problem_naming_both_lines():
    raw = parse_text("Title: a\nStage: x\nTitle: b\n\n", "e.md")
    assert raw.problems == [(3, "duplicate-field", "'Title' is given twice (first on line 1)")]
    assert raw.fields["title"].text == "a"


def test_a_file_without_metadata_is_a_problem():
    raw = parse_text("Just prose here.\n", "e.md")
    assert raw.fields == {}
    assert raw.problems[0][0] == 1
    assert raw.body == "Just prose here."


def test_the_first_non_metadata_line_starts_the_body():
    raw = parse_text("Title: x\nNot metadata at all\nMore\n", "e.md")
    assert list(raw.fields) == ["title"]
    assert raw.body == "Not metadata at all\nMore"


def test_a_byte_order_mark_is_ignored():
    raw = parse_text("\ufeffTitle: x\n\n", "e.md")
    assert raw.fields["title"].text == "x"


def test_a_file_that_is_not_utf8_is_a_problem_not_an_exception(tmp_path):
    path = tmp_path / "2024-01-01-x.md"
    path.write_bytes(b"Title: caf\xe9\n\n")
    raw = read_entry_file(str(path), "shown.md")
    assert raw.path == "shown.md"
    assert raw.problems and raw.problems[0][1] == "invalid-utf8"


def test_an_invalid_byte_is_one_problem_at_its_line_and_column(tmp_path):
    path = tmp_path / "2024-01-01-x.md"
    path.write_bytes(b"Title: x\nDate: 2024-01-01\n\nLine three.\nSo far so caf\xe9 good.\n")
    raw = read_entry_file(str(path), "e.md")
    assert not raw.readable
    assert raw.fields == {}
    assert raw.problems == [(5, "invalid-utf8", "not valid UTF-8 text: byte 0xe9 at column 14 "
                                "(invalid continuation byte); save the file as UTF-8")]


def test_windows_line_ends_read_as_text_mode_reads_them(tmp_path):
    path = tmp_path / "2024-01-01-x.md"
    path.write_bytes(b"Title: x\r\nDate: 2024-01-01\r\n\r\nBody\r\nMore\r\n")
    raw = read_entry_file(str(path))
    assert raw.fields["date"].text == "2024-01-01"
    assert raw.body == "Body\nMore"
