"""The shipped JSON Schema: what it rejects, and that every record the readers make of the
real corpus fits it and round-trips through JSON.

A failure over the corpus usually means a reader or normaliser bug, not a writer bug.
Hand-built records come from test_json_writer.py, the corpus's from the ``real_records``
fixture (conftest.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from infobox_tools.record import Record
from infobox_tools.writers.json import load_schema, record_to_json
from test_json_writer import reference_record


def test_schema_rejects_what_records_cannot_be(validate_json: Callable[[Any], None]) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(load_schema())
    good = reference_record().to_dict()
    assert validator.is_valid(good)

    def broken(change: Callable[[dict[str, Any]], None]) -> bool:
        data = json.loads(json.dumps(good))
        change(data)
        return not validator.is_valid(data)

    def value(d: dict) -> dict:
        return d["infoboxes"][0]["fields"][7]["values"][0]

    assert broken(lambda d: value(d).update(number="100000"))  # numbers are numbers
    assert broken(lambda d: value(d).update(kind="strength"))  # kinds are an enum
    assert broken(lambda d: value(d).update(colour="red"))  # no unknown attributes
    assert broken(lambda d: value(d).update(latitude=45.0))  # a count has no coordinates
    assert broken(lambda d: value(d).update(date="2023", precision="decade"))  # precisions are an enum
    assert broken(lambda d: value(d).pop("category"))  # a count needs its category
    assert broken(lambda d: d["infoboxes"][0]["fields"][0].update(side=0))
    assert broken(lambda d: d.update(extra=1))
    assert broken(lambda d: d["source"].update(form="pdf"))
    assert broken(lambda d: d["infoboxes"][0]["fields"][0]["values"].append(
        {"kind": "date", "text": "x", "date": "11 August 1945"}))
    assert load_schema() is not load_schema()  # callers get their own copy


def test_real_corpus_records_validate_and_round_trip(real_records: list[Record]) -> None:
    """Every record the readers make of the corpus fits the schema and round-trips.

    Failures are gathered over the whole corpus (file and first error each), since a
    schema failure here usually means a reader or normaliser bug, not a writer bug.
    """
    import jsonschema

    validator = jsonschema.Draft202012Validator(load_schema())
    assert sum(1 for r in real_records if r.infoboxes) >= 20
    problems = []
    for record in real_records:
        data = json.loads(record_to_json(record))
        assert Record.from_dict(data) == record
        errors = list(validator.iter_errors(data))
        if errors:
            first = errors[0]
            problems.append(f"{record.source.file}: {len(errors)} error(s), first at "
                            f"{'/'.join(map(str, first.path))}: {first.message}")
    assert not problems, f"{len(problems)} of {len(real_records)} records do not fit the schema:\n" + (
        "\n".join(problems[:15]))
