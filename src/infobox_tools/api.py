"""The Python API: parse text or a file into a normalised :class:`Record`.

The CLI calls exactly these functions.
"""

from __future__ import annotations

import os
from pathlib import Path

from infobox_tools.errors import InputError
from infobox_tools.record import Record, Source


def parse(text: str, *, form: str = "auto", title: str | None = None, lang: str | None = None,
          source: Source | None = None, filename: str | None = None) -> Record:
    """Read ``text`` (pipe text, wikitext or HTML; ``form="auto"`` detects it) into a
    normalised record: canonical keys and typed values.

    ``lang`` is the article's language (number formats, localised labels); when not
    given it comes from the source (HTML ``lang``, dump site info), else English.
    """
    from infobox_tools.normalize import normalize
    from infobox_tools.readers import read

    source = source or Source()
    if lang and not source.lang:
        source.lang = lang
    raw = read(text, form=form, title=title, source=source, filename=filename)
    return normalize(raw, lang=lang)


def read_text_file(path: str | os.PathLike[str]) -> str:
    """Read a file as UTF-8 (a BOM is dropped), with one-line errors for the usual mistakes."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError("no such file", file=name)
    if p.is_dir():
        raise InputError("is a directory, not a file (use 'infobox-tools batch' for folders)", file=name)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=name) from None
    return decode(data, name)


_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 input strictly (UTF-16 and UTF-32 with a BOM too); empty input is an error.

    Text that is mostly NUL characters is UTF-16/32 without a byte-order mark or not text
    at all: an error, not a record of NULs.
    """
    if data.startswith(_UTF32_BOMS):
        try:
            text = data.decode("utf-32")
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid UTF-32 (byte {exc.start})", file=name) from None
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid UTF-16 (byte {exc.start})", file=name) from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})",
                             file=name) from None
    if not text.strip():
        raise InputError("empty file", file=name)
    if text.count("\x00") * 4 > len(text):
        raise InputError("mostly NUL bytes: UTF-16/UTF-32 without a byte-order mark, or not text", file=name)
    return text


def parse_file(path: str | os.PathLike[str], *, form: str = "auto", lang: str | None = None,
               title: str | None = None) -> Record:
    """Read one file (pipe text, wikitext or HTML) into a normalised record."""
    text = read_text_file(path)
    name = str(path)
    source = Source(file=name)
    try:
        return parse(text, form=form, title=title, lang=lang, source=source, filename=name)
    except InputError:
        raise
    except Exception as exc:  # a reader bug must still name the file
        from infobox_tools.errors import ParseError

        if isinstance(exc, ParseError):
            if exc.file is None:
                exc.file = name
            raise
        raise ParseError(f"cannot parse: {type(exc).__name__}: {exc}", file=name) from exc
