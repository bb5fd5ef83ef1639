"""The template renderers and the tables that name them.

Why a module of its own: this is the growing half of template rendering (one
renderer per template family); the walker (:mod:`wikiwalk`), value cleaning
(:mod:`wikitemplates`) and the name lists (:mod:`wikinames`) stay apart from it.

Each renderer is a small pure function of the template node returning a
:class:`Rendered`; arguments are rendered recursively through :func:`render_inline`,
so ``{{nowrap|{{convert|…}}}}`` works.  :data:`RENDERERS` maps a folded name to its
renderer; :data:`PREFIX_RENDERERS`/:data:`SUFFIX_RENDERERS` cover families.  An
unknown template is never silently dropped: :func:`render_unknown` warns and keeps
its only positional argument (none when it has several: see there why).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache

from mwparserfromhell.wikicode import Wikicode

from infobox_tools.readers.wikidates import (
    ArgsRenderer,
    as_of,
    convert,
    coord,
    date_renderer,
    date_template,
    dmy_args,
    dts,
    frac,
    height,
    money,
    shown_date,
    year_age,
)
from infobox_tools.readers.wikinames import (
    CITE_KEYS,
    CONSTANT_TEXT,
    COUNTRY_ALIASES,
    CURRENCIES,
    DATE_TEMPLATES,
    EXCHANGES,
    IPA_LABELS,
    MARRIAGE_END_WORDS,
    QUOTE_SLOTS,
    QUOTE_TEMPLATES,
    SHOW_FIRST,
    SHOW_SECOND,
    VALUE_DROP,
)
from infobox_tools.readers.wikiwalk import (
    LIST_TEMPLATES,
    Args,
    Rendered,
    Renderer,
    TemplateNode,
    collapse,
    fold_name,
    list_text,
    make_args,
    plain,
)
from infobox_tools.readers.wikiwalk import render_code as _render_code
from infobox_tools.record import Value

# ------------------------------------------------------------------------- render

def render_inline(template: TemplateNode) -> Rendered:
    """Render one template as a reader sees it, with the typed values it carries."""
    key = fold_name(str(template.name))
    fn = RENDERERS.get(key)
    if fn is None:
        fn = family_renderer(key)
    if fn is None:
        return render_unknown(template, key)
    try:
        return fn(template)
    except (ValueError, IndexError, KeyError, ZeroDivisionError, OverflowError) as exc:
        r = render_unknown(template, key)
        r.warnings = [f"template {key!r} not understood: {exc}"]
        return r


def family_renderer(key: str) -> Renderer | None:
    """Renderers for whole families by prefix (``lang-fr``, ``flagicon image``) or suffix
    (``Pakistan Peoples Party/meta/color``)."""
    for prefix, fn in PREFIX_RENDERERS:
        if key.startswith(prefix):
            return fn
    for suffix, fn in SUFFIX_RENDERERS:
        if key.endswith(suffix):
            return fn
    return None


def render_code(code: Wikicode) -> Rendered:
    """Wikicode (an argument, a link's text) rendered as one piece of text."""
    return _render_code(code, render_inline)


def _args(t: TemplateNode) -> Args:
    return make_args(t, render_inline)


def _with_args(fn: ArgsRenderer) -> Renderer:
    """A renderer of (template, rendered arguments) as a renderer of the template."""
    def render(t: TemplateNode) -> Rendered:
        return fn(t, _args(t))
    return render


# ================================================================ basic renderers

def _empty(t: TemplateNode) -> Rendered:
    """Templates that show nothing in a value (footnotes, maintenance tags, icons)."""
    return Rendered("")


def _const(text: str) -> Renderer:
    def render(t: TemplateNode) -> Rendered:
        return Rendered(text)
    return render


def _arg(i: int) -> Renderer:
    """Templates that show one argument as it is (``{{nowrap|…}}``, ``{{lang|fr|…}}``)."""
    def render(t: TemplateNode) -> Rendered:
        a = _args(t)
        if i < len(a.pos):
            r = a.pos[i]
            return Rendered(r.text, r.values, a.warnings, r.links)
        return Rendered(a.n("text"), [], a.warnings)
    return render


def _last_arg(t: TemplateNode) -> Rendered:
    a = _args(t)
    r = a.pos[-1] if a.pos else Rendered("")
    return Rendered(r.text, r.values, a.warnings, r.links)


def render_unknown(t: TemplateNode, key: str | None = None) -> Rendered:
    """A template we do not know: warn, and keep its only positional argument.

    One argument is nearly always the text shown.  With two or more nothing is kept: such a template
    often looks a value up by key (``{{SPFL-stadiums|Raith Rovers|capacity}}`` shows a capacity, not
    a club) or expands codes (``{{Lbc|D|IB1}}`` shows "D-class (IB1)"), so no argument is safely the
    value; the warning names the template, for a renderer to be added."""
    name = collapse(str(t.name))
    key = key if key is not None else fold_name(name)
    if ":" in key and not key.startswith("#"):
        magic, _, rest = name.partition(":")
        fn = _MAGIC.get(magic.strip().lower())
        if fn is not None:
            return Rendered(fn(collapse(plain(rest, render_inline))))
    if key.startswith("#"):
        name = name.split(":", 1)[0]
    a = _args(t)
    warnings = [f"unknown template: {name}"] + a.warnings
    if len(a.pos) == 1 and not key.startswith("#"):
        r = a.pos[0]
        return Rendered(r.text, r.values, warnings, r.links)
    return Rendered("", [], warnings)


_MAGIC: dict[str, Callable[[str], str]] = {
    "formatnum": lambda s: s, "lc": str.lower, "uc": str.upper, "lcfirst": lambda s: s[:1].lower() + s[1:],
    "ucfirst": lambda s: s[:1].upper() + s[1:], "padleft": lambda s: s.split("|")[0],
}



def _country(a: Args) -> str:
    name = a.n("name") or a.p(0)
    return COUNTRY_ALIASES.get(name.lower(), name)


def _flag(t: TemplateNode) -> Rendered:
    a = _args(t)
    name = _country(a)
    return Rendered(name, [], a.warnings, [(name, name)] if name else [])


def _flag_unlinked(t: TemplateNode) -> Rendered:
    a = _args(t)
    return Rendered(_country(a), [], a.warnings)


def _ticker(t: TemplateNode) -> Rendered:
    name = EXCHANGES[fold_name(str(t.name))]
    a = _args(t)
    sym = a.p(0)
    return Rendered(f"{name}: {sym}" if sym else name, [], a.warnings)


def _nihongo(t: TemplateNode) -> Rendered:
    a = _args(t)
    english, kanji, romaji = a.p(0), a.p(1), a.p(2)
    inner = ", ".join(x for x in (kanji, romaji) if x)
    head = english or ""
    text = f"{head} ({inner})" if head and inner else head or inner
    links = a.pos[0].links if a.pos else []
    return Rendered(text, [], a.warnings, links)


def _sortname(t: TemplateNode) -> Rendered:
    a = _args(t)
    text = collapse(f"{a.p(0)} {a.p(1)}")
    if "nolink" in a.named:
        return Rendered(text, [], a.warnings)
    return Rendered(text, [], a.warnings, [(text, a.p(2) or text)])


_SCHEME_RE = re.compile(r"^(?:https?:)?//")
_LANG_CODE_RE = re.compile(r"^[a-z]{2,3}(?:-[a-z]{2,8})*$")
_YEAR_RE = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")
_HAS_SCHEME_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def _url(t: TemplateNode) -> Rendered:
    a = _args(t)
    url = a.p(0)
    if not url:
        return Rendered("", [], a.warnings)
    shown = a.p(1) or _SCHEME_RE.sub("", url).rstrip("/")
    address = url if _HAS_SCHEME_RE.match(url) else f"http://{url}"  # as {{URL}} links it
    return Rendered(shown, [Value(kind="url", text=url, url=address)], a.warnings)


def _marriage(t: TemplateNode) -> Rendered:
    """``{{marriage|Jane Doe|1990|2000|end=div.}}`` -> "Jane Doe (m. 1990; div. 2000)"."""
    a = _args(t)
    name = a.pos[0] if a.pos else Rendered("")
    start, end = a.p(1), a.p(2)
    text = name.text
    if start:
        tail = f"m. {start}"
        if end:
            tail += f"; {MARRIAGE_END_WORDS.get(a.n('end').lower(), a.n('end') or 'div.')} {end}"
        text = f"{text} ({tail})" if text else f"({tail})"
    return Rendered(text, [], a.warnings, name.links)


def _circa(t: TemplateNode) -> Rendered:
    a = _args(t)
    return Rendered(f"c. {a.p(0)}" if a.p(0) else "c. ", [], a.warnings)


def _ill(t: TemplateNode) -> Rendered:
    a = _args(t)
    target = a.p(0)
    shown = a.n("lt") or target
    return Rendered(shown, [], a.warnings, [(shown, target)] if target else [])


def _join_args(t: TemplateNode) -> Rendered:
    """Templates that show all their positional arguments in a row (``{{linktext|a|b}}``)."""
    a = _args(t)
    return Rendered("".join(a.texts), [], a.warnings, [lk for r in a.pos for lk in r.links])


def _join_with(sep: str) -> Renderer:
    """Templates that show their arguments joined (``{{based on|Work|Author}}`` -> "Work by Author")."""
    def render(t: TemplateNode) -> Rendered:
        a = _args(t)
        return Rendered(sep.join(x for x in a.texts if x), [], a.warnings, [lk for r in a.pos for lk in r.links])
    return render


def _list(t: TemplateNode) -> Rendered:
    """A list template in running text: items joined by commas."""
    return list_text(t, render_inline)


# ------------------------------------------------------- prose-like families

#: A renderer of the folded name and argument texts alone (the prose reader calls it without a parse).
TextRenderer = Callable[[str, list[str], Mapping[str, str]], str]
_TEXT_FNS: dict[Renderer, TextRenderer] = {}


def _text(fn: TextRenderer) -> Renderer:
    def render(t: TemplateNode) -> Rendered:
        a = _args(t)
        text = fn(fold_name(str(t.name)), a.texts, {k: r.text for k, r in a.named.items()})
        return Rendered(text, [], a.warnings, [lk for r in [*a.pos, *a.named.values()] for lk in r.links])
    _TEXT_FNS[render] = fn
    return render


@lru_cache(maxsize=4096)
def text_renderer(key: str) -> TextRenderer | None:
    """The text form of the renderer :func:`render_inline` uses for ``key`` (folded), if it has one."""
    fn = RENDERERS.get(key) or family_renderer(key)
    return _TEXT_FNS.get(fn) if fn is not None else None


def ipa_text(key: str, pos: list[str], named: Mapping[str, str]) -> str:
    """``{{IPAc-en|t|ɵ|ˈ|r|ɒ|n|t|oʊ}}`` -> "/tɵˈrɒntoʊ/" (``_`` a space, labels such as "local" skipped);
    ``{{IPA-fr|kʁisteva}}``, ``{{IPA|fr|kʁisteva}}`` -> "[kʁisteva]"; ``{{IPA|/x/}}`` as written."""
    if key.startswith("ipac"):
        sounds = "".join(x for x in pos if x.strip().lower() not in IPA_LABELS).replace("_", " ").strip()
        return f"/{sounds}/" if sounds else ""
    coded = key == "ipa" and len(pos) >= 2 and _LANG_CODE_RE.match(pos[0].strip()) is not None
    text = (pos[1] if coded else pos[0] if pos else "").strip()
    return f"[{text}]" if (coded or key != "ipa") and text and text[0] not in "/[" else text


def quote_text(key: str, pos: list[str], named: Mapping[str, str]) -> str:
    """``{{quote|text|author|title|source}}`` (and kin) -> "text — author, title, source"."""
    slots = QUOTE_SLOTS.get(key, (0, 1, 2, 3))

    def get(names: tuple[str, ...], slot: int) -> str:
        default = pos[slot] if 0 <= slot < len(pos) else ""
        return next((named[n] for n in names if named.get(n, "").strip()), default).strip()

    text = get(("text", "quote"), slots[0])
    sign = ", ".join(s for s in (get(("author", "sign", "cite", "character"), slots[1]),
                                 get(("title", "work"), slots[2]), get(("source", "publication"), slots[3])) if s)
    return f"{text} — {sign}" if text and sign else text


def citation_line(key: str, pos: list[str], named: Mapping[str, str]) -> str:
    """A citation outside ``<ref>`` ("Further reading"): "Author (year). Title. Work. Publisher."."""
    got = {k: next((named[n] for n in names if named.get(n, "").strip()), "") for k, names in CITE_KEYS.items()}
    author = got["author"] + (", " + got["first"] if got["author"] and got["first"] else "")
    year = _YEAR_RE.search(got["year"])
    head = author + (f" ({year.group(1)})" if year else "")
    parts = [p.strip().rstrip(".") for p in (head, got["title"], got["work"], got["publisher"]) if p.strip()]
    return ". ".join(parts) + "." if parts else ""


_ipa, _quote, _citation = _text(ipa_text), _text(quote_text), _text(citation_line)
_chem = _text(lambda key, pos, named: "".join(pos))  # {{chem|H|2|O}}: the arguments in a row


# -------------------------------------------------------------------------- tables


_start_date = _with_args(date_renderer())
_died_date = _with_args(date_renderer(died=True))
_birth_year = _with_args(year_age(False))
_death_year = _with_args(year_age(True))
_dmy_args = _with_args(dmy_args)
_shown_date = _with_args(shown_date)
_dts = _with_args(dts)
_convert = _with_args(convert)
_money = _with_args(money)
_coord = _with_args(coord)
_height = _with_args(height)
_frac = _with_args(frac)

RENDERERS: dict[str, Renderer] = {}
RENDERERS.update({n: _empty for n in VALUE_DROP})
RENDERERS.update({n: _arg(0) for n in SHOW_FIRST})
RENDERERS.update({n: _arg(1) for n in SHOW_SECOND})
RENDERERS.update({n: _start_date for n in DATE_TEMPLATES})
RENDERERS.update({
    "death date and age": _died_date, "dda": _died_date, "death-date and age": _died_date,
    "birth year and age": _birth_year, "death year and age": _death_year, "byae": _birth_year, "datum": _dmy_args,
    "date de naissance": _dmy_args, "date de décès": _dmy_args, "date-": _dmy_args, "colorbox": _empty,
    "color box": _empty, "note": _empty, "based on": _join_with(" by "), "birth-date": _shown_date,
    "death-date": _shown_date, "birth-date and age": _shown_date, "dts": _dts, "dtsort": _dts, "sort date": _dts,
    "flag": _flag, "flagcountry": _flag, "flag country": _flag, "flagcountry2": _flag, "flagg": _flag,
    "flagu": _flag_unlinked, "flag u": _flag_unlinked, "convert": _convert, "cvt": _convert,
    "convert/spell": _convert, "coord": _coord, "coor": _coord, "coor d": _coord, "coor dm": _coord,
    "coor dms": _coord, "nihongo": _nihongo, "nihongo2": _arg(0), "sortname": _sortname, "url": _url,
    "official url": _url, "official website": _url, "marriage": _marriage, "married": _marriage, "circa": _circa,
    "c.": _circa, "ca.": _circa, "ill": _ill, "interlanguage link": _ill, "interlanguage link multi": _ill,
    "ill-wd": _ill, "abbr": _arg(0), "transl": _last_arg, "transliteration": _last_arg, "height": _height,
    "linktext": _join_args, "koördinate": _coord, "koordinate": _coord, "coordinate": _coord, "longitem": _arg(0),
    "baseball year": _arg(0), "by": _arg(0), "nastaliq": _arg(0), "script": _arg(1), "map caption": _empty,
    "ipa": _ipa, "chem": _chem, "chem2": _arg(0), "as of": _with_args(as_of), "frac": _frac, "sfrac": _frac,
    "fraction": _frac, "date": _with_args(date_template), "lien web": _citation, "ouvrage": _citation,
    "article": _citation, "internetquelle": _citation, "literatur": _citation,
})
RENDERERS.update({n: _quote for n in QUOTE_TEMPLATES})
RENDERERS.update({n: _const(s) for n, s in CONSTANT_TEXT.items()})
RENDERERS.update({n: _money for n in CURRENCIES})
RENDERERS.update({n: _ticker for n in EXCHANGES})
RENDERERS.update({n: _list for n in LIST_TEMPLATES})

#: Families by name prefix, tried in order when the exact name is not in RENDERERS.
PREFIX_RENDERERS: tuple[tuple[str, Renderer], ...] = (
    ("lang-", _arg(0)), ("efn", _empty), ("sfn", _empty), ("cite", _citation), ("citation", _citation),
    ("vcite", _citation), ("citar", _citation), ("cita ", _citation), ("ipac", _ipa), ("ipa-", _ipa),
    ("pp-", _empty), ("use ", _empty), ("flagicon", _empty), ("flagdeco", _empty), ("engvar", _empty),
    ("harv", _empty), ("respell", _arg(0)), ("#tag:ref", _empty),
    ("dmy", _empty), ("mdy", _empty), ("track listing", _empty),
)

#: Families by name suffix: party colour helpers show a colour swatch, not text.
SUFFIX_RENDERERS: tuple[tuple[str, Renderer], ...] = (
    ("/meta/color", _empty), ("/meta/colour", _empty), (" icon", _empty),
)
