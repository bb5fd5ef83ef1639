"""The template renderers and the tables that name them.

Why a module of its own: this is the data-heavy half of template rendering
(300+ template names, currencies, exchanges, country codes) and the part that
grows as new wikis are read; the walker (:mod:`wikiwalk`) and value cleaning
(:mod:`wikitemplates`) stay small and stable beside it.

Each renderer is a small pure function of the template node returning a
:class:`Rendered`; argument text is rendered recursively through
:func:`render_inline` (nested templates, links), so ``{{nowrap|{{convert|…}}}}``
works.  :data:`RENDERERS` maps a folded template name to its renderer;
:data:`PREFIX_RENDERERS` and :data:`SUFFIX_RENDERERS` cover whole families.  A
template no table knows is never silently dropped: :func:`render_unknown` adds
"unknown template: NAME" to the warnings and keeps its only positional argument.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from mwparserfromhell.nodes import Template
from mwparserfromhell.wikicode import Wikicode

from infobox_tools.readers.wikidates import (
    CURRENCIES,
    ArgsRenderer,
    convert,
    coord,
    date_renderer,
    dmy_args,
    dts,
    height,
    money,
    shown_date,
    year_age,
)
from infobox_tools.readers.wikiwalk import (
    LIST_TEMPLATES,
    Args,
    Rendered,
    Renderer,
    Walker,
    collapse,
    fold_name,
    list_items,
    make_args,
    plain,
)
from infobox_tools.readers.wikiwalk import render_code as _render_code
from infobox_tools.record import Value

# ------------------------------------------------------------------------- render

def render_inline(template: Template) -> Rendered:
    """Render one template as a reader sees it, with the typed values it carries."""
    key = fold_name(str(template.name))
    fn = RENDERERS.get(key)
    if fn is None:
        fn = _prefixed(key)
    if fn is None:
        return render_unknown(template, key)
    try:
        return fn(template)
    except (ValueError, IndexError, KeyError, ZeroDivisionError, OverflowError) as exc:
        r = render_unknown(template, key)
        r.warnings = [f"template {key!r} not understood: {exc}"]
        return r


def _prefixed(key: str) -> Renderer | None:
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


def _args(t: Template) -> Args:
    return make_args(t, render_inline)


def _with_args(fn: ArgsRenderer) -> Renderer:
    """A renderer of (template, rendered arguments) as a renderer of the template."""
    def render(t: Template) -> Rendered:
        return fn(t, _args(t))
    return render


# ================================================================ basic renderers

def _empty(t: Template) -> Rendered:
    """Templates that show nothing in a value (footnotes, maintenance tags, icons)."""
    return Rendered("")


def _const(text: str) -> Renderer:
    def render(t: Template) -> Rendered:
        return Rendered(text)
    return render


def _arg(i: int) -> Renderer:
    """Templates that show one argument as it is (``{{nowrap|…}}``, ``{{lang|fr|…}}``)."""
    def render(t: Template) -> Rendered:
        a = _args(t)
        if i < len(a.pos):
            r = a.pos[i]
            return Rendered(r.text, r.values, a.warnings, r.links)
        return Rendered(a.n("text"), [], a.warnings)
    return render


def _last_arg(t: Template) -> Rendered:
    a = _args(t)
    r = a.pos[-1] if a.pos else Rendered("")
    return Rendered(r.text, r.values, a.warnings, r.links)


def render_unknown(t: Template, key: str | None = None) -> Rendered:
    """A template we do not know: warn, and keep its only positional argument."""
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

# ----------------------------------------------------------------------------- flags

_COUNTRY_ALIASES = {
    "usa": "United States", "us": "United States", "uk": "United Kingdom", "gbr": "United Kingdom",
    "ussr": "Soviet Union", "urs": "Soviet Union", "prc": "China", "roc": "Taiwan", "rus": "Russia",
    "ger": "Germany", "fra": "France", "jpn": "Japan", "can": "Canada", "aus": "Australia", "ita": "Italy",
    "esp": "Spain", "nor": "Norway", "swe": "Sweden", "den": "Denmark", "ned": "Netherlands",
    "uae": "United Arab Emirates", "drc": "Democratic Republic of the Congo", "nzl": "New Zealand",
    "rsa": "South Africa", "bra": "Brazil", "arg": "Argentina", "mex": "Mexico", "ind": "India",
    "pak": "Pakistan", "kor": "South Korea", "prk": "North Korea", "sco": "Scotland", "wal": "Wales",
    "eng": "England", "irl": "Ireland", "chn": "China", "fro": "Faroe Islands", "isl": "Iceland",
    "fin": "Finland", "pol": "Poland", "sui": "Switzerland", "aut": "Austria", "bel": "Belgium",
    "por": "Portugal", "gre": "Greece", "tur": "Turkey", "egy": "Egypt", "isr": "Israel", "iri": "Iran",
    "empire of japan": "Empire of Japan", "nazi germany": "Nazi Germany",
}


def _country(a: Args) -> str:
    name = a.n("name") or a.p(0)
    return _COUNTRY_ALIASES.get(name.lower(), name)


def _flag(t: Template) -> Rendered:
    a = _args(t)
    name = _country(a)
    return Rendered(name, [], a.warnings, [(name, name)] if name else [])


def _flag_unlinked(t: Template) -> Rendered:
    a = _args(t)
    return Rendered(_country(a), [], a.warnings)


# ------------------------------------------------------------------------- tickers

_EXCHANGES: dict[str, str] = {k.lower(): k for k in (
    "NYSE", "NASDAQ", "LSE", "TYO", "TSX", "TSXV", "ASX", "HKEX", "SEHK", "BSE", "NSE", "KRX", "SIX", "FWB",
    "OSE", "OMX", "BMAD", "BIT", "SGX", "JSE", "TWSE", "SET", "BMV", "IDX", "MOEX", "MCX", "PSE", "PSX",
    "TASE", "WSE", "BVL", "SSE", "SZSE", "KOSDAQ", "NZX", "OTC Pink", "NYSE American", "NYSE Arca",
    "Euronext", "Xetra", "OTCQX", "Nasdaq Nordic", "Oslo Stock Exchange",
)}


def _ticker(t: Template) -> Rendered:
    name = _EXCHANGES[fold_name(str(t.name))]
    a = _args(t)
    sym = a.p(0)
    return Rendered(f"{name}: {sym}" if sym else name, [], a.warnings)


# ---------------------------------------------------------------------------- misc

def _nihongo(t: Template) -> Rendered:
    a = _args(t)
    english, kanji, romaji = a.p(0), a.p(1), a.p(2)
    inner = ", ".join(x for x in (kanji, romaji) if x)
    head = english or ""
    text = f"{head} ({inner})" if head and inner else head or inner
    links = a.pos[0].links if a.pos else []
    return Rendered(text, [], a.warnings, links)


def _sortname(t: Template) -> Rendered:
    a = _args(t)
    text = collapse(f"{a.p(0)} {a.p(1)}")
    if "nolink" in a.named:
        return Rendered(text, [], a.warnings)
    return Rendered(text, [], a.warnings, [(text, a.p(2) or text)])


_SCHEME_RE = re.compile(r"^(?:https?:)?//")
_HAS_SCHEME_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def _url(t: Template) -> Rendered:
    a = _args(t)
    url = a.p(0)
    if not url:
        return Rendered("", [], a.warnings)
    shown = a.p(1) or _SCHEME_RE.sub("", url).rstrip("/")
    address = url if _HAS_SCHEME_RE.match(url) else f"http://{url}"  # as {{URL}} links it
    return Rendered(shown, [Value(kind="url", text=url, url=address)], a.warnings)


_END_WORDS = {"div": "div.", "div.": "div.", "divorced": "div.", "d": "died", "d.": "died", "died": "died",
              "death": "died", "ann": "ann.", "ann.": "ann.", "annulled": "ann.", "sep": "sep.",
              "sep.": "sep.", "separated": "sep.", "widowed": "wid."}


def _marriage(t: Template) -> Rendered:
    """``{{marriage|Jane Doe|1990|2000|end=div.}}`` -> "Jane Doe (m. 1990; div. 2000)"."""
    a = _args(t)
    name = a.pos[0] if a.pos else Rendered("")
    start, end = a.p(1), a.p(2)
    text = name.text
    if start:
        tail = f"m. {start}"
        if end:
            tail += f"; {_END_WORDS.get(a.n('end').lower(), a.n('end') or 'div.')} {end}"
        text = f"{text} ({tail})" if text else f"({tail})"
    return Rendered(text, [], a.warnings, name.links)


def _circa(t: Template) -> Rendered:
    a = _args(t)
    return Rendered(f"c. {a.p(0)}" if a.p(0) else "c. ", [], a.warnings)


def _ill(t: Template) -> Rendered:
    a = _args(t)
    target = a.p(0)
    shown = a.n("lt") or target
    return Rendered(shown, [], a.warnings, [(shown, target)] if target else [])


def _join_args(t: Template) -> Rendered:
    """Templates that show all their positional arguments in a row (``{{linktext|a|b}}``)."""
    a = _args(t)
    return Rendered("".join(a.texts), [], a.warnings, [lk for r in a.pos for lk in r.links])


def _join_with(sep: str) -> Renderer:
    """Templates that show their arguments joined (``{{based on|Work|Author}}`` -> "Work by Author")."""
    def render(t: Template) -> Rendered:
        a = _args(t)
        return Rendered(sep.join(x for x in a.texts if x), [], a.warnings, [lk for r in a.pos for lk in r.links])
    return render


def _abbr(t: Template) -> Rendered:
    a = _args(t)
    return Rendered(a.p(0), [], a.warnings)


def _list(t: Template) -> Rendered:
    """A list template in running text: items joined by commas."""
    texts: list[str] = []
    values: list[Value] = []
    warnings: list[str] = []
    links: list[tuple[str, str]] = []
    for code in list_items(t):
        w = Walker(True, render_inline)
        w.walk(code)
        warnings.extend(w.warnings)
        for item in w.items:
            if item.text:
                texts.append(item.text)
            values.extend(item.values)
            links.extend(item.links)
    return Rendered(", ".join(texts), values, warnings, links)


# -------------------------------------------------------------------------- tables

_DROP = (
    "cn", "citation needed", "fact", "refn", "r", "rp", "ref label", "note label", "dubious", "clarify",
    "when", "which", "who", "by whom", "update needed", "update inline", "better source needed", "verify",
    "failed verification", "verification needed", "page needed", "pn", "full citation needed", "dead link",
    "refbegin", "refend", "reflist", "self-published inline", "primary source inline", "according to whom",
    "vague", "specify", "year needed", "unreliable source?", "original research inline", "or", "harvnb",
    "harv", "harvp", "additional citation needed", "needs update", "as of?", "citation needed span",
    "increase", "decrease", "steady", "increase negative", "decrease positive", "increasenegative",
    "decreasepositive", "up", "down", "gain", "loss", "flagicon", "flag icon", "flagdeco", "flagicon image",
    "clear", "clr", "-", "anchor", "anchors", "short description", "italic title", "good article",
    "featured article", "authority control", "portal", "commons category", "commons", "coord missing",
    "main", "see also", "further", "redirect", "about", "for", "distinguish", "other uses", "toc",
    "toc limit", "wikt", "wiktionary", "taxonbar", "defaultsort", "lowercase title", "pp", "dmy",
    "engvarb", "reflist-talk", "infobox", "webarchive", "wayback", "cbignore", "spoken wikipedia",
    "noprint", "nobots", "notetag", "tooltip needed", "efn",
)
_PASS0 = ("nowrap", "nobr", "no wrap", "small", "smaller", "big", "larger", "nobold", "noitalic", "nobreak",
          "midsize", "normal", "center", "centre", "tooltip", "abbrlink", "nts", "tt", "mono", "code", "em",
          "strong", "not a typo", "sic", "plain", "nowrap begin", "nobold", "resize", "mvar", "var", "smallcaps",
          "small caps", "allcaps", "lower", "bigger", "keypress", "hs", "nobr", "sbd", "nowrap links",
          "ipa", "ipac-en", "avoid wrap", "no italic", "hidden", "nobreak", "ouvrage", "nw", "vanchor")
_PASS1 = ("lang", "langx", "native name", "native phrase", "h:title", "hover title", "sort", "colour",
          "color", "font color", "abbr link", "translit", "audio")
_DATES = ("start date", "end date", "birth date", "death date", "birth date and age", "start date and age",
          "end date and age", "bda", "dob", "film date",
          "release date", "date", "start-date", "end-date", "start and end dates", "birth date and age2",
          "start date text", "end date text", "date and age", "first date", "launch date")

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

RENDERERS: dict[str, Renderer] = {}
RENDERERS.update({n: _empty for n in _DROP})
RENDERERS.update({n: _arg(0) for n in _PASS0})
RENDERERS.update({n: _arg(1) for n in _PASS1})
RENDERERS.update({n: _start_date for n in _DATES})
RENDERERS.update({
    "death date and age": _died_date, "dda": _died_date,
    "death-date and age": _died_date,
    "birth year and age": _birth_year, "death year and age": _death_year, "byae": _birth_year,
    "datum": _dmy_args, "date de naissance": _dmy_args, "date de décès": _dmy_args, "date-": _dmy_args,
    "snds": _const(" – "), "colorbox": _empty, "color box": _empty, "note": _empty, "extinct": _const("†"),
    "kia": _const("†"), "dagger": _const("†"), "fr icon": _const("(in French)"), "en icon": _const("(in English)"),
    "de icon": _const("(in German)"), "based on": _join_with(" by "),
    "birth-date": _shown_date, "death-date": _shown_date, "birth-date and age": _shown_date, "dts": _dts,
    "dtsort": _dts, "sort date": _dts,
    "flag": _flag, "flagcountry": _flag, "flag country": _flag, "flagcountry2": _flag, "flagg": _flag,
    "flagu": _flag_unlinked, "flag u": _flag_unlinked,
    "convert": _convert, "cvt": _convert, "convert/spell": _convert,
    "coord": _coord, "coor": _coord, "coor d": _coord, "coor dm": _coord, "coor dms": _coord,
    "nihongo": _nihongo, "nihongo2": _arg(0), "sortname": _sortname, "url": _url, "official url": _url,
    "official website": _url, "marriage": _marriage, "married": _marriage, "circa": _circa, "c.": _circa,
    "ca.": _circa, "ill": _ill, "interlanguage link": _ill, "interlanguage link multi": _ill, "ill-wd": _ill,
    "abbr": _abbr, "transl": _last_arg, "transliteration": _last_arg,
    "!": _const("|"), "=": _const("="), "·": _const(" · "), "middot": _const(" · "), "dot": _const(" · "),
    "•": _const(" • "), "bull": _const(" • "), "bullet": _const(" • "), "ndash": _const("–"),
    "–": _const("–"), "mdash": _const("—"), "—": _const("—"), "snd": _const(" – "), "spnd": _const(" – "),
    "sndash": _const(" – "), "spaced ndash": _const(" – "), "spaced en dash": _const(" – "),
    "nbsp": _const(" "), "thinsp": _const(" "), "sp": _const(" "), "spaces": _const(" "), "'": _const("'"),
    "-\"": _const("\""), "!((": _const("[["), "))!": _const("]]"), "((": _const("{{"), "))": _const("}}"),
    "\\": _const(" / "), "height": _height, "linktext": _join_args, "usa": _const("United States"),
    "koördinate": _coord, "koordinate": _coord, "coordinate": _coord, "longitem": _arg(0),
    "baseball year": _arg(0), "by": _arg(0), "nastaliq": _arg(0), "script": _arg(1), "map caption": _empty,
    "en dash": _const("–"), "em dash": _const("—"), "pipe": _const("|"),
})
RENDERERS.update({n: _money for n in CURRENCIES})
RENDERERS.update({n: _ticker for n in _EXCHANGES})
RENDERERS.update({n: _list for n in LIST_TEMPLATES})

#: Families by name prefix, tried in order when the exact name is not in RENDERERS.
PREFIX_RENDERERS: tuple[tuple[str, Renderer], ...] = (
    ("lang-", _arg(0)), ("efn", _empty), ("sfn", _empty), ("cite ", _empty), ("citation", _empty),
    ("pp-", _empty), ("use ", _empty), ("flagicon", _empty), ("flagdeco", _empty), ("engvar", _empty),
    ("harv", _empty), ("ipa-", _arg(0)), ("respell", _arg(0)), ("#tag:ref", _empty),
    ("dmy", _empty), ("mdy", _empty), ("as of", _arg(0)), ("track listing", _empty),
)

#: Families by name suffix: party colour helpers show a colour swatch, not text.
SUFFIX_RENDERERS: tuple[tuple[str, Renderer], ...] = (
    ("/meta/color", _empty), ("/meta/colour", _empty), (" icon", _empty),
)
