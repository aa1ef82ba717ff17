"""Numbers as people write them, found in a parsed spaCy `Doc`.

spaCy decides what is a number (tag `CD`, `like_num`) and what is a date, a
time, an ordinal or part of a name (its entities); text2num turns number words
into values and quantulum3 names measurement units. What this module adds is
the newsroom layer on top: qualifiers ("at least", "up to", "nearly") kept as
bounds, ranges, vague counts ("dozens of") as intervals, zero figures ("no
casualties"), money and percentages, and the non-figures a reader would never
check (dates, clock times, years, phone numbers, list markers, "No. 10").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Span, Token
from text_to_num import text2num

from factcheck.model import Figure, Qualifier
from factcheck.nlp import entity_of
from factcheck.times import YEAR

FigureKind = Literal["count", "percent", "money", "quantity", "age", "duration", "zero"]

SCALE_WORDS = {
    "dozen": 12,
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
# Vague counts as intervals. A plural unit means at least two of them.
VAGUE_COUNTS: dict[str, tuple[float, float]] = {
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "millions": (2_000_000, 9_999_999),
}
CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "gbp": "GBP",
}
PERCENT_WORDS = {"%", "percent", "pct"}
# Qualifier phrases, longest first; matched against the words just before a number.
QUALIFIER_PHRASES: list[tuple[tuple[str, ...], Qualifier]] = [
    (("no", "more", "than"), "up_to"),
    (("no", "fewer", "than"), "at_least"),
    (("in", "excess", "of"), "more_than"),
    (("as", "many", "as"), "up_to"),
    (("as", "much", "as"), "up_to"),
    (("at", "least"), "at_least"),
    (("at", "most"), "up_to"),
    (("more", "than"), "more_than"),
    (("upwards", "of"), "more_than"),
    (("up", "to"), "up_to"),
    (("fewer", "than"), "less_than"),
    (("less", "than"), "less_than"),
    (("close", "to"), "nearly"),
    (("an", "estimated"), "about"),
    (("just", "over"), "more_than"),
    (("just", "under"), "less_than"),
    (("over",), "more_than"),
    (("under",), "less_than"),
    (("about",), "about"),
    (("around",), "about"),
    (("approximately",), "about"),
    (("roughly",), "about"),
    (("some",), "about"),
    (("estimated",), "about"),
    (("nearly",), "nearly"),
    (("almost",), "nearly"),
    (("minimum",), "at_least"),
]
DURATION_UNITS = {
    "second",
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "year",
    "decade",
    "century",
}
MONTH_NAMES = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
}  # fmt: skip
CALENDAR_WORDS = MONTH_NAMES | {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "yesterday", "tomorrow", "tonight", "ago", "weekend", "am", "pm", "a.m.", "p.m.", "noon",
    "midnight", "o'clock", "century", "decade", "season",
}  # fmt: skip
TIME_ZONES = {"gmt", "utc", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "cet", "bst"}
"""A number just before one is a clock time ("at 0615 GMT"), not a figure."""
STREET_WORDS = {
    "street", "st", "st.", "avenue", "ave", "ave.", "road", "rd", "rd.", "lane", "boulevard",
    "blvd", "drive", "way", "place", "square", "court", "terrace", "highway", "route",
}  # fmt: skip
PEOPLE_ZERO_WORDS = {"nobody": "person", "no-one": "person"}
# Nouns a number names rather than counts: "Route 66", "Flight 370", "Section 8".
NUMBER_LABEL_WORDS = {
    "no", "no.", "number", "nos", "nos.", "#", "route", "highway", "interstate", "flight",
    "room", "gate", "platform", "channel", "chapter", "section", "article", "page", "exit",
    "unit", "apartment", "suite", "bus", "line", "ward", "district", "precinct", "pier",
    "terminal", "level", "grade", "class", "act", "resolution", "amendment", "proposition",
}  # fmt: skip
PHONE_RE = re.compile(r"^\d{4}$")
DIAL_VERBS = {"call", "dial", "phone", "ring", "text"}
POINTING_WORDS = {"the", "this", "that", "which", "every", "each", "any"}
"""Before a lone "one" they make it a pronoun ("the one who fired"), not a count."""


@dataclass(frozen=True)
class FigureMention:
    """A figure and the tokens it stands on, for the extractor's syntax walk.

    `anchor` is the token the counted noun hangs on (the last number word, or
    the "no" of "no casualties"); `noun_hint` is set when the figure form itself
    says what is counted ("a 46-year-old" -> age, "nobody" -> person).
    """

    figure: Figure
    anchor: Token
    first: Token
    last: Token
    kind: FigureKind
    noun_hint: str | None = None


def parse_number(words: str) -> float | None:
    """The value of a written number: "2,500", "1.5 million", "thirty-five", "a dozen".

    Returns None when the words are not a number.
    """
    cleaned = words.strip().lower().replace("\u2013", "-")
    cleaned = re.sub(r"(?<=\d), (?=\d{3}\b)", ",", cleaned)  # "20, 000" (tokenised copy)
    glued = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)\s?(bn|mm|mln|m|k)", cleaned)
    if glued:
        number = parse_number(glued.group(1))
        return None if number is None else number * _COMPACT_SCALES[glued.group(2)]
    if not cleaned:
        return None
    parts = cleaned.replace("-", " ").split()
    if parts and parts[0] in {"a", "an"}:
        parts = ["one", *parts[1:]]
    scale = 1.0
    while parts and parts[-1] in SCALE_WORDS and len(parts) > 1:
        head = parts[:-1]
        if _is_numeric_literal(" ".join(head)) or parts[-1] not in {"hundred", "thousand"}:
            scale *= SCALE_WORDS[parts[-1]]
            parts = head
        else:
            break
    text = " ".join(parts)
    if _is_numeric_literal(text):
        return float(text.replace(",", "")) * scale
    if text in {"dozen", "one dozen"}:
        return 12.0 * scale
    if text in {"zero", "none"}:
        return 0.0
    try:
        return float(text2num(text, "en")) * scale
    except ValueError:
        return None


def _is_numeric_literal(text: str) -> bool:
    return bool(re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?|\.\d+", text))


@dataclass(frozen=True)
class _Tokens:
    """The token attributes the figure scan reads, as plain lists, read once per document.

    The scan looks at every token several times (is it a number, a zero, a fraction, a
    number with a glued unit?), and each `doc[i]` builds a new spaCy `Token` object:
    that was half of the time of `find_figures`. Only tokens that may start a figure
    are then looked at as `Token`s.
    """

    lower: list[str]
    text: list[str]
    tag: list[str]
    ent_type: list[str]
    like_num: list[bool]
    is_digit: list[bool]
    spaced: list[bool]
    """Whether whitespace follows the token (`bool(token.whitespace_)`)."""

    @classmethod
    def of(cls, doc: Doc) -> _Tokens:
        table = cls([], [], [], [], [], [], [])
        for token in doc:
            table.lower.append(token.lower_)
            table.text.append(token.text)
            table.tag.append(token.tag_)
            table.ent_type.append(token.ent_type_)
            table.like_num.append(token.like_num)
            table.is_digit.append(token.is_digit)
            table.spaced.append(bool(token.whitespace_))
        return table


_ORDINAL_DIGITS = re.compile(r"\d+(st|nd|rd|th)")


def _is_number_token(token: Token) -> bool:
    """A number word or literal, as spaCy sees it; ordinals and dates are not numbers."""
    return _is_number(token.lower_, token.tag_, token.ent_type_, token.like_num)


def _is_number(lower: str, tag: str, ent_type: str, like_num: bool) -> bool:
    """`_is_number_token` of a token given by its attributes."""
    if not (like_num or tag == "CD" or lower in VAGUE_COUNTS or lower == "dozen"):
        return False  # most tokens: no reading below could make them a number
    if ent_type == "ORDINAL" or (tag in {"JJ", "RB"} and not like_num):
        return False
    if _ORDINAL_DIGITS.fullmatch(lower):
        return False
    if lower in VAGUE_COUNTS or lower in {"dozen"}:
        return True
    if like_num and tag not in {"JJ", "RB"}:
        return True
    return tag == "CD" and parse_number(lower) is not None


def _number_runs(doc: Doc, tokens: _Tokens | None = None) -> list[tuple[int, int]]:
    """Token index runs [i, j) that together write one number ("one hundred", "1.5 million")."""
    t = tokens or _Tokens.of(doc)
    lower, text, like_num, is_digit, spaced = t.lower, t.text, t.like_num, t.is_digit, t.spaced

    def number(k: int) -> bool:
        return _is_number(lower[k], t.tag[k], t.ent_type[k], like_num[k])

    runs: list[tuple[int, int]] = []
    i = 0
    n = len(lower)
    while i < n:
        if not number(i):
            i += 1
            continue
        j = i + 1
        while j < n:
            p = j - 1  # the previous token
            if lower[j] in _COMPACT_SCALES and not spaced[p] and like_num[p]:
                j += 1  # "184M", "5bn" split by the tokenizer
                continue
            if lower[j] in _SPACED_SCALES and like_num[p] and j == i + 1:
                j += 1  # "30 bn euros", "5 mln": the abbreviation written apart
                continue
            words_only = not is_digit[j] and not is_digit[p] and "." not in text[j]
            if number(j) and (words_only or lower[j] in SCALE_WORDS):
                j += 1  # "one hundred", "thirty five", "1.5 million"
            elif (
                text[j] == "-"
                and j + 1 < n
                and not is_digit[p]
                and like_num[p]
                and like_num[j + 1]
                and not is_digit[j + 1]
                and not spaced[j]
                and not spaced[p]
            ):
                j += 2  # "thirty-five"
            elif (
                text[j] == ","
                and j + 1 < n
                and is_digit[p]
                and len(text[p]) <= 3
                and re.fullmatch(r"\d{3}", text[j + 1])
            ):
                j += 2  # "20, 000" as some copy-pasted wire text writes it
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def _entity_kind(first: Token, last: Token) -> str:
    return last.ent_type_ or first.ent_type_


def _is_age(doc: Doc, i: int, j: int) -> bool:
    """ "a 46-year-old", "Smith, 45," : the number is an age."""
    after = [t.lower_ for t in doc[j : j + 4]]
    if after[:3] == ["-", "year", "-"] or after[:1] == ["-year-old"]:
        return True
    if after[:2] == ["year", "old"] or after[:3] == ["years", "old", ","]:
        return True
    if i > 1 and doc[i - 1].lower_ == "both":
        i -= 1  # "Tennant and Hakim, both 51, died"
    before = doc[i - 1] if i > 0 else None
    following = doc[j] if j < len(doc) else None
    if before is not None and before.text == "," and following is not None:
        if following.text in {",", ";", ")"} or following.is_sent_end:
            head = doc[i - 2] if i > 1 else None
            if head is not None and head.ent_type_ == "PERSON":
                value = parse_number(doc[j - 1].text)
                return value is not None and 0 < value < 120
    return False


def _duration_unit(doc: Doc, j: int) -> str | None:
    if j < len(doc):
        lemma = doc[j].lemma_.lower()
        if lemma in DURATION_UNITS:
            return lemma
    return None


def _spaced_clock_time(doc: Doc, i: int, j: int) -> bool:
    """ "10 : 30" or "10 a. m.": a clock time whose parts text extraction spaced apart."""
    if j + 1 < len(doc) and doc[j].text == ":" and doc[j + 1].like_num:
        return True
    if i > 1 and doc[i - 1].text == ":" and doc[i - 2].like_num:
        return True
    after = "".join(t.lower_ for t in doc[j : j + 2])
    return after.startswith(("a.m.", "p.m."))


def _is_excluded(doc: Doc, i: int, j: int, kind: str) -> bool:
    """Numbers that are not figures: dates, times, years, list markers, labels, phones."""
    first = doc[i]
    text = doc[i:j].text
    if kind in {"TIME", "DATE"} and _is_calendar(doc, i, j):
        return True
    if ":" in text or _spaced_clock_time(doc, i, j):  # clock time "3:30"
        return True
    if j < len(doc) and doc[j].lower_ in TIME_ZONES:
        return True  # "0615 GMT"
    if YEAR.fullmatch(text) and kind != "MONEY":
        return True  # a year
    before = doc[i - 1] if i > 0 else None
    after = doc[j] if j < len(doc) else None
    if before is not None and before.lower_ in NUMBER_LABEL_WORDS:
        return True  # "No. 10"
    if before is not None and before.text == "." and i > 1 and doc[i - 2].lower_ in {"no", "nos"}:
        return True  # "No" "." "10" as the tokenizer sometimes splits it
    street = after is not None and after.lower_.strip(".") in STREET_WORDS - {"way", "place"}
    if street and after.ent_type_ != "QUANTITY":  # but "40 square kilometres" is an area
        return True  # "48 Kellner Street" is an address, "Route 66" a road
    if (
        after is not None
        and after.pos_ == "PROPN"
        and j + 1 < len(doc)
        and doc[j + 1].lower_.strip(".") in STREET_WORDS
    ):
        return True
    if after is not None and after.lower_ == "block" and first.is_digit and first.text != "1":
        return True  # "the 4200 block of Elm Street": where, not how many (a count says "blocks")
    if kind in {"FAC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "ORG"}:
        # "Route 66", "Apollo 11", "Fortune 500"; but a headline's "Kills 2 Women" is a count
        if first.ent_iob_ != "B" and not (after is not None and after.tag_ == "NNS"):
            return True
    counts_plural = after is not None and after.tag_ == "NNS"
    if before is not None and before.pos_ == "PROPN" and before.is_title and first.is_digit:
        if before.ent_type_ and before.ent_type_ not in {"MONEY", "CARDINAL", "QUANTITY"}:
            if not counts_plural:
                return True
    if before is not None and first.is_digit and _names_a_model(before, after):
        return True  # "iPhone 11", "S&P 500", "the Nasdaq 100": a product or index name
    if _describes_a_kind(doc, i, j):
        return True  # "a four-door car", "a two-bedroom flat": what kind of thing, not a count
    if before is not None and before.lemma_.lower() in DIAL_VERBS and first.is_digit:
        return True  # "called 911", "dial 999": a phone line, not a count
    if first.lower_ == "one" and before is not None and before.lower_ in POINTING_WORDS:
        pointing = before.dep_ == "det" and before.head.i == first.i
        counted = after is not None and (
            after.pos_ in {"NOUN", "PROPN"} or after.like_num or after.lower_ == "of"
        )
        if pointing and not counted:
            return True  # "I'm the one you're looking for": a pronoun
    # phone numbers "555-0134"
    if after is not None and after.text == "-" and j + 1 < len(doc):
        if PHONE_RE.match(doc[j + 1].text) and first.is_digit and len(first.text) == 3:
            return True
    if before is not None and before.text == "-" and i > 1 and doc[i - 2].is_digit:
        if len(doc[i - 2].text) == 3 and PHONE_RE.match(first.text) and len(first.text) == 4:
            return True
    # list markers: "1." opening a line or following a colon, "(2)" inside a sentence
    opens = i == 0 or "\n" in doc[i - 1].text or doc[i - 1].text in {":", ";"}
    if after is not None and after.text in {".", ")"} and first.is_digit and opens:
        return True
    if before is not None and before.text == "(" and after is not None and after.text == ")":
        return first.is_digit and len(first.text) <= 2
    if first.is_digit and len(first.text) <= 2 and after is not None and after.text == ".":
        if j + 1 < len(doc) and doc[j + 1].is_title and (i == 0 or doc[i - 1].is_punct):
            return True  # "budget: 1. Spending ..."
    return False


def _names_a_model(before: Token, after: Token | None) -> bool:
    """A number glued to a brand or index name: "iPhone 11", "S&P 500", "the FTSE 100".

    The name is a proper noun in title case, capitals ("FTSE"), mixed case ("iPhone")
    or with an ampersand ("S&P") that the tagger left without a place, date or person label,
    and no counted plural follows ("Kessel 14 rockets" stays a count).
    """
    if before.pos_ != "PROPN" or before.ent_type_ in {"GPE", "LOC", "DATE", "PERSON", "NORP"}:
        return False
    if before.ent_type_ in {"MONEY", "CARDINAL", "QUANTITY", "PERCENT"}:
        return False
    text = before.text
    acronym = len(text) >= 3 and text.isupper() and text.isalpha()  # "FTSE 100"
    mixed = "&" in text or (text[:1].islower() and not text.islower())  # "S&P", "iPhone"
    # a headline capitalises every word ("Teen Shot 11 Times"): only odd shapes tell there
    titled = before.is_title and not _title_cased(before.sent)
    if not (titled or acronym or mixed) or before.lower_ in NUMBER_LABEL_WORDS:
        return False
    if before.is_sent_start:
        return False
    if after is not None and (after.tag_ in {"NNS", "NNPS"} or after.lower_ in PERCENT_WORDS):
        return False
    return after is None or after.lower_ not in CURRENCY_WORDS


def _title_cased(sent: Span) -> bool:
    """Most words of the sentence capitalised, as headlines write them."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 2 and sum(t.is_title for t in words) >= 0.6 * len(words)


