"""The characters that are not text a reader sees, declared once.

Records refuse them (records/parse.py), URLs refuse them (urls.py), and
messages print them escaped (records/problems.py). Each is a regular
expression character-class body, to be put between ``[`` and ``]``.
"""

# Every control character but the tab: C0 (a line end among them: a value
# holding one would start a new line of a log), DEL and C1.
CONTROLS = r"\x00-\x08\x0a-\x1f\x7f-\x9f"
# The line and paragraph separators, which break lines where editors see none.
SEPARATORS = r"\u2028\u2029"
# Characters that reorder or hide text: the bidirectional marks, embeddings,
# overrides and isolates; zero-width spaces and joiners, the word joiner and
# the invisible operators; the Hangul fillers and the byte order mark.
INVISIBLE = (
    r"\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    r"\u3164\ufeff\uffa0"
)
# Unicode's non-characters, in every plane.
NONCHARACTERS = r"\ufdd0-\ufdef\ufffe\uffff" + "".join(
    rf"\U{plane:04x}fffe-\U{plane:04x}ffff" for plane in range(1, 17))
