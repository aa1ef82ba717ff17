"""What the pipeline found, in the words a reader uses: no lemmas, no field names.

The matcher works on lemmas ("rocket", "fire", "according_to") and field names
("different_measure"); a fact-checker reads phrases ("rockets fired", "according
to", "different measure"). Every front end (the web pages, the terminal, the
CSV and the ClaimReview export) takes its wording from here, so one rule turns
"militiaman deploy" into "militiamen deployed" everywhere. Pure Python, no
models: the written form of a word is looked up in the claim's own sentence
first, and only made by rule when the sentence does not have it.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from factcheck.model import COMPETING_ESTIMATES, Claim, Document, Finding, number_text

__all__ = [
    "KIND_WORDS",
    "LEGEND",
    "claim_counts",
    "confidence_words",
    "evidence_phrase",
    "evidence_words",
    "figure_words",
    "how_said",
    "kind_words",
    "measure_words",
    "moved_words",
    "participle",
    "plural",
    "speaker_words",
    "summary_text",
    "values_words",
]

# The measure stage's lexicon, read here by path: importing `factcheck.measure` would load
# quantulum3, which the first page of the UI must not wait for.
LEXICON = Path(__file__).with_name("measure") / "measures.toml"


@functools.cache
def _lexicon() -> dict[str, Any]:
    """The measure lexicon, read once, without importing `measure` (which pulls in spaCy and
    would cost the command line seconds for `--help`)."""
    with LEXICON.open("rb") as handle:
        return tomllib.load(handle)


@functools.cache
def empty_predicates() -> frozenset[str]:
    """Verbs that say nothing about what is counted ("there were no damages": "be"), from
    the measure lexicon's own list."""
    return frozenset(_lexicon()["words"]["empty_predicates"]["words"])


@functools.cache
def reading_nouns() -> frozenset[str]:
    """Nouns of a reading on a scale ("magnitude"), which the measure lexicon reads whatever
    verb the sentence has (its measures with `readings`): "a magnitude 5.8 quake killed 12"
    says what the quake did, not the magnitude."""
    measures = _lexicon()["canonical"].values()
    return frozenset(noun for entry in measures if entry.get("readings") for noun in entry["nouns"])


KIND_WORDS = {
    "conflict": "conflict",
    "agreement": "agreement",
    "different_measure": "different measure",
    "update": "update",
}
"""Finding kinds as a reader names them."""

LEGEND: tuple[tuple[str, str], ...] = (
    ("conflict", "the figures cannot both be true."),
    ("agreement", "the reports give the same figure, or figures that can both hold."),
    ("different measure", "the same thing counted differently (fired against landed): "
     "both may hold."),
    ("update", "the same source gives a newer figure later."),
    (COMPETING_ESTIMATES, "two sources each give their own figure for one quantity at one "
     "time (organisers against police): a conflict even when a hedge lets both hold."),
    ("confirmed / possible", "how sure the matcher is that the reports are about one "
     "quantity; hover over the word for the probability."),
)  # fmt: skip
"""What the words on a finding mean, for the legend on every page that shows findings."""

QUOTE_WORDS = {
    "direct": "in quotation marks",
    "indirect": "in reported speech",
    "according_to": "",
    "narrator": "",
}
"""How a statement was quoted; empty where the cue already says it ("according to")."""

