"""The ``teiHeader`` of a converted article: what it is, where it came from, how it is encoded.

A reader of the TEI file should be able to cite the exact revision converted (URL,
revision id, page id, timestamp), know the licence (Wikipedia text is CC BY-SA), the
language, and how infobox values were encoded, without looking at anything else.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from typing import Any

from infobox_tools.record import Record
from infobox_tools.writers.tei_common import XML_ID, Context, host_of, make, sub

LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
LICENCE_TEXT = ("Text from Wikipedia (or another Wikimedia project), available under the Creative "
                "Commons Attribution-ShareAlike licence (CC BY-SA 4.0 / 3.0); see the source URL for "
                "the authors.")
ENCODING_NOTE = (
    "Converted by infobox-tools. Each infobox is a table (type=\"infobox\") with one row per field; "
    "row/@n is the canonical field key, the first cell (role=\"label\") the label as displayed, and one "
    "data cell per side (belligerent column) for per-side fields. Cells keep the source's raw text; "
    "typed values are marked up inline where their text occurs (otherwise listed in a note of "
    "type=\"values\"): num/@value or @atLeast/@atMost for numbers and ranges; measure/@quantity (or "
    "@atLeast/@atMost) with @unit for quantities, @type for the category of a count and @corresp to "
    "the group's org; measure type=\"money\" with @unit = currency code; date/@when, @from, @to (W3C) "
    "or @when-iso, @from-iso, @to-iso for years before 1 CE in astronomical numbering; names with "
    "@key = the linked article and @ref into standOff. @subtype holds a qualifier (approximate, at "
    "least, ...); @cert=\"medium\" marks values split or typed by inference rather than by the source."
)
_DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$")
_LANG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
_LANG_NAMES = {
    "en": "English", "simple": "Simple English", "fr": "French", "de": "German", "pt": "Portuguese",
    "bs": "Bosnian", "bg": "Bulgarian", "nn": "Norwegian Nynorsk", "af": "Afrikaans", "fo": "Faroese",
    "ltg": "Latgalian", "ru": "Russian", "ja": "Japanese", "es": "Spanish", "it": "Italian",
    "nl": "Dutch", "pl": "Polish", "zh": "Chinese",
}
_SITE_NAMES = {"wiki": "Wikipedia"}


def language_tag(lang: str | None) -> str | None:
    """``lang`` when it is a valid ``xml:lang`` tag, else ``None``."""
    return lang if lang and _LANG.match(lang) else None


def _today() -> str:
    """Today (UTC), or the day of ``SOURCE_DATE_EPOCH`` when set, for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdecimal():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.UTC).date().isoformat()
    return _dt.datetime.now(_dt.UTC).date().isoformat()


def build_header(ctx: Context, record: Record, *, converted: str | None = None,
                 warnings: list[str] | None = None) -> Any:
    """The ``teiHeader`` for one record; ``converted`` (ISO date) defaults to today (UTC).

    ``warnings`` are the record's warnings plus any the writer added (bad characters).
    """
    src = record.source
    title = ctx.clean(record.title) or "(untitled)"
    header = make("teiHeader")
    file_desc = sub(header, "fileDesc")
    title_stmt = sub(file_desc, "titleStmt")
    sub(title_stmt, "title", title)
    resp_stmt = sub(title_stmt, "respStmt")
    sub(resp_stmt, "resp", "conversion to TEI")
    from infobox_tools import __version__

    sub(resp_stmt, "name", f"infobox-tools {__version__}")

    pub = sub(file_desc, "publicationStmt")
    sub(pub, "publisher", "infobox-tools (automatic conversion)")
    avail = sub(pub, "availability", attrs={"status": "restricted"})
    sub(avail, "licence", LICENCE_TEXT, {"target": LICENCE_URL})
    day = converted or _today()
    sub(pub, "date", day, {"when": day, "type": "conversion"})

    notes = [ctx.clean(w) for w in (warnings or []) if w]
    if notes or record.tables:
        stmt = sub(file_desc, "notesStmt")
        for w in notes:
            sub(stmt, "note", w, {"type": "warning"})
        if record.tables:
            sub(stmt, "note", f"{record.tables} table(s) left out of the prose.", {"type": "tables"})

    source_desc = sub(file_desc, "sourceDesc")
    bibl = sub(source_desc, "bibl", attrs={"type": "encyclopedia-article"})
    sub(bibl, "title", title, {"level": "a"})
    site = _site_name(src.site, ctx.base_url)
    if site:
        sub(bibl, "title", site, {"level": "m"})
    url = ctx.clean(src.url) or ctx.article_url(title)
    if url:
        sub(bibl, "idno", url, {"type": "URI"})
    if src.revision is not None:
        sub(bibl, "idno", str(src.revision), {"type": "revision"})
        if ctx.base_url:
            sub(bibl, "idno", f"{host_of(ctx.base_url)}/w/index.php?oldid={src.revision}",
                {"type": "URI", "subtype": "permalink"})
    if src.page_id is not None:
        sub(bibl, "idno", str(src.page_id), {"type": "pageId"})
    if src.site:
        sub(bibl, "idno", ctx.clean(src.site), {"type": "site"})
    if src.file:
        sub(bibl, "idno", ctx.clean(src.file), {"type": "file"})
    if src.timestamp:
        stamp = ctx.clean(src.timestamp)
        sub(bibl, "date", stamp, {"type": "revision", "when": stamp if _DATETIME.match(stamp) else None})
    if src.form:
        sub(bibl, "note", f"Input form: {src.form}", {"type": "form"})

    enc = sub(header, "encodingDesc")
    decl = sub(enc, "editorialDecl")
    sub(decl, "p", ENCODING_NOTE)

    profile = sub(header, "profileDesc")
    lang = language_tag(src.lang)
    if lang:
        usage = sub(profile, "langUsage")
        sub(usage, "language", _LANG_NAMES.get(lang.lower(), lang), {"ident": lang})
    if ctx.julian:
        cal = sub(profile, "calendarDesc")
        c = sub(cal, "calendar", attrs={XML_ID: ctx.prefix + "julian"})
        sub(c, "p", "Julian calendar (Old Style), as given by the source.")
    if record.categories:
        keywords = sub(sub(profile, "textClass"), "keywords")
        for cat in record.categories:
            sub(keywords, "term", ctx.clean(cat) or "?", {"type": "category"})
    if not len(profile):
        header.remove(profile)
    return header


def _site_name(site: str | None, base: str | None) -> str | None:
    if base and ".wikipedia.org" in base:
        return "Wikipedia, the free encyclopedia"
    if site:
        return site
    return None