# Parts that say what kind of thing something is, hyphenated to a number before the thing:
# "a four-door car", "a two-bedroom flat", "a five-star hotel", "a three-course meal". A
# number hyphenated to anything else stays a figure: "a 6-point lead", "a three-story
# building", "a 10-juror majority" report how big something is.
KIND_WORDS = {
    "door", "bedroom", "bathroom", "wheel", "cylinder", "speed", "star", "piece", "course",
    "way", "seater", "string", "ply", "stroke", "engine", "lane",
}  # fmt: skip


def _describes_a_kind(doc: Doc, i: int, j: int) -> bool:
    """ "a four-door car": a number hyphenated to a part noun that modifies another noun
    names a kind of thing, not a quantity anyone reports."""
    if j + 2 >= len(doc) or doc[j].text != "-" or doc[j - 1].whitespace_ or doc[j].whitespace_:
        return False
    noun, head = doc[j + 1], doc[j + 2]
    if noun.tag_ != "NN" or head.pos_ not in {"NOUN", "PROPN"} or noun.whitespace_ == "":
        return False
    if i > 0 and doc[i - 1].lower_ in CURRENCY_SYMBOLS:
        return False
    return noun.lemma_.lower() in KIND_WORDS


SCALE_NAMES = {"magnitude", "richter"}
"""A figure next to one of these is a reading on a scale ("a magnitude-5.2 quake",
"5.9 on the Richter scale"), whatever noun the sentence puts it on ("its strength")."""


