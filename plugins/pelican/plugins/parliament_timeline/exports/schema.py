"""The records' parts of timeline.schema.json, kept in step with the kinds' declarations.

The schema is committed (exports/timeline.schema.json) and published with
timeline.json. Its properties for the fields every builder reads are written
by hand, with their exact shapes (a stage as ``{key, label}``, a person as a
reference...); a declared field that the export carries with no property of
its own in its kind's part (one read by what it holds: records/common.py,
``declared_extra``; exports/common.py, ``declared_values``) gets one made
here from its declaration, marked so, and a made one whose field is no longer
declared is removed. ``invoke field-reference`` rewrites the file
(:func:`update_schema`); a test fails when it is out of step.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable

from ..records.kinds import (
    CHOICE,
    DATE,
    KEY,
    KINDS,
    LINES,
    LIST,
    NUMBER,
    TEXT,
    URL,
    YES_NO,
    FieldSpec,
    RecordKind,
)

# The mark of a property made from a declaration (JSON Schema's "$comment").
MADE = "made from the field's declaration (records/kinds.py) by invoke field-reference"

# A field's value in timeline.json by what it holds (exports/common.py: plain).
BY_HOLDS = {
    TEXT: {"type": "string"},
    DATE: {"$ref": "#/$defs/day"},
    URL: {"$ref": "#/$defs/url"},
    KEY: {"$ref": "#/$defs/key"},
    CHOICE: {"$ref": "#/$defs/key"},
    NUMBER: {"type": "integer", "minimum": 0},
    YES_NO: {"type": "boolean"},
    LINES: {"type": "array", "items": {"type": "array", "items": {"type": "string"}}},
    LIST: {"type": "array", "items": {"type": "string"}},
}


def field_schema(f: FieldSpec) -> dict:
    """The schema of a declared field's property, by what it holds."""
    return {**BY_HOLDS[f.holds], "description": f.help.replace("`", ""), "$comment": MADE}


def update_schema(schema: dict, kinds: Iterable[RecordKind] = KINDS) -> dict:
    """``schema`` with a made property for each exported declared field its kind's part
    lacks, and none for a field no longer declared (a copy; ``schema`` is unchanged)."""
    schema = copy.deepcopy(schema)
    for kind in kinds:
        properties = schema["$defs"][kind.schema_part]["properties"]
        # A dotted path ('lobbies.for.count') is inside a property written by hand.
        declared = {f.export_path: f for f in kind.fields
                    if f.export_path and "." not in f.export_path}
        for name in [n for n, p in properties.items()
                     if p.get("$comment") == MADE and n not in declared]:
            del properties[name]
        for name, f in declared.items():
            if name not in properties or properties[name].get("$comment") == MADE:
                properties[name] = field_schema(f)
    return schema


_MADE_LINE = re.compile(r'^ {8}"[a-z0-9_]+": \{.*"\$comment": ' + re.escape(json.dumps(MADE))
                        + r'.*\n', re.M)


def update_schema_text(text: str, kinds: Iterable[RecordKind] = KINDS) -> str:
    """The schema file's ``text`` with its made properties in step (:func:`update_schema`).

    Each made property is one line at the top of its part's properties; the
    lines written by hand are left as they are, so the file changes only
    where a declaration did.
    """
    kinds = tuple(kinds)
    wanted = update_schema(json.loads(text), kinds)
    if wanted == json.loads(text):
        return text
    lines = _MADE_LINE.sub("", text).split("\n")
    start = lines.index('  "$defs": {')
    for kind in kinds:
        properties = wanted["$defs"][kind.schema_part]["properties"]
        at = lines.index(f'    "{kind.schema_part}": {{', start)
        at = lines.index('      "properties": {', at) + 1
        lines[at:at] = [f"        {json.dumps(name)}: {json.dumps(p, ensure_ascii=False)},"
                        for name, p in properties.items() if p.get("$comment") == MADE]
    new = "\n".join(lines)
    if json.loads(new) != wanted:  # the file is not laid out as written: never guess
        raise ValueError("cannot place the made properties in the schema file")
    return new