_IRREGULAR_PLURALS = {
    "person": "people", "child": "children", "man": "men", "woman": "women",
    "foot": "feet", "tooth": "teeth", "mouse": "mice", "goose": "geese",
    "life": "lives", "wife": "wives", "knife": "knives", "leaf": "leaves",
    "police": "police", "people": "people", "sheep": "sheep", "fish": "fish",
    "aircraft": "aircraft", "series": "series", "species": "species", "news": "news",
    "casualty": "casualties", "damage": "damage", "staff": "staff", "crisis": "crises",
}  # fmt: skip
_IRREGULAR_PARTICIPLES = {
    "hit": "hit", "put": "put", "cut": "cut", "set": "set", "shut": "shut", "let": "let",
    "shoot": "shot", "fight": "fought", "buy": "bought", "bring": "brought",
    "catch": "caught", "sell": "sold", "tell": "told", "hold": "held", "build": "built",
    "send": "sent", "spend": "spent", "lose": "lost", "lead": "led", "leave": "left",
    "meet": "met", "pay": "paid", "lay": "laid", "find": "found", "win": "won",
    "take": "taken", "give": "given", "drive": "driven", "write": "written",
    "see": "seen", "go": "gone", "do": "done", "make": "made", "get": "got",
    "steal": "stolen", "break": "broken", "fly": "flown", "throw": "thrown",
    "grow": "grown", "draw": "drawn", "fall": "fallen", "rise": "risen",
    "strike": "struck", "stand": "stood", "sink": "sunk", "begin": "begun",
    "run": "run", "come": "come", "become": "become", "flee": "fled", "feed": "fed",
    "bear": "borne", "seek": "sought", "teach": "taught", "think": "thought",
    "keep": "kept", "sleep": "slept", "hide": "hidden", "ride": "ridden", "rid": "rid",
    "deal": "dealt", "mean": "meant", "hear": "heard", "say": "said", "be": "been",
    "have": "had", "sit": "sat", "spread": "spread", "quit": "quit", "bid": "bid",
    "wound": "wounded", "injure": "injured", "kill": "killed",
}  # fmt: skip
_VOWELS = set("aeiou")
_FACILITY = re.compile(
    r"\b(base|airport|air ?field|camp|station|school|hospital|court|plant|port|prison|"
    r"stadium|square|hotel|market|church|mosque|temple|embassy|factory|mine|bridge|"
    r"building|tower|park|center|centre|mall|university|college|office|site|dam|field)s?\b",
    re.IGNORECASE,
)
_SPECIAL_KINDS = {
    "killed": "people killed",
    "injured": "people injured",
    "arrested": "people arrested",
    "evacuated": "people evacuated",
    "crowd": "crowd size",
    "population": "population",
    "casualty": "casualties",
    "age": "age",
    "magnitude": "magnitude",
    "distance": "distance",
    "depth": "depth",
    "height": "height",
    "length": "length",
    "width": "width",
    "duration": "duration",
    "unknown": "figure",
}
"""Working measure kinds (`measure.Measure.kind`) that are already a reader's phrase."""


WORD_CACHE = 1 << 14
"""Written forms remembered: judging a batch words the same few thousand counted nouns for
every pair of claims it judges (a hundred thousand in a thousand articles); bounded, so a
process that runs all day stays small."""


@functools.lru_cache(maxsize=WORD_CACHE)
def plural(noun: str) -> str:
    """An English plural by rule: "rocket" -> "rockets", "militiaman" -> "militiamen"."""
    word = noun.strip()
    if not word:
        return word
    head, _, last = word.rpartition(" ")
    prefix = f"{head} " if head else ""
    lower = last.lower()
    for singular, many in _IRREGULAR_PLURALS.items():
        if lower == singular or (lower.endswith(singular) and singular in {"man", "woman"}):
            return prefix + last[: len(last) - len(singular)] + many
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return prefix + last + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in _VOWELS:
        return prefix + last[:-1] + "ies"
    return prefix + last + "s"


def participle(verb: str) -> str:
    """A verb's past participle by rule: "fire" -> "fired", "deploy" -> "deployed"."""
    word = verb.strip().lower()
    if not word or " " in word:
        return word
    if word in _IRREGULAR_PARTICIPLES:
        return _IRREGULAR_PARTICIPLES[word]
    if word.endswith("ed"):
        return word
    if word.endswith("e"):
        return word + "d"
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ied"
    if (
        len(word) <= 4
        and len(word) >= 3
        and word[-1] not in _VOWELS | {"w", "x", "y"}
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
    ):
        return word + word[-1] + "ed"  # "stop" -> "stopped", "plan" -> "planned"
    return word + "ed"


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


@functools.lru_cache(maxsize=WORD_CACHE)
def _written(lemma: str, text: str) -> str | None:
    """The form of `lemma` as `text` writes it ("militiaman" in "... militiamen ..."), if any.

    Once per lemma and sentence: a claim is worded for every pair it is judged in."""
    lemma = lemma.lower()
    if not lemma:
        return None
    need = max(3, len(lemma) - 2)
    many = plural(lemma).lower()
    for match in _WORD.finditer(text):
        word = match.group(0)
        lower = word.lower()
        if lower in (lemma, many):
            return lower
        common = len(_common_prefix(lower, lemma))
        if common >= need and abs(len(lower) - len(lemma)) <= 3 and not lower[0].isupper():
            return lower
    return None


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def noun_words(claim: Claim) -> str:
    """The counted noun as the sentence writes it after the figure ("rockets", "militiamen")."""
    noun = (claim.noun or "").strip()
    if not noun:
        return ""
    end = claim.figure_in_sentence[1]
    after = claim.sentence[max(end, 0) :] if 0 <= end <= len(claim.sentence) else claim.sentence
    found = _written(noun, after[:80]) or _written(noun, claim.sentence)
    if found:
        return found
    one = claim.point is not None and abs(claim.point) == 1
    return noun if one else plural(noun)