def _on_a_scale(doc: Doc, i: int, j: int) -> bool:
    window = [*doc[max(0, i - 2) : i], *doc[j : min(len(doc), j + 4)]]
    return any(t.lower_ in SCALE_NAMES for t in window)


_DAY_OR_CLOCK = re.compile(r"\d+(st|nd|rd|th)|\d+[:/]\d+.*")
"""A day of the month ("5th") or a clock time or date written with ':' or '/'."""


def _is_calendar(doc: Doc, i: int, j: int) -> bool:
    """Is a DATE/TIME-tagged number really a date? The small model tags many counts DATE."""
    entity = entity_of(doc[i])
    tokens = list(entity) if entity else list(doc[i:j])
    if any(t.lower_ in CALENDAR_WORDS or t.lemma_.lower() in CALENDAR_WORDS for t in tokens):
        return True
    if any(YEAR.fullmatch(t.lower_) or _DAY_OR_CLOCK.fullmatch(t.lower_) for t in tokens):
        return True
    return _duration_unit(doc, j) is not None


def _qualifier_before(doc: Doc, i: int) -> tuple[Qualifier, int]:
    """The qualifier written just before token i, and the index where it starts."""
    k = i
    if k > 0 and doc[k - 1].lower_ in CURRENCY_SYMBOLS:
        k -= 1
    if k > 1 and doc[k - 1].text == "-" and doc[k - 2].lower_ in SCALE_NAMES:
        k -= 2  # "at least magnitude - 5.9": the qualifier is written before the scale's name
    elif k > 0 and doc[k - 1].lower_ in SCALE_NAMES:
        k -= 1  # "at least magnitude 5.9"
    words = [t.lower_ for t in doc[max(0, k - 3) : k]]
    for phrase, qualifier in QUALIFIER_PHRASES:
        if len(phrase) <= len(words) and tuple(words[-len(phrase) :]) == phrase:
            return qualifier, k - len(phrase)
    return "exact", i


