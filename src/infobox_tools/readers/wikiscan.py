"""Linear-time scanning helpers for wikitext prose extraction.

Why a hand-written scanner: a full mwparserfromhell parse of a whole article runs at
about 1 MB/s, and a dump run spends most of its time turning article bodies into
prose.  Prose extraction only needs to know *where* the templates, links and tables
are (to drop, render or unwrap them), so we

1. strip comments and extension tags in one pass (:func:`prepass`),
2. pair ``{{ }}``, ``[[ ]]`` and ``{| |}`` tokens with a stack in one pass
   (:func:`pair_tokens`), tolerating unbalanced input,

and leave the recursive walk over that structure to :mod:`.wikiprose`.  Every step is
linear in the input size: no regex here can backtrack over more than one token, and
searches for missing closing tags are remembered so they are not repeated.

Also here, as data: the localised namespace names (files, categories), the section
headings that hold references, the template names that are blocks (infoboxes,
navboxes, hatnotes, maintenance and citation templates) and a small built-in renderer
for common inline templates, used when ``wikitemplates.render_inline`` is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# ---------------------------------------------------------------- pre-pass (tags) --

#: Extension/HTML tags whose whole content is dropped from prose.
DROP_TAGS = frozenset({
    "ref", "references", "gallery", "timeline", "imagemap", "graph", "templatedata",
    "templatestyles", "mapframe", "maplink", "score", "indicator", "inputbox",
    "categorytree", "includeonly", "charinsert", "section",
})
#: Tags whose content is literal text (kept, but never parsed as markup).
LITERAL_TAGS = frozenset({"nowiki", "pre", "syntaxhighlight", "source", "math", "chem", "ce", "hiero"})

_PRE_RE = re.compile(
    r"<!--|<(" + "|".join(sorted(DROP_TAGS | LITERAL_TAGS, key=len, reverse=True))
    + r")(?=[\s/>])([^<>]*)>",
    re.IGNORECASE,
)
_CLOSE_RE = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in DROP_TAGS | LITERAL_TAGS}

# Markup characters inside literal content are moved to the Private Use Area so that
# later passes do not see them, and moved back by ``unprotect`` at the very end.
_PROTECT_CHARS = "{}[]<>'|=*#:;_&"
_PROTECT = str.maketrans({c: chr(0xE000 + i) for i, c in enumerate(_PROTECT_CHARS)})
_UNPROTECT = str.maketrans({chr(0xE000 + i): c for i, c in enumerate(_PROTECT_CHARS)})
_PUA_RE = re.compile("[\ue000-\ue00f]")
_WS_RE = re.compile(r"\s+")
# TeX keeps its meaning with a space between two braces; prose must never show "{{".
_DOUBLE_BRACKET_RE = re.compile(r"(?<=\{)(?=\{)|(?<=\})(?=\})|(?<=\[)(?=\[)|(?<=\])(?=\])")


def protect(text: str) -> str:
    """Hide markup characters of literal text (``<nowiki>``, ``<pre>``, ``<math>``)."""
    return _WS_RE.sub(" ", text).translate(_PROTECT)


def unprotect(text: str) -> str:
    """Undo :func:`protect` (cheap no-op when nothing was protected)."""
    return text.translate(_UNPROTECT) if _PUA_RE.search(text) else text


def prepass(text: str) -> str:
    """Drop comments and reference-like tags; protect literal tags' content.

    An unclosed comment runs to the end of the text (as in MediaWiki); an unclosed
    ``<ref>`` runs to the end of its line; any other unclosed tag is dropped alone.
    """
    if "<" not in text:
        return text
    out: list[str] = []
    pos = 0
    missing: set[str] = set()  # closing tags known not to occur after some point
    n = len(text)
    m = _PRE_RE.search(text, 0)
    while m is not None:
        start = m.start()
        out.append(text[pos:start])
        if m.group(1) is None:  # comment
            end = text.find("-->", m.end())
            pos = n if end < 0 else end + 3
        else:
            name = m.group(1).lower()
            attrs = m.group(2)
            if attrs.rstrip().endswith("/"):
                pos = m.end()
            else:
                close = None if name in missing else _CLOSE_RE[name].search(text, m.end())
                if close is None:
                    missing.add(name)
                    if name == "ref":
                        eol = text.find("\n", m.end())
                        pos = n if eol < 0 else eol
                    else:
                        pos = m.end()
                else:
                    if name in LITERAL_TAGS:
                        body = text[m.end():close.start()]
                        if name == "math" or name == "chem" or name == "ce":
                            body = _DOUBLE_BRACKET_RE.sub(" ", body.strip())
                        out.append(protect(body))
                    pos = close.end()
        m = _PRE_RE.search(text, pos) if pos < n else None
    out.append(text[pos:])
    return "".join(out)


# ------------------------------------------------------------- token pairing --

# Kinds: 0 "{{", 1 "}}", 2 "[[", 3 "]]", 4 "{|" (line start), 5 "|}" (line start)
T_OPEN, T_CLOSE, L_OPEN, L_CLOSE, B_OPEN, B_CLOSE = range(6)
_TOKEN_RE = re.compile(r"\{\{|\}\}|\[\[|\]\]|\n[ \t:]*\{\||\n[ \t]*\|\}(?!\})")
_FIRST_TABLE_RE = re.compile(r"[ \t:]*\{\|")
_KIND = {"{{": T_OPEN, "}}": T_CLOSE, "[[": L_OPEN, "]]": L_CLOSE}
_OPENER_OF = {T_CLOSE: T_OPEN, L_CLOSE: L_OPEN, B_CLOSE: B_OPEN}
_SEARCH_DEPTH = 8  # how far down the stack a closer may look for its opener


@dataclass
class Tokens:
    """Positions of brace/bracket tokens and their partners (``-1``: unpaired).

    ``start[i]``/``end[i]`` delimit token ``i`` in the text, ``kind[i]`` is one of the
    ``T_*``/``L_*``/``B_*`` constants, ``match[i]`` the index of its partner.
    """

    start: list[int]
    end: list[int]
    kind: list[int]
    match: list[int]


def pair_tokens(text: str) -> Tokens:
    """Find and pair all structural tokens in one left-to-right pass.

    A closer pairs with the nearest opener of its kind within ``_SEARCH_DEPTH`` stack
    entries; openers it skips over stay unpaired (MediaWiki shows them as text, we
    drop the two characters).  Bounded search keeps hostile input linear.  Table
    tokens (``{|``, ``|}``) count only at the start of a line.
    """
    starts: list[int] = []
    ends: list[int] = []
    kinds: list[int] = []
    match: list[int] = []
    stack: list[int] = []
    kind_of = _KIND
    first = _FIRST_TABLE_RE.match(text)
    if first:
        starts.append(0)
        ends.append(first.end())
        kinds.append(B_OPEN)
        match.append(-1)
        stack.append(0)
    for m in _TOKEN_RE.finditer(text, first.end() if first else 0):
        s, e = m.span()
        kind = kind_of.get(m.group())
        if kind is None:  # a table line: the token starts after the newline
            s += 1
            kind = B_OPEN if text[e - 1] == "|" else B_CLOSE
        idx = len(starts)
        starts.append(s)
        ends.append(e)
        kinds.append(kind)
        match.append(-1)
        if kind == T_OPEN or kind == L_OPEN or kind == B_OPEN:
            stack.append(idx)
            continue
        if not stack:
            continue
        want = kind - 1
        top = stack[-1]
        if kinds[top] == want:
            stack.pop()
            match[top] = idx
            match[idx] = top
            continue
        for depth in range(2, min(len(stack), _SEARCH_DEPTH) + 1):
            cand = stack[-depth]
            if kinds[cand] == want:
                del stack[-depth:]
                match[cand] = idx
                match[idx] = cand
                break
    return Tokens(starts, ends, kinds, match)


def split_args(text: str, tokens: Tokens, i: int, first: int, a: int, b: int) -> list[tuple[int, int]]:
    """Ranges of ``|``-separated parts of the span ``text[a:b]`` at its own level.

    ``first`` is the index of the first token at or after ``a``; nested paired spans are
    skipped so pipes inside them do not split.  ``i`` is unused by the walk but kept
    for symmetry with callers' bookkeeping.
    """
    del i
    parts: list[tuple[int, int]] = []
    seg = a
    pos = a
    j = first
    n_tok = len(tokens.start)
    while True:
        nxt = tokens.start[j] if j < n_tok and tokens.start[j] < b else b
        p = text.find("|", pos, nxt)
        while p >= 0:
            parts.append((seg, p))
            seg = p + 1
            p = text.find("|", seg, nxt)
        if nxt >= b:
            break
        partner = tokens.match[j]
        if partner > j and tokens.end[partner] <= b:
            pos = tokens.end[partner]
            j = partner + 1
        else:
            pos = tokens.end[j]
            j += 1
    parts.append((seg, b))
    return parts


# ------------------------------------------------------------ names and classes --

FILE_NAMESPACES = frozenset({
    "file", "image", "datei", "bild", "fichier", "imagem", "ficheiro", "arquivo", "fil", "lêer", "beeld",
    "archivo", "imagen", "immagine", "plik", "bestand", "afbeelding", "kuva", "tiedosto", "mynd", "media",
    "файл", "изображение", "слика", "ファイル", "画像", "attēls", "fails", "dosya", "soubor", "obrázek",
})
CATEGORY_NAMESPACES = frozenset({
    "category", "kategorie", "catégorie", "categoria", "categoría", "kategori", "kategoria", "kategorija",
    "categorie", "luokka", "flokkur", "bólkur", "kategoreja", "kategorii", "категория", "категорија",
    "категорія", "kategory", "kategooria", "kategória", "kategorio", "カテゴリ", "分类", "분류",
})
#: Section headings whose content is references or external links: dropped whole.
REFERENCE_SECTIONS = frozenset({
    "references", "reference", "notes", "footnotes", "citations", "sources", "notes and references",
    "references and notes", "notes and sources", "sources and notes", "external links", "external link",
    "weblinks", "einzelnachweise", "anmerkungen", "quellen", "belege", "références", "notes et références",
    "liens externes", "lien externe", "referências", "ligações externas", "ligação externa", "notas",
    "referencias", "enlaces externos", "verwysings", "eksterne skakels", "bronne", "kjelder", "referansar",
    "referanser", "eksterne lenker", "eksterne lenkjer", "keldur", "ytri leinkjur", "tilvísingar",
    "references and further reading",
})
#: Apparatus sections kept when they hold items ("See also" links, "Further reading"
#: books) but dropped when nothing is left of them (only citation templates, a gallery).
APPARATUS_SECTIONS = frozenset({
    "see also", "further reading", "bibliography", "gallery", "siehe auch", "literatur", "voir aussi",
    "bibliographie", "ver também", "bibliografia", "leitura adicional", "galerie", "galeria", "sjá eisini",
    "sien ook", "sjå òg", "sjå også", "se også", "véase también", "related articles",
})


_DROP_EXACT = frozenset({
    "main", "main article", "see also", "further", "further information", "details", "about", "for",
    "other uses", "other people", "other places", "distinguish", "hatnote", "dablink", "rellink", "selfref",
    "coord", "coor", "-", "clr", "clear", "clear left", "clear right", "break", "anchor", "anchors",
    "sfn", "sfnm", "efn", "efn-ua", "efn-lr", "refn", "r", "rp", "harvnb", "harv", "sfnp",
    "cn", "citation needed", "fact", "clarify", "when", "who", "which", "dubious", "by whom", "vague",
    "according to whom", "specify", "page needed", "full citation needed", "dead link", "failed verification",
    "verification needed", "better source", "better source needed", "original research", "or",
    "unreliable source?", "self-published source", "weasel inline", "peacock term", "year needed",
    "inflation", "age", "toc", "toc limit", "tocright", "toc right", "compact toc", "portal", "portal bar",
    "commons", "commons category", "commonscat", "commons cat", "wikiquote", "wikisource", "wiktionary",
    "wikispecies", "wikinews", "wikivoyage", "official website", "official", "imdb name", "imdb title",
    "authority control", "normdaten", "persondata", "personendaten", "defaultsort", "displaytitle",
    "lowercase title", "italic title", "notelist", "notelist-ua", "reflist", "refbegin", "refend",
    "references", "listen", "multiple image", "double image", "external media", "spoken wikipedia",
    "wide image", "stack", "stack begin", "stack end", "location map", "location map+", "quote box",
    "pull quote", "rquote", "sidebar", "navbox", "navboxes", "nobots", "bots", "redirect", "redirect2",
    "redirect-distinguish", "short description", "featured article", "good article", "pp", "pp-semi",
    "engvarb", "italic", "multiple issues", "expand", "stub", "geographic location", "dmoz", "curlie",
    "webarchive", "wayback", "cbignore", "ref improve", "refimprove", "unreferenced", "more citations needed",
    "orphan", "dead end", "update", "advert", "pov", "copy edit", "wikify", "notability", "tone",
    "fr", "ill-wd", "bandeau", "ébauche", "portail", "palette", "homonymie", "autres projets", "siehe auch",
    "weiterleitungshinweis", "begriffsklärungshinweis", "infoboks", "inligtingskas", "taxobox", "speciesbox",
    "automatic taxobox", "subspeciesbox", "chembox", "drugbox", "geobox", "legend", "image", "gallery",
    "anker", "hauptartikel", "belege fehlen", "quelle", "wikibooks", "wikiversity",
    "internet archive author", "librivox author", "gutenberg author", "ol author", "cia world factbook link",
    "wikiatlas", "osmrelation-inline", "in our time", "lookfrom", "intitle", "fr icon", "en icon", "de icon",
    "in lang", "wikisource-inline", "wikisource author", "sep", "iep", "dnb-portal", "article principal",
    "loupe", "voir homonymes", "principal", "artigo principal", "ver artigo principal",
})
_DROP_PREFIX = (
    "infobox", "infoboks", "inligtingskas", "info/", "ficha de", "navbox", "taxobox", "reflist", "refbegin",
    "refend", "redirect", "other uses", "see also", "further", "distinguish", "use ", "engvar", "multiple issues",
    "more citations", "citation style", "cleanup", "coord missing", "portal", "commons", "sister", "authority",
    "pp-", "s-", "succession", "col-", "div col", "columns-list", "harvnb", "sfn", "efn", "stub", "campaignbox", "wikiproject",
    "featured", "good article", "dead link", "find a grave", "imdb", "allmusic", "c-span", "twitter", "facebook",
    "youtube", "instagram", "nrhp", "national register", "clear", "convert/", "#", "ébauche", "portail",
    "location map", "chembox", "drugbox", "geobox", "speciesbox", "automatic taxobox", "hidden", "ref ",
    "refn", "notelist", "legend", "graph:", "pie chart", "bar box", "bar chart", "climate chart",
    "weather box", "election box", "football squad", "fs ", "nat fs", "extended", "single chart", "album chart",
    "certification table", "track listing", "tracklist", "episode list", "timeline", "flagicon", "flagdeco",
    "картка", "карточка", "infocaseta", "infoskreine", "bilgi kutusu", "infraspeciesbox", "virusbox",
    "hybridbox", "ichnobox", "oobox",
)
_DROP_SUFFIX = ("navbox", "sidebar", "stub", "footer", "infobox", "campaignbox", "topics", "-stub", " portal",
                " navigation", " templates", " header", " start", " end", " begin")
#: Templates that stand alone as a visible block (quotations): rendered, as a paragraph.
_BLOCK_VISIBLE = frozenset({"quote", "blockquote", "cquote", "quotation", "quote frame", "poem quote",
                            "centered pull quote", "bq", "zitat", "citation bloc", "début citation"})
_NAME_WS_RE = re.compile(r"[\s_]+")
#: Rendered by the built-in renderer even when the shared one is there: quotation blocks
#: and IPA spelled letter by letter ({{IPAc-en|ˈ|eɪ|b|...}}), which it renders differently.
#: Citation templates.  Inside <ref> they are gone with the reference; what is left stands
#: in "Further reading"/"Works" lists, where the citation is the content: rendered as
#: "Author (year). Title. Work. Publisher."
_CITE_PREFIX = ("cite", "citation", "citar", "cita ", "lien web", "article", "ouvrage", "internetquelle",
                "literatur", "cite-")
LOCAL_FIRST = tuple(sorted(_BLOCK_VISIBLE)) + ("ipac-", "chem") + _CITE_PREFIX


@lru_cache(maxsize=8192)
def template_class(name: str) -> str:
    """``drop`` (block/navigation/maintenance/reference), ``quote``, ``cite`` or ``inline``."""
    if name in _BLOCK_VISIBLE:
        return "quote"
    if name in _DROP_EXACT or name.startswith(_DROP_PREFIX) or name.endswith(_DROP_SUFFIX):
        return "drop"
    if name.startswith(_CITE_PREFIX):
        return "cite"
    return "inline"


def fold_name(raw: str) -> str:
    """A template name folded for lookup: lower case, one space, no ``Template:``/``subst:``."""
    name = _NAME_WS_RE.sub(" ", raw).strip().lower()
    for prefix in ("template:", "subst:", "safesubst:", "msnw:", "vorlage:", "modèle:", "predefinição:"):
        if name.startswith(prefix):
            name = name[len(prefix):].strip()
    return name


# ------------------------------------------------------- built-in inline renderer --
# Used when ``wikitemplates.render_inline`` is unavailable or fails on a span (the
# commonest inline templates: convert, lang, flag, dates, ...), and always for the
# LOCAL_FIRST families (quotations, IPA letters, chemical formulas, citations).

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_RANGE_WORDS = {"-": "–", "–": "–", "&ndash;": "–", "to": " to ", "to(-)": " to ", "and": " and ",
                "and(-)": " and ", "or": " or ", "by": " by ", "x": " × ", "×": " × ", "+/-": " ± ", "±": " ± "}
_CONSTANT = {"nbsp": " ", "ndash": "–", "mdash": "—", "snd": " – ", "spnd": " – ", "spaced ndash": " – ",
             "spaced en dash": " – ", "en dash": "–", "em dash": "—", "·": " · ", "dot": " · ", "middot": " · ",
             "bull": " • ", "•": " • ", "'": "'", "\"": "\"", "!": "|", "=": "=", "okina": "ʻ", "shy": "",
             "zwsp": "", "br": " ", "spaces": " ", "space": " ", "pad": " ", "in5": " ", "sic": "[sic]"}
_FIRST = frozenset({"nowrap", "nobr", "nobreak", "small", "smaller", "big", "larger", "sup", "sub", "em",
                    "strong", "abbr", "abbrlink", "tooltip", "visible anchor", "vanchor", "small caps",
                    "smallcaps", "sc", "mvar", "var", "math", "not a typo", "proper name", "lang-x", "nts",
                    "ntsh", "rnd", "round", "nihongo2", "ill", "interlanguage link", "ill2", "flag", "flagu",
                    "flagcountry", "flag country", "flagathlete", "birth year and age", "death year and age",
                    "lang-en", "nobold", "noitalic", "normal",
                    "chem2", "highlight", "underline", "strikethrough", "keypress", "ipa", "ipa2", "respell"})
_LAST = frozenset({"lang", "transl", "transliteration", "script", "resize", "color", "colour", "rtl-lang",
                   "wikt-lang", "langx", "sort", "font color", "url"})
_DATES = frozenset({"start date", "start date and age", "end date", "end date and age", "birth date",
                    "birth date and age", "death date", "death date and age", "dob", "film date",
                    "release date", "dts", "date", "as of", "start-date", "end-date", "birth-date"})


def _date(pos: list[str], named: dict[str, str], dmy: bool) -> str:
    nums = [p for p in pos if p][:3]
    if not nums:
        return ""
    year, month, day = (nums + ["", "", ""])[:3]
    if month.isdigit() and 1 <= int(month) <= 12:
        month = _MONTHS[int(month) - 1]
    day = day.lstrip("0")
    if not month:
        return year
    if not day:
        return f"{month} {year}".strip()
    if dmy or named.get("df", "").lower() in ("y", "yes", "1", "true"):
        return f"{day} {month} {year}".strip()
    return f"{month} {day}, {year}" if year else f"{month} {day}"


_CITE_KEYS = {
    "author": ("author", "author1", "authors", "autor", "auteur", "vauthors", "last", "last1", "surname", "nom",
               "apellido", "apellidos", "sobrenome"),
    "first": ("first", "first1", "given", "prénom", "nombre", "nome", "vorname"),
    "year": ("year", "date", "jahr", "année", "date de publication", "año", "ano", "fecha", "data", "datum"),
    "title": ("title", "titel", "titre", "título", "titulo", "chapter"),
    "work": ("work", "journal", "newspaper", "magazine", "website", "periodical", "sammelwerk", "périodique",
             "journal", "obra", "publicação", "werk"),
    "publisher": ("publisher", "verlag", "éditeur", "editorial", "editora", "hrsg"),
}
_YEAR_RE = re.compile(r"\b(1[0-9]{3}|20[0-9]{2})\b")


def render_citation(named: dict[str, str]) -> str:
    """A citation template as a reference line: "Author (year). Title. Work. Publisher."."""
    got = {k: next((named[n] for n in names if named.get(n)), "") for k, names in _CITE_KEYS.items()}
    author = got["author"] + (", " + got["first"] if got["author"] and got["first"] else "")
    year = _YEAR_RE.search(got["year"])
    head = author + (f" ({year.group(1)})" if year else "")
    parts = [p.strip().rstrip(".") for p in (head, got["title"], got["work"], got["publisher"]) if p.strip()]
    return ". ".join(parts) + "." if parts else ""


def render_fallback(name: str, pos: list[str], named: dict[str, str]) -> str | None:
    """Text of a common inline template from its rendered arguments; ``None`` if unknown."""
    if name.startswith(_CITE_PREFIX):
        return render_citation(named)
    if name in _BLOCK_VISIBLE:  # a quotation, signed as MediaWiki shows it: "text — author, source"
        text = named.get("text") or named.get("quote") or (pos[0] if pos else "")
        author = named.get("author") or named.get("sign") or (pos[1] if len(pos) > 1 else "")
        source = named.get("source") or (pos[2] if len(pos) > 2 else "")
        sign = ", ".join(p for p in (author, source) if p)
        return f"{text} — {sign}" if text and sign else text
    if name == "chem":
        return "".join(pos)
    if name in _CONSTANT:
        return _CONSTANT[name]
    if name in ("convert", "cvt"):
        if not pos:
            return ""
        out = [pos[0]]
        i = 1
        while i + 1 < len(pos) and pos[i] in _RANGE_WORDS:
            out += [_RANGE_WORDS[pos[i]], pos[i + 1]]
            i += 2
        if i < len(pos):
            out += [" ", pos[i]]
            if i + 2 < len(pos) and pos[i + 1].replace(".", "", 1).isdigit():
                out += [" ", pos[i + 1], " ", pos[i + 2]]
        return "".join(out)
    if name in _DATES:
        if name == "as of":
            return "As of " + _date(pos, named, True)
        return _date(pos, named, name == "dts")
    if name in _FIRST or name.startswith(("lang-", "ipa-", "ipa ")):
        return named.get("name") or (pos[0] if pos else named.get("text", named.get("quote", "")))
    if name in _LAST:
        return pos[-1] if pos else named.get("text", "")
    if name.startswith("ipac"):
        sounds = "".join(p for p in pos if p not in ("-", "lang", "pron", "us", "uk", "local", "also", "audio"))
        return "/" + sounds.replace("_", " ").strip() + "/" if sounds else ""
    if name == "nihongo":
        extra = ", ".join(p for p in pos[1:3] if p)
        head = pos[0] if pos else ""
        return f"{head} ({extra})" if head and extra else head or extra
    if name == "sortname":
        return " ".join(p for p in pos[:2] if p)
    if name in ("circa", "c."):
        return "c. " + (pos[0] if pos else "")
    if name in ("ubl", "unbulleted list", "plainlist", "plain list", "hlist", "flatlist", "bulleted list",
                "ordered list", "collapsible list", "flat list", "ublist", "blist"):
        items = [i.strip(" *#") for p in pos for i in p.split("\n") if i.strip(" *#")]
        return ", ".join(items)
    if name in ("flagicon", "flagdeco", "flagicon image"):
        return ""
    return None