def claim_counts(claim: Claim) -> str:
    """What one claim counts, as a phrase: "rockets fired", "militiamen deployed", "damages".

    The predicate is left out when it says nothing ("there were no damages": "be"), and
    for a reading on a scale, whose verb is what the quake did ("magnitude", not
    "magnitude killed").
    """
    noun = noun_words(claim)
    predicate = (claim.predicate or "").strip().lower()
    says_nothing = predicate in empty_predicates() or noun.lower() in reading_nouns()
    verb = "" if not predicate or says_nothing else participle(predicate)
    if noun and verb:
        return f"{noun} {verb}"
    return noun or verb or "what is counted is not clear"


def _place_words(place: str) -> str:
    place = place.strip()
    if not place:
        return ""
    return f" {'at' if _FACILITY.search(place) else 'in'} {place}"


def measure_words(measure: str, claim: Claim | None = None) -> str:
    """A finding's measure (`Finding.measure`, built from lemmas) as a phrase a reader uses.

    "rocket fire at Camp Ostrel" -> "rockets fired at Camp Ostrel";
    "militiaman deploy" -> "militiamen deployed"; "injured at Iraq" -> "people injured in
    Iraq"; "money usd offer" -> "money offered (USD)". `claim`, one report of the
    quantity, gives the counted noun as its sentence writes it.
    """
    base, _, place = measure.partition(" at ")
    words = base.split()
    where = _place_words(place)
    if not words:
        return ("figure" + where).strip()
    if base in _SPECIAL_KINDS:
        return _SPECIAL_KINDS[base] + where
    if words[0] == "money" and len(words) >= 2:
        currency = words[1].upper()
        rest = " ".join(participle(w) for w in words[2:])
        return (f"money {rest}".strip() + f" ({currency})") + where
    if words[0] == "percent":
        thing = " ".join(words[1:2])
        rest = " ".join(participle(w) for w in words[2:])
        shown = f"share of {plural(thing)}" if thing and thing != "percent" else "percentage"
        return " ".join(part for part in (shown, rest) if part) + where
    if len(words) >= 2 and words[-1] == "reading":
        return base + where
    noun, *rest = words
    if claim is not None and (claim.noun or "").lower() in {noun, noun.replace("_", " ")}:
        written = noun_words(claim)
    else:
        written = plural(noun)
    verbs = " ".join(participle(w) for w in rest if w not in empty_predicates())
    return " ".join(part for part in (written, verbs) if part) + where


def kind_words(finding: Finding) -> str:
    """ "conflict", "different measure", ... and the dispute when there is one."""
    words = KIND_WORDS.get(finding.kind, finding.kind.replace("_", " "))
    return f"{words} ({finding.dispute})" if finding.dispute else words


def confidence_words(finding: Finding) -> str:
    """ "confirmed" or "possible" (the pair model's verdict; the probability is a tooltip)."""
    return "confirmed" if finding.confidence == "confirmed" else "possible"


def probability_words(finding: Finding) -> str:
    """The probability behind the confidence, for a tooltip."""
    return f"probability {finding.score:.2f} that these reports are about one quantity"


def how_said(claim: Claim) -> str:
    """The cue and the kind of quotation in words: "said, in reported speech", "according to"."""
    cue = (claim.cue or "").replace("_", " ").strip()
    quote = QUOTE_WORDS.get(claim.quote, (claim.quote or "").replace("_", " "))
    if claim.quote == "narrator" and not cue:
        return "in the outlet's own words"
    return ", ".join(part for part in (cue, quote) if part)


def speaker_words(claim: Claim, document: Document | None = None) -> str:
    """Who gives the figure: the speaker, or the outlet itself when nobody is named."""
    if claim.speaker:
        return claim.speaker
    outlet = document.source if document is not None and document.source else "the outlet"
    return f"{outlet} itself" if outlet != "the outlet" else "the outlet itself"


_EVIDENCE_PHRASES = (
    (re.compile(r"^both say (.+)$"), r"the same words around both figures (\1)"),
    (re.compile(r"^both (?!name |count |say |give )(.+)'s$"), r"both give \1's figure"),
    (re.compile(r"^(.+)'s against (.+)'s$"), r"\1's figure against \2's"),
)
"""What a check's terse note says, as a sentence: the notes list the words near the figures
("both say air, base, brenna") and whose figure it is ("both Brenna Air Base's")."""


def evidence_phrase(says: str) -> str:
    """One check's note as a reader reads it (`_EVIDENCE_PHRASES`); other notes unchanged."""
    for pattern, phrase in _EVIDENCE_PHRASES:
        if pattern.match(says):
            return pattern.sub(phrase, says)
    return says


def evidence_words(finding: Finding) -> list[str]:
    """What the checks saw, as short sentences ("both count projectiles fired", "same article")."""
    seen = [evidence_phrase(str(part)) for part in finding.checks.get("evidence", ()) if part]
    if not seen and finding.checks.get("shared_places"):
        seen.append(f"both name {finding.checks['shared_places'][0]}")
    return list(dict.fromkeys(seen))


