"""Reading one article in every form and comparing the main infoboxes (helpers, no tests).

Shared by ``test_agreement.py`` (the agreement tests) and
``test_agreement_known_differences.py`` (why some fields may differ).  An article is parsed
with :func:`infobox_tools.api.parse` from each of its forms: wikitext, HTML and the pipe
text of two trafilatura versions ("pipe-1.12", "pipe-2.2").  ``field_map`` reduces the main
infobox to ``(key, side) -> value signatures`` and ``compare`` counts the fields two forms
agree on.  A value signature holds what must agree across forms: kind, number/low/high,
date/start/end, unit, category; names by text; free text by kind only, since renderings
differ in spacing and footnote marks.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from infobox_tools.api import parse
from infobox_tools.record import Record, Value

Sig = tuple[Any, ...]
FieldId = tuple[str, "int | None"]

API_ARTICLES = ["frwiki_Alexandros_Ioannis_Ginnis", "frwiki_Calvi", "simplewiki_Albert_Einstein",
                "enwikiversity_Albert_Einstein"]
PIPE_VERSIONS = {"pipe-1.12": "trafilatura-1.12.2", "pipe-2.2": "trafilatura-2.2.0"}
API_PAIRS = [("wikitext", "html"), ("wikitext", "pipe-1.12"), ("wikitext", "pipe-2.2"),
             ("html", "pipe-1.12"), ("html", "pipe-2.2"), ("pipe-1.12", "pipe-2.2")]


def value_sig(v: Value) -> Sig:
    """What must agree about one value across forms."""
    if v.kind == "name":
        return ("name", _text(v.text))
    if v.kind in ("text", "image", "url", "coordinates"):
        return (v.kind,)
    return (v.kind, v.number, v.low, v.high, v.date, v.start, v.end, v.unit, v.category)


def _text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def field_map(record: Record) -> tuple[str | None, dict[FieldId, list[Sig]]]:
    """The main infobox's type and its fields as ``(key, side) -> value signatures``."""
    box = record.infobox
    if box is None:
        return None, {}
    out: dict[FieldId, list[Sig]] = {}
    for f in box.fields:
        if not f.values:  # an empty parameter ("taille = {{taille|m=}}") renders nothing
            continue
        sigs = out.setdefault((f.key, f.side), [])
        for v in f.values:
            sig = value_sig(v)
            if sig == ("text",) and sig in sigs:
                continue  # free text is compared by kind: line breaks are the rendering's
            sigs.append(sig)
    # Several parameters can share a key (région, canton ... are subdivision_name): their
    # order is the template's layout, not data.
    return box.type, {fid: sorted(sigs, key=repr) for fid, sigs in out.items()}


def compare(a: Record, b: Record) -> tuple[int, int, dict[FieldId, str]]:
    """(fields matching, fields in the union, differing fields -> what differs)."""
    type_a, fa = field_map(a)
    type_b, fb = field_map(b)
    diffs: dict[FieldId, str] = {}
    if type_a != type_b:
        diffs[("<type>", None)] = f"{type_a} != {type_b}"
    union = set(fa) | set(fb)
    for fid in union:
        if fid not in fa:
            diffs[fid] = "only in second"
        elif fid not in fb:
            diffs[fid] = "only in first"
        elif fa[fid] != fb[fid]:
            diffs[fid] = f"values {fa[fid]} != {fb[fid]}"
    matching = len(union) - sum(1 for fid in diffs if fid[0] != "<type>")
    return matching, len(union), diffs


# --- loading -------------------------------------------------------------------------

@cache
def api_records(corpus: Path, stem: str) -> dict[str, Record]:
    """One enterprise_api article parsed from each of its forms."""
    data = json.loads((corpus / "html" / "enterprise_api" / f"{stem}.json").read_text(encoding="utf-8"))
    title, lang = data["name"], data["in_language"]["identifier"]
    body = data["article_body"]
    out = {form: parse(body[form], form=form, title=title, lang=lang) for form in ("wikitext", "html")}
    for name, folder in PIPE_VERSIONS.items():
        text = (corpus / "pipetext" / folder / f"{stem}.txt").read_text(encoding="utf-8")
        out[name] = parse(text, form="pipetext", title=title, lang=lang)
    return out


def html_stems(corpus: Path) -> list[str]:
    """Stems of the enterprise_parser HTML pages that also exist as pipe text."""
    html = {p.stem for p in (corpus / "html" / "enterprise_parser" / "testdata").glob("*.html")}
    pipe = {p.stem for p in (corpus / "pipetext" / PIPE_VERSIONS["pipe-1.12"]).glob("*.txt")}
    return sorted(html & pipe)


@cache
def page_records(corpus: Path, stem: str) -> dict[str, Record]:
    """One enterprise_parser page parsed as HTML and as pipe text (language from the HTML)."""
    html = parse((corpus / "html" / "enterprise_parser" / "testdata" / f"{stem}.html").read_text(encoding="utf-8"),
                 form="html", title=stem)
    out = {"html": html}
    for name, folder in PIPE_VERSIONS.items():
        text = (corpus / "pipetext" / folder / f"{stem}.txt").read_text(encoding="utf-8")
        out[name] = parse(text, form="pipetext", title=stem, lang=html.source.lang)
    return out