RANGE_QUALIFIERS = frozenset({"exact", "about", "up_to"})
"""Qualifiers a range may follow: "10 to 15", "about 35 to 40", "as many as 30 to 40"
(the range is what the hedge spans)."""


def _bounds(qualifier: Qualifier, value: float) -> tuple[float | None, float | None]:
    """Interval a qualified figure allows; "about" is +-10%, "nearly" 85-100%."""
    match qualifier:
        case "exact":
            return value, value
        case "at_least" | "more_than":
            return value, None
        case "up_to" | "less_than":
            return None, value
        case "about":
            return value * 0.9, value * 1.1
        case "nearly":
            return value * 0.85, value
    return value, value


def _unit(doc: Doc, i: int, j: int) -> tuple[str | None, FigureKind, int, int]:
    """Currency, percent or measurement unit around the number; widened span bounds."""
    start, end = i, j
    before = doc[i - 1] if i > 0 else None
    after = doc[j] if j < len(doc) else None
    if before is not None and before.lower_ in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[before.lower_], "money", i - 1, j
    if before is not None and before.lower_ in {"usd", "eur", "gbp"}:
        return before.text.upper(), "money", i - 1, j
    if after is not None:
        if after.lower_ in PERCENT_WORDS:
            return "percent", "percent", start, j + 1
        if after.lower_ == "per" and j + 1 < len(doc) and doc[j + 1].lower_ == "cent":
            return "percent", "percent", start, j + 2
        if after.lower_ in CURRENCY_WORDS:
            return CURRENCY_WORDS[after.lower_], "money", start, j + 1
        # Only spaCy's QUANTITY entities are looked up: quantulum3's unit tables take
        # seconds to load, which most articles never need.
        is_quantity = "QUANTITY" in {doc[i].ent_type_, after.ent_type_}
        unit = measurement_unit(after.text) if after.is_alpha and is_quantity else None
        if unit is not None:
            return unit, "quantity", start, j + 1
        if _entity_kind(doc[i], doc[j - 1]) == "QUANTITY" or after.ent_type_ == "QUANTITY":
            # a unit of several words is read whole: "40 square kilometres"
            entity = entity_of(after) if after.ent_iob_ == "I" else None  # the number's own
            unit_end = entity.end if entity is not None and entity.end > j else j + 1
            unit = _quantity_unit(doc[i:unit_end].text)
            if unit:
                return unit, "quantity", start, unit_end
    return None, "count", start, end