CHECK_WORDS = {
    "sentence": "one sentence read twice", "wording": "the wording",
    "surroundings": "the words around the figure", "measure": "what is counted",
    "story": "the stories of the articles", "places": "the places", "owners": "whose figure it is",
    "dates": "the dates", "values": "how far apart the figures are", "parts": "part or whole",
    "statement": "how it is stated", "speakers": "who said it", "units": "the units",
    "events": "the events", "frame": "what the figure is attached to",
    "rivals": "closer matches elsewhere in the articles",
    "order": "where each figure comes in its article",
    "other_figures": "the articles' other figures",
}  # fmt: skip
"""The pair model's checks as a reader names them."""


def moved_words(finding: Finding, *, limit: int = 3) -> str:
    """The checks that weighed most, in words, split by which way they pushed: "for one
    quantity: what is counted, the dates; against: the stories of the articles".

    A bare "(for)" after each name left a reader to guess for what; the weights themselves
    stay in the tooltip (`render.moved_most`) and the JSON.
    """
    sides: dict[bool, list[str]] = {True: [], False: []}
    for item in list(finding.contributions)[:limit]:
        weight = float(item.get("weight", 0.0) or 0.0)
        if abs(weight) < 0.05:
            continue
        check = str(item.get("check"))
        if check not in CHECK_WORDS:
            continue  # a check added since: no reader's name for it yet, so not named
        sides[weight > 0].append(CHECK_WORDS[check])
    parts = []
    if sides[True]:
        parts.append("for one quantity: " + join_words(sides[True]))
    if sides[False]:
        parts.append("against: " + join_words(sides[False]))
    return "; ".join(parts)


def figure_words(claim: Claim) -> str:
    """The figure as written, lower-cased when it is a word ("Two" -> "two"): for a summary."""
    text = " ".join(claim.figure_text.split())
    if text[:1].isupper() and text[1:2].islower():
        return text[:1].lower() + text[1:]
    return text


def values_words(finding: Finding) -> str:
    """The distinct values: "14 vs 30" (or "2 and 2" for an agreement)."""
    joiner = " and " if finding.kind == "agreement" else " vs "
    return joiner.join(number_text(v) for v in finding.values)


def _label(claim: Claim, document: Document | None) -> str:
    """ "Col. Marcus Hale, AP, 2021-07-07"; "AP itself, 2021-07-07" for the outlet's voice."""
    if document is None:
        return speaker_words(claim)
    if not claim.speaker:
        own = (speaker_words(claim, document), document.published)
        return ", ".join(part for part in own if part)
    parts = [claim.speaker, document.source, document.published]
    return ", ".join(part for part in parts if part)


def summary_text(finding: Finding, claims: Sequence[Claim], documents: dict[str, Document]) -> str:
    """The finding as one line to paste into a note or a chat, with who said what where.

    "14 rockets (Col. Marcus Hale, AP, 2021-07-07) vs 30 (the Eastern Dawn
    Brigades, AP, 2021-07-07): rockets fired at Camp Ostrel; conflict,
    possible." The first value carries the counted noun; each value lists every
    report that gave it.
    """
    by_value: dict[float | None, list[Claim]] = {}
    for claim in claims:
        by_value.setdefault(claim.point, []).append(claim)
    joiner = " and " if finding.kind == "agreement" else " vs "
    parts = []
    for n, (_, group) in enumerate(by_value.items()):
        first = group[0]
        figure = figure_words(first)
        if n == 0:
            noun = noun_words(first)
            if noun and noun.lower() not in figure.lower():
                figure = f"{figure} {noun}"
        who = "; ".join(dict.fromkeys(_label(c, documents.get(c.doc_id)) for c in group))
        parts.append(f"{figure} ({who})")
    lead = claims[0] if claims else None
    what = measure_words(finding.measure, lead)
    return (
        f"{joiner.join(parts)}: {what}; {kind_words(finding)}, {confidence_words(finding)}."
        if parts
        else f"{what}: {values_words(finding)}; {kind_words(finding)}."
    )


def own_why(finding: Finding) -> str:
    """The finding's why without its opening count of reports and who gave what
    ("3 reports, 2 values: 14: ...; 30: ...."), which a block already shows line by line."""
    why = finding.why.strip()
    given = finding.given_by()
    if given and why.startswith(f"{len(finding.reports)} reports,") and f"{given}." in why:
        return why.split(f"{given}.", 1)[1].strip() or why
    return why


def join_words(items: Iterable[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    listed = [item for item in items if item]
    if len(listed) <= 1:
        return "".join(listed)
    return ", ".join(listed[:-1]) + " and " + listed[-1]
