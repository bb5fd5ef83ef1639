"""What the fuzz targets share with the replay test (tests/test_hostile.py).

Bytes become text with ``surrogateescape``: valid UTF-8 reads as itself, and every invalid
byte becomes a lone surrogate (``\\udc80``-``\\udcff``), so the fuzzer reaches the readers
with surrogates too.  Replaying a saved input needs only this function, not atheris.
"""

from __future__ import annotations

from infobox_tools import api
from infobox_tools.errors import InfoboxToolsError


def to_text(data: bytes) -> str:
    """The text a fuzz input stands for."""
    return data.decode("utf-8", "surrogateescape")


def run(data: bytes, form: str) -> None:
    """Parse one input: a Record or our own error is fine; anything else propagates and is
    a crash for the fuzzer (it saves the input to fuzz/crashes/<form>/)."""
    text = to_text(data)
    try:
        record = api.parse(text, form=form)
    except InfoboxToolsError:
        return
    record.to_dict()