NOT_MEASUREMENT_UNITS = {
    "dollar", "pound sterling", "pound-mass", "percentage", "year", "day", "week", "month",
    "hour", "minute", "second", "euro", "point", "game", "unit",
}  # fmt: skip


@functools.cache
def _unit_words() -> tuple[dict, dict]:
    from quantulum3 import load  # quantulum3 knows ~1,400 unit names and symbols

    units = load.units("en")
    return units.surfaces_lower, units.symbols_lower


def measurement_unit(word: str) -> str | None:
    """The unit a word names ("miles" -> mile, "km" -> kilometre), or None for count nouns."""
    surfaces, symbols = _unit_words()
    lower = word.lower()
    for found in (surfaces.get(lower), symbols.get(word), symbols.get(lower)):
        for unit in found or ():
            if unit.name not in NOT_MEASUREMENT_UNITS:
                return unit.name
    return None


def _quantity_unit(text: str) -> str | None:
    """The measurement unit of "30 kilometres" (quantulum3), or None."""
    from quantulum3 import parser  # slow to import; only needed for QUANTITY entities

    try:
        quantities = parser.parse(text)
    except Exception:  # quantulum3 raises on odd input; a missing unit is harmless
        return None
    for quantity in quantities:
        name = quantity.unit.name
        if name and name not in {"dimensionless", ""}:
            return name
    return None


RATE_PERIODS = {
    "second", "minute", "hour", "day", "week", "month", "year", "season", "game", "night",
    "person", "capita", "head", "household", "share", "barrel", "mile", "kilometre", "unit",
}  # fmt: skip
RATE_ADVERBS = {"annually": "year", "yearly": "year", "daily": "day", "weekly": "week",
                "monthly": "month", "hourly": "hour", "apiece": "unit"}  # fmt: skip
RATE_ADJECTIVES = {"annual": "year", "yearly": "year", "daily": "day", "weekly": "week",
                   "monthly": "month", "hourly": "hour"}  # fmt: skip
