"""Quantities, counts (strength, casualty breakdowns) and money.

All three read the same shape: a text cut into *items*, each one number expression
(:func:`numbers.scan`) plus the words after it up to the next separator or number
("700–2,000 killed", "100,000 men", "31.2 km2", "US$1.95 billion").  Around the items:

* a label before a colon names the group ("Northern Army: 700-2,000 killed, ..."),
  or the category when it is a category word ("Killed: 500");
* an explicit unknown ("Unknown Red Army casualties") gives ``kind="unknown"``;
* a parenthesis after an item is its date (a lone year), its parts ("including
  10,000 reservists"), a conversion ("(3,705,407 sq mi)") or else its note.

The tables (units, currencies, category words) live in ``units.toml``/``lang.toml``.
"""

from __future__ import annotations

import re

from infobox_tools.normalize._items import (
    _FTIN_RE,
    _PERSON_CATS,
    _TRIM,
    _WORD_RE,
    UNKNOWN_RE,
    _Item,
    category_of,
    parse_items,
    unit_of,
)
from infobox_tools.normalize._tables import UNITS, alternation, reverse_index
from infobox_tools.normalize.numbers import NumExpr, attach_parens, clean, expr_value
from infobox_tools.record import Value

__all__ = ["UNKNOWN_RE", "parse_counts", "parse_items", "parse_money", "parse_quantities"]

# --- currencies ---------------------------------------------------------------------------
_CURRENCY = reverse_index(UNITS["currencies"])
_CUR_WORD_RE = re.compile(
    r"\s?(?:d'|de |of )?(?P<c>" + alternation(_CURRENCY) + r")(?![^\W_])", re.IGNORECASE)
_SYMBOL = {"US$": "USD", "U.S.$": "USD", "$US": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD",
           "CA$": "CAD", "CAN$": "CAD", "HK$": "HKD", "NZ$": "NZD", "S$": "SGD", "MX$": "MXN",
           "R$": "BRL", "JP¥": "JPY", "CN¥": "CNY", "€": "EUR", "£": "GBP", "₹": "INR",
           "₽": "RUB", "₩": "KRW", "₪": "ILS", "₺": "TRY", "₦": "NGN", "Kz": "AOA"}
_AMBIGUOUS = UNITS["ambiguous"]


def _currency(expr: NumExpr, tail: str, lang: str) -> tuple[str | None, bool, int]:
    """(ISO code, inferred?, characters of ``tail`` used) for an amount."""
    if expr.currency:
        sym = expr.currency
        if sym in _SYMBOL:
            return _SYMBOL[sym], False, 0
        if sym in ("$", "¥", "US$", "US $"):
            table = _AMBIGUOUS.get(sym, {})
            code = table.get(lang, table.get("default")) if table else "USD"
            return code, sym != "US$", 0
        return _CURRENCY.get(sym.lower()), False, 0
    m = _CUR_WORD_RE.match(tail)
    if m:
        word = m.group("c")
        if word.lower() == "kr":
            table = _AMBIGUOUS["kr"]
            return table.get(lang, table["default"]), True, m.end()
        return _CURRENCY[word.lower()], False, m.end()
    return None, False, 0


_MONEY_WORDS = ("dollar", "euro", "pound", "sterling", "yen", "yuan", "franc", "mark", "rupee",
                "krone", "kroner", "kronor", "ruble", "rouble", "real", "reais", "peso")


def _is_currency_word(tail: str) -> bool:
    """A currency unambiguously named after a number ("US-Dollar", "EUR", "euros")."""
    m = _CUR_WORD_RE.match(tail)
    if not m:
        return False
    word = m.group("c")
    low = word.lower()
    return (len(word) == 3 and word.isupper() and low in _CURRENCY) or (
        any(w in low for w in _MONEY_WORDS) and low not in ("real",))


def _base(item: _Item, kind: str) -> Value:
    return expr_value(item.expr, item.text, kind)


