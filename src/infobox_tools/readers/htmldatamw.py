"""Parsoid ``data-mw``: the template call behind a rendered infobox.

Parsoid HTML keeps each transclusion's wikitext call as JSON in ``data-mw`` on the
first element of the transclusion (``typeof="mw:Transclusion"``); the other elements
it produced share its ``about`` id.  From it we take the infobox template's name (the
reliable type, better than guessing from labels) and its parameters, which we match to
rendered rows to set ``Field.param``: by the label's slug ("Industry" -> ``industry``)
or, failing that, by the parameter's visible text (wikitext with links, templates and
tags stripped) being the row's text.
"""

from __future__ import annotations

import json
import re

from lxml import etree

from infobox_tools.readers.htmltext import norm_ws
from infobox_tools.record import Infobox

_FIND_TRANSCLUSION = etree.XPath("//*[@about=$about][contains(@typeof,'mw:Transclusion')][@data-mw]")
_WIKILINK_RE = re.compile(r"\[\[(?:[^\[\]|]*\|)?([^\[\]]*)\]\]")
_TEMPLATE_RE = re.compile(r"\{\{[^{}]*\}\}")
_TAG_RE = re.compile(r"<ref[^>]*/>|<ref[^>]*>.*?</ref>|<[^>]+>|'{2,}|&lt;ref.*?(?:/&gt;|&lt;/ref&gt;)", re.DOTALL)
_SLUG_RE = re.compile(r"[\W_]+", re.UNICODE)
_INFOBOX_WORDS = ("infobox", "taxobox", "info/", "infokutija", "ficha", "infoboks")


def _slug(text: str) -> str:
    return _SLUG_RE.sub("_", text.casefold()).strip("_")


def template_call(root: etree._Element) -> tuple[str, dict[str, str]] | None:
    """(template name, {param: wikitext}) from the Parsoid ``data-mw`` of the infobox."""
    el: etree._Element | None = root
    if "mw:Transclusion" not in (root.get("typeof") or "") or not root.get("data-mw"):
        about = root.get("about")
        found = _FIND_TRANSCLUSION(root, about=about) if about else []
        el = found[0] if found else None
    if el is None:
        return None
    try:
        data = json.loads(el.get("data-mw") or "")
    except (ValueError, TypeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("parts"), list):
        return None
    templates = [p["template"] for p in data.get("parts", []) if isinstance(p, dict)
                 and isinstance(p.get("template"), dict)]
    calls = []
    for t in templates:
        target = t.get("target", {})
        name = target.get("wt") if isinstance(target, dict) else None
        if not isinstance(name, str) or not name.strip() or name.strip().startswith("#"):
            continue
        name = norm_ws(name.replace("_", " "))
        params = {str(k): v.get("wt", "") for k, v in (t.get("params") or {}).items()
                  if isinstance(v, dict) and isinstance(v.get("wt", ""), str)}
        calls.append((name, params))
    if not calls:
        return None
    for name, params in calls:
        low = name.casefold()
        if any(w in low for w in _INFOBOX_WORDS):
            return name, params
    return calls[0]


def _template_text(m: re.Match[str]) -> str:
    """A template's unnamed arguments ({{hlist|a|b}} -> "a b"): what list, URL and
    formatting templates show; other templates give a harmless near-miss."""
    args = m.group(0)[2:-2].split("|")[1:]
    return " ".join(a for a in args if "=" not in a)


def _plain_wt(wt: str) -> str:
    """Rough visible text of a parameter's wikitext, for matching it to a row."""
    text = _WIKILINK_RE.sub(r"\1", _TAG_RE.sub("", wt))
    for _ in range(4):  # innermost templates first
        new = _TEMPLATE_RE.sub(_template_text, text)
        if new == text:
            break
        text = new
    return norm_ws(text.replace("*", " ")).casefold()


def match_params(box: Infobox, params: dict[str, str]) -> None:
    """Set ``Field.param`` where a row's label or text identifies a parameter."""
    by_slug = {_slug(p): p for p in params}
    plain = {p: _plain_wt(wt) for p, wt in params.items()}
    used: set[str] = set()
    for f in box.fields:
        if f.key and f.side is None and f.key in by_slug:
            f.param = by_slug[f.key]
            used.add(f.param)
    for f in box.fields:
        if f.param or not f.raw:
            continue
        raw = norm_ws(f.raw).casefold()
        exact = [p for p, t in plain.items() if p not in used and t and t == raw]
        if len(exact) == 1:
            f.param = exact[0]
            used.add(exact[0])
            continue
        near = [p for p, t in plain.items() if p not in used and len(t) >= 4 and t in raw]
        if len(near) == 1:
            f.param = near[0]
            used.add(near[0])