RATE_WORDS = RATE_ADVERBS | RATE_ADJECTIVES
"""Words after a figure that make it a rate: "3% annually", "a $23 million annual salary"."""


RELATIVE_TIME_WORDS = {"later", "earlier", "ago", "after", "before", "since"}


def _rate_period(doc: Doc, start: int, end: int) -> str | None:
    """ "$22 million per season", "500 a day", "3% annually", "$23 million annual
    salary", "an annual value of $23 million": the period of a rate."""
    before = doc[max(0, start - 4) : start]
    if len(before) and before[-1].lower_ == "of":  # "an average annual value of"
        for token in before:
            if token.lower_ in RATE_ADJECTIVES:
                return RATE_ADJECTIVES[token.lower_]
    window = doc[end : min(len(doc), end + 5)]
    for k, token in enumerate(window):
        if token.lower_ in RATE_WORDS:
            return RATE_WORDS[token.lower_]
        if token.lower_ in {"per", "a", "an", "each", "every"} and k + 1 < len(window):
            following = window[k + 1]
            after = window[k + 2].lower_ if k + 2 < len(window) else ""
            if following.lemma_.lower() in RATE_PERIODS and after not in RELATIVE_TIME_WORDS:
                return following.lemma_.lower()
            return None
        if token.pos_ not in {"NOUN", "PROPN", "ADJ"}:
            return None  # only the counted noun may stand between a figure and its period
    return None


def _second_number(
    doc: Doc, j: int, runs_by_start: dict[int, int], *, between: bool
) -> tuple[int, int] | None:
    """The run of the second number of "10-15", "10 to 15", "two or three",
    "between $140 million and $150 million", or None."""
    connectors = {"and"} if between else {"-", "to", "\u2013", "or"}
    if not between and doc[j - 1].text.endswith(("-", "\u2013")) and len(doc[j - 1]) > 1:
        k = j  # "$ 140- $ 150 million": the dash is written onto the first number
    elif j >= len(doc) or doc[j].lower_ not in connectors:
        return None
    else:
        k = j + 1
    if k < len(doc) and doc[k].lower_ in CURRENCY_SYMBOLS:
        k += 1
    if k in runs_by_start:
        return k, runs_by_start[k]
    return None


def find_figures(doc: Doc, *, offset: int = 0, text: str | None = None) -> list[FigureMention]:
    """Every checkable figure in `doc`; offsets are shifted by `offset`.

    `text` is the document text the offsets refer to (defaults to `doc.text`
    shifted by `offset`); it is used to cut the figure text exactly.
    """
    tokens = _Tokens.of(doc)
    runs = _number_runs(doc, tokens)
    runs_by_start = {i: j for i, j in runs}
    consumed: set[int] = set()
    mentions: list[FigureMention] = []
    for i, j in runs:
        if i in consumed:
            continue
        kind_label = _entity_kind(doc[i], doc[j - 1])
        noun_hint = None
        figure_kind: FigureKind = "count"
        if _is_age(doc, i, j):
            figure_kind, noun_hint = "age", "age"
        elif kind_label in {"DATE", "TIME"} and _duration_unit(doc, j) is not None:
            figure_kind, noun_hint = "duration", _duration_unit(doc, j)
        elif _is_excluded(doc, i, j, kind_label):
            continue
        elif _on_a_scale(doc, i, j):
            noun_hint = "magnitude"
        lone = j - i == 1 and doc[i].lower_ in SCALE_WORDS
        if lone and doc[i].lower_ != "dozen" and doc[i].lower_ not in VAGUE_COUNTS:
            continue  # a lone "billion" belongs to a number written before it ("euro110 billion")
        if _fraction_at(doc, i) is not None:
            continue  # "two-thirds of voters" is a share, read by _fraction_figures
        value = parse_number(doc[i:j].text)
        vague = doc[i:j].text.lower() in VAGUE_COUNTS
        if value is None and not vague:
            continue
        if vague and j + 1 < len(doc) and doc[j].lower_ == "of":
            if doc[j + 1].lower_ in {"thousands", "millions"}:
                continue  # "hundreds of thousands" is read at "thousands"
        qualifier, q_start = _qualifier_before(doc, i)
        if figure_kind == "duration" and doc[max(q_start, 0)].lower_ == "over":
            qualifier, q_start = "exact", i  # "over nine days" is a span of time, not "more than"
        low: float | None
        high: float | None
        end = j
        opener = i - 1 if i > 0 and doc[i - 1].lower_ not in CURRENCY_SYMBOLS else i - 2
        between = q_start == i and opener >= 0 and doc[opener].lower_ == "between"
        second = _second_number(doc, j, runs_by_start, between=between)
        if vague:
            low, high = VAGUE_COUNTS[doc[i:j].text.lower()]
            value, qualifier = None, "approx"
            if i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].lower_ in {"tens", "hundreds"}:
                unit_size = low / 2  # "tens of thousands": 20,000-99,999
                low, high = (20, 99) if doc[i - 2].lower_ == "tens" else (200, 999)
                low, high, q_start = low * unit_size, (high + 1) * unit_size - 1, i - 2
        elif (
            second is not None
            and second[1] - second[0] == 1
            and doc[second[0]].lower_ in SCALE_WORDS
            and doc[second[0]].lower_ != "dozen"
        ):
            # "a 110 - billion bailout": a hyphenated scale word is the figure's own scale
            end = second[1]
            if value is not None:
                value *= SCALE_WORDS[doc[second[0]].lower_]
            low, high = _bounds(qualifier, value)  # type: ignore[arg-type]
        elif second is not None and (between or qualifier in RANGE_QUALIFIERS):
            k, end = second
            high_value = parse_number(doc[k:end].text)
            scale = SCALE_WORDS.get(doc[end - 1].lower_, 1.0)
            if (
                value is not None
                and high_value is not None
                and scale > 1
                and value * scale <= high_value
            ):
                if doc[j - 1].lower_ not in SCALE_WORDS:
                    value *= scale  # "140-150 million": the scale belongs to both ends
            if value is not None and high_value is not None and high_value > value:
                qualifier, low, high = "range", value, high_value
                q_start = opener if between else q_start
                consumed.add(k)
            else:
                end = j
                low, high = _bounds(qualifier, value)  # type: ignore[arg-type]
        else:
            low, high = _bounds(qualifier, value)  # type: ignore[arg-type]
        unit, unit_kind, span_start, span_end = _unit(doc, i, end)
        if figure_kind == "count":
            figure_kind = unit_kind
        elif figure_kind == "duration":
            unit = noun_hint
        elif figure_kind == "age":
            unit = "year"
        period = _rate_period(doc, min(q_start, span_start), max(span_end, end))
        if period is not None and figure_kind in {"count", "money", "percent", "quantity"}:
            unit = f"{unit or 'count'}/{period}"  # "$22 million per season" is a rate
        scale_start = min(q_start, span_start)
        first_tok, last_tok = doc[scale_start], doc[max(span_end, end) - 1]
        mentions.append(
            _mention(
                doc,
                first_tok,
                last_tok,
                anchor=doc[j - 1],  # a range hangs on its first number
                offset=offset,
                text=text,
                value=value,
                low=low,
                high=high,
                qualifier=qualifier,
                unit=unit,
                kind=figure_kind,
                noun_hint=noun_hint,
            )
        )
    mentions.extend(_zero_figures(doc, tokens, offset=offset, text=text))
    mentions.extend(_fraction_figures(doc, tokens, offset=offset, text=text))
    mentions.extend(_compact_figures(doc, tokens, offset=offset, text=text))
    mentions.sort(key=lambda m: m.figure.start)
    return mentions


