"""Readers: one module per input form, each turning text into a raw :class:`Record`.

A reader knows its input form and nothing about output.  Every reader module has

    read(text: str, *, title: str | None = None, source: Source | None = None) -> Record

and returns a *raw* record: fields carry the label/parameter name as the source
gives them, a provisional ``key`` (the parameter name without its side number, or a
slug of the label), the raw text, and text values split into items (with link
targets, dates and other hints where the form gives them).  The normalisers
(:mod:`infobox_tools.normalize`) then set canonical keys and typed values.

Modules are imported lazily so that ``convert`` of one pipe-text file does not pay
for lxml or mwparserfromhell.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable

from infobox_tools.errors import ParseError
from infobox_tools.record import Record, Source

FORMS = ("pipetext", "wikitext", "html")

_EXTENSIONS = {
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".wiki": "wikitext", ".wikitext": "wikitext", ".mediawiki": "wikitext",
}

_HTML_RE = re.compile(
    r"^\s*(?:<!DOCTYPE\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<table[\s>]|<div[\s>]|<section[\s>])", re.I)
_WIKITEXT_RE = re.compile(
    r"\{\{\s*[^{}|\n]{1,80}(?:\||\}\})"  # a template
    r"|^\s*#REDIRECT|^=+[^=\n]+=+\s*$"  # a redirect, a heading
    r"|\[\[[^\[\]\n]+\]\]|^\s*\{\|",  # a link, a table
    re.I | re.M)
_PIPE_ROW_RE = re.compile(r"^\|?\s*-{3,}\s*\|(?:\s*-{3,}\s*\|?)*\s*$", re.M)


def detect_form(text: str, filename: str | None = None) -> str:
    """Guess the input form from a file name's extension, then from the content.

    HTML if it starts like an HTML document or fragment; pipe text if it has a
    Markdown-style separator row (``---|---``) and no wikitext markup before it;
    wikitext if it has template, link or heading markup; pipe text otherwise (plain
    prose is read as pipe text with no table).
    """
    if filename:
        for ext, form in _EXTENSIONS.items():
            if filename.lower().endswith(ext):
                return form
    head = text[:4096]
    if _HTML_RE.search(head):
        return "html"
    sep = _PIPE_ROW_RE.search(text[:200_000])
    wiki = _WIKITEXT_RE.search(text[:200_000])
    if sep and (wiki is None or sep.start() < wiki.start()):
        return "pipetext"
    if wiki:
        return "wikitext"
    return "pipetext"


def get_reader(form: str) -> Callable[..., Record]:
    """The ``read`` function of the reader for ``form``."""
    if form not in FORMS:
        raise ParseError(f"unknown input form {form!r} (known: {', '.join(FORMS)})")
    module = importlib.import_module(f"infobox_tools.readers.{form}")
    reader: Callable[..., Record] = module.read
    return reader


def read(text: str, *, form: str = "auto", title: str | None = None,
         source: Source | None = None, filename: str | None = None) -> Record:
    """Read ``text`` in ``form`` (or detect it) into a raw record."""
    if form == "auto":
        form = detect_form(text, filename)
    source = source or Source()
    source.form = form
    return get_reader(form)(text, title=title, source=source)