def _parens(v: Value, item: _Item, lang: str, reader: str, category: str | None) -> None:
    """Parenthesised remarks (:func:`.numbers.attach_parens`), numbers in them read as
    ``reader`` reads them ("(including 10,000 reservists)" -> a count part)."""

    def parts(inner: str) -> list[Value]:
        if reader == "count":
            found = parse_counts(inner, lang, category=category)
        elif reader == "money":
            found = parse_money(inner, lang)
        else:
            found = parse_quantities(inner, lang)
        found = [p for p in found if p.kind != "text"]
        for p in found:
            if p.kind == "count" and p.category == category and not p.note:
                words = _category_words(p.text)
                if words:
                    p.note = words
        return found

    attach_parens(v, item.parens, lang=lang, parts=parts)


def _category_words(text: str) -> str:
    """The words of a count's text that are not numbers or qualifiers ("reservists")."""
    return " ".join(w for w in _WORD_RE.findall(text)
                    if w.lower() not in ("including", "incl.", "of", "which", "dont", "davon",
                                         "inkl.", "c.", "ca.", "including:", "among"))


def parse_quantities(text: str, lang: str = "en") -> list[Value]:
    """Numbers with units: "31.2 km2", "9,596,961 km2 (3,705,407 sq mi)", "5 ft 10 in"."""
    t = clean(text)
    fm = _FTIN_RE.search(t)
    if fm and _FTIN_RE.sub("", t).strip(_TRIM + "()") == "":
        ft, inch = int(fm.group("ft")), fm.group("in")
        v = Value(kind="quantity", text=t, number=ft, unit="ft")
        inch_v: int | float = float(inch) if "." in inch else int(inch)
        v.parts.append(Value(kind="quantity", text=f"{inch} in", number=inch_v, unit="in"))
        return [v]
    items, _ = parse_items(text, lang)
    out: list[Value] = []
    for it in items:
        if isinstance(it, Value):
            out.append(it)
            continue
        if it.expr.currency or _is_currency_word(it.tail):
            out.append(_money(it, lang))  # an amount in a number field: keep its currency
            continue
        unit, _word = unit_of(it.tail)
        v = _base(it, "quantity" if (unit or it.expr.percent) else
                  ("range" if it.expr.is_range else "number"))
        if unit:
            v.unit = unit
        elif it.tail and not it.expr.percent and not it.expr.ordinal:
            v.note = it.tail  # words after the number that are no unit ("high")
        _parens(v, it, lang, "quantity", None)
        out.append(v)
    return out


def parse_counts(text: str, lang: str = "en", category: str | None = None) -> list[Value]:
    """Counts of people or things with a category ("89 killed", "100,000 men")."""
    items, _ = parse_items(text, lang)
    out: list[Value] = []
    for it in items:
        if isinstance(it, Value):
            if it.kind == "unknown" and it.category is None:
                it.category = category
            out.append(it)
            continue
        v = _base(it, "count")
        unit, _word = unit_of(it.tail)
        cat = category_of(it.tail) or it.label_category
        v.category = cat or category
        if unit and unit not in ("%",):
            v.unit = unit
        elif v.category in _PERSON_CATS and not it.expr.percent:
            v.unit = "person"
        if v.category == "materiel" and not unit:
            v.unit = None
        v.group = it.group if v.category != "civilian" else None
        _parens(v, it, lang, "count", v.category)
        out.append(v)
    return out


def parse_money(text: str, lang: str = "en") -> list[Value]:
    """Amounts with a currency: "US$89.95 billion", "€1.2 million", "$1.5–2 billion"."""
    items, _ = parse_items(text, lang, money=True)
    out: list[Value] = []
    for it in items:
        if isinstance(it, Value):
            out.append(it)
            continue
        out.append(_money(it, lang))
    return out


def _money(it: _Item, lang: str) -> Value:
    v = _base(it, "money")
    code, inferred, _used = _currency(it.expr, it.tail, lang)
    v.currency, v.inferred = code, inferred
    if code is None:
        v.kind = "range" if it.expr.is_range else "number"
    _parens(v, it, lang, "money", None)
    return v