def _mention(
    doc: Doc,
    first: Token,
    last: Token,
    *,
    anchor: Token,
    offset: int,
    text: str | None,
    value: float | None,
    low: float | None,
    high: float | None,
    qualifier: Qualifier,
    unit: str | None,
    kind: FigureKind,
    noun_hint: str | None,
) -> FigureMention:
    start = first.idx + offset
    end = last.idx + len(last.text) + offset
    surface = text[start:end] if text is not None else doc[first.i : last.i + 1].text
    figure = Figure(
        text=surface,
        start=start,
        end=end,
        value=value,
        low=low,
        high=high,
        qualifier=qualifier,
        unit=unit,
    )
    return FigureMention(figure, anchor, first, last, kind, noun_hint)


# One token holding a number with a currency, scale or label glued on, as wire copy and
# sports blogs write them: "110bn", "200MM", "euro22", "US$5", "magnitude-5.2".
_COMPACT = re.compile(
    r"(?P<prefix>euro|eur|us\$|\$|€|£|[a-z]+-)?(?P<number>\d+(?:[.,]\d+)*)(?P<scale>bn|mm|mln|m|k)?",
    re.IGNORECASE,
)
_COMPACT_SCALES = {"bn": 1e9, "mm": 1e6, "mln": 1e6, "m": 1e6, "k": 1e3}
_SPACED_SCALES = {"bn", "mln"}
"""Scale abbreviations that name nothing else, so they belong to a number written before
them with a space ("30 bn euros"); "m" and "k" written apart may be metres or a letter."""
_COMPACT_CURRENCIES = {
    "euro": "EUR",
    "eur": "EUR",
    "us$": "USD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
}


def _compact_figures(
    doc: Doc, tokens: _Tokens, *, offset: int, text: str | None
) -> list[FigureMention]:
    found: list[FigureMention] = []
    for i, written in enumerate(tokens.text):
        if tokens.like_num[i] or written.isalpha() or not any(ch.isdigit() for ch in written):
            continue  # (a word of letters alone holds no digit)
        token = doc[i]
        match = _COMPACT.fullmatch(token.text)
        if match is None or not (match.group("prefix") or match.group("scale")):
            continue
        value = parse_number(match.group("number"))
        if value is None:
            continue
        prefix = (match.group("prefix") or "").lower()
        value *= _COMPACT_SCALES.get((match.group("scale") or "").lower(), 1.0)
        last = token
        if token.i + 1 < len(doc) and doc[token.i + 1].lower_ in SCALE_WORDS:
            last = doc[token.i + 1]  # "euro110 billion"
            value *= SCALE_WORDS[last.lower_]
        unit = _COMPACT_CURRENCIES.get(prefix)
        if unit is None and token.i + 1 < len(doc):
            unit = CURRENCY_WORDS.get(doc[token.i + 1].lower_)
        if unit is None and token.i > 0:
            unit = CURRENCY_SYMBOLS.get(doc[token.i - 1].lower_)
        skip = len(prefix) if prefix and prefix.endswith("-") else 0
        start = token.idx + offset + skip
        end = last.idx + len(last.text) + offset
        surface = text[start:end] if text is not None else doc[token.i : last.i + 1].text[skip:]
        figure = Figure(surface, start, end, value, value, value, "exact", unit)
        kind: FigureKind = "money" if unit else "count"
        hint = "magnitude" if prefix.rstrip("-") in SCALE_NAMES else None  # "magnitude-5.2"
        found.append(FigureMention(figure, last, token, last, kind, hint))
    return found


_ZERO_STARTS = {"no", "none"} | set(PEOPLE_ZERO_WORDS)
"""The only words a zero figure can start with (`_zero_figures`)."""


def _zero_figures(
    doc: Doc, tokens: _Tokens, *, offset: int, text: str | None
) -> list[FigureMention]:
    """ "no casualties", "none were hurt", "no one was killed": a figure of zero."""
    found: list[FigureMention] = []
    for i, lower in enumerate(tokens.lower):
        if lower not in _ZERO_STARTS:
            continue
        token = doc[i]
        noun_hint: str | None = None
        last = token
        following = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
        if lower == "no" and following in {"fewer", "more", "less", "longer"}:
            continue  # "no fewer than 12" is a qualifier, not a zero
        if lower == "no" and token.dep_ == "det" and token.head.tag_ == "NNS":
            noun_hint = token.head.lemma_.lower()
        elif lower == "no" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "one":
            noun_hint, last = "person", doc[token.i + 1]
        elif lower in PEOPLE_ZERO_WORDS:
            noun_hint = PEOPLE_ZERO_WORDS[lower]
        elif lower == "none" and token.dep_.startswith("nsubj"):
            noun_hint = _none_of(token)
        else:
            continue
        found.append(
            _mention(
                doc,
                token,
                last,
                anchor=last,
                offset=offset,
                text=text,
                value=0.0,
                low=0.0,
                high=0.0,
                qualifier="exact",
                unit=None,
                kind="zero",
                noun_hint=noun_hint,
            )
        )
    return found


FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10,
}  # fmt: skip
NUMERATORS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
              "seven": 7, "eight": 8, "nine": 9}  # fmt: skip


def _fraction_at(doc: Doc, i: int) -> tuple[int, int, float] | None:
    """ "a third of", "two-thirds of", "half of": (first token, fraction token, share in %).

    Only a fraction of something ("of" follows) is a share; "a third time" and
    "the third" are ordinals, "a quarter past ten" a time.
    """
    numerator, k = 1.0, i
    word = doc[i].lower_
    if word in NUMERATORS:
        numerator = NUMERATORS[word]
        k = i + 1
        if k < len(doc) and doc[k].text == "-" and not doc[i].whitespace_:
            k += 1
    elif word not in {"half"}:
        return None
    if k >= len(doc) or k + 1 >= len(doc) or doc[k + 1].lower_ != "of":
        return None
    fraction = doc[k].lower_
    if fraction not in FRACTIONS or (numerator > 1) != fraction.endswith("s"):
        if not ((fraction == "half" and k == i) or (fraction == "half" and numerator == 1)):
            return None
    if i > 0 and doc[i - 1].lower_ in {"the", "every", "each"}:
        return None  # "the third of May", "every half of the match"
    return i, k, round(100 * numerator / FRACTIONS[fraction], 4)


def _fraction_figures(
    doc: Doc, tokens: _Tokens, *, offset: int, text: str | None
) -> list[FigureMention]:
    """ "a third of those screened", "two-thirds of voters", "half of the 40 staff": a share,
    in percent, so that "a third" can be compared with "33 percent"."""
    found: list[FigureMention] = []
    taken = -1
    for i, lower in enumerate(tokens.lower):
        if i <= taken or (lower not in NUMERATORS and lower != "half"):
            continue  # `_fraction_at` reads only a numerator or "half"
        fraction = _fraction_at(doc, i)
        if fraction is None:
            continue
        first, last, share = fraction
        taken = last
        qualifier, q_start = _qualifier_before(doc, first)
        low, high = _bounds(qualifier, share)
        found.append(
            _mention(
                doc,
                doc[min(first, q_start)],
                doc[last],
                anchor=doc[last],
                offset=offset,
                text=text,
                value=share,
                low=low,
                high=high,
                qualifier=qualifier,
                unit="percent",
                kind="percent",
                noun_hint=None,
            )
        )
    return found


def _none_of(token: Token) -> str | None:
    """ "none of the passengers" -> passenger."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj.lemma_.lower()
    return None
