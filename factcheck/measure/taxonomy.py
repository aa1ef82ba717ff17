"""How a figure's frame maps to the taxonomy of measures (`Measure.canonical`).

The words around the figure are read by `reading.py`; the word lists come from
`measures.toml` through `lexicon.py`. This module decides, from what they read,
the working `kind`, the predicate `event`, the canonical measure, its
`reference` and its `scope`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from quantulum3.load import units as quantulum_units

from factcheck.figures import DURATION_UNITS, SCALE_WORDS
from factcheck.measure.lexicon import (
    AGE_CUES,
    AGE_NOUNS,
    AGE_PREDICATES,
    ARREST_WORDS,
    CHANGE_WORDS,
    CROWD_NOUNS,
    CROWD_WORDS,
    DIMENSION_WORDS,
    EMPTY_PREDICATES,
    EVACUATE_WORDS,
    FRAME_SUBJECTS,
    GATHERING_NOUNS,
    INJURED_WORDS,
    KILLED_WORDS,
    MONEY_KINDS,
    MONEY_SCALE_WORDS,
    MONEY_UNITS,
    NOUN_SYNONYMS,
    OBJECT_MEASURES,
    OBJECT_STARTS,
    PEOPLE_MEASURES,
    PERSON_NOUNS,
    PLACE_PREPOSITIONS,
    POPULATION_NOUNS,
    POPULATION_PREDICATES,
    PREDICATE_FAMILIES,
    PREDICATE_IDIOMS,
    PREDICATE_SYNONYMS,
    QUAKE_READINGS,
    REFERENCE_PREPOSITIONS,
    SCOPE_PREPOSITIONS,
    SCOPE_WORDS,
    SENTENCE_CASUALTY_WORDS,
    SENTENCING_PREDICATES,
    SPORT,
    TIME_UNITS,
    VAGUE_PERSON_PREDICATES,
    VICTIM_NOUNS,
    canonical_words,
    lexicon,
)
from factcheck.measure.lexicon import (
    LEXICON_PATH as LEXICON_PATH,  # re-exported: callers read the lexicon's path and words here
)
from factcheck.measure.lexicon import (
    SETTLEMENT_NOUNS as SETTLEMENT_NOUNS,
)
from factcheck.measure.reading import (
    befell_as_modifier,
    counted_noun,
    is_name,
    named_part,
    object_name,
    phrase_after,
    said_after,
    sentence_words,
    singular,
    tokens_after,
    unit_entity,
    years_old,
)
from factcheck.model import Claim


@dataclass(frozen=True)
class Measure:
    """The comparable core of a claim: a thing (`kind`) and what happened (`event`).

    `kind` decides whether two claims can be compared at all; `event` (a
    normalized predicate, or None) tells different measures of one thing apart.
    `canonical` is the measure's name in the taxonomy of `measures.toml`
    ("deaths", "crowd size", "money: offer", "duration", "count: child", "other:
    gallon"); `reference` is what the figure is relative to when the claim names
    it (a distance's point, whose age, what lasted, a percent's base, whose
    money); `scope` are the phrases that bound what it covers ("in the district").
    Two figures with one canonical measure but different references or scopes
    are two quantities.
    """

    kind: str
    event: str | None
    unit_class: str
    canonical: str = ""
    reference: str | None = None
    scope: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.kind if self.event is None else f"{self.kind} {self.event}"


@functools.cache
def _units() -> Any:
    """pint's unit registry, built on first use (importing pint takes half a second)."""
    import pint

    return pint.UnitRegistry()


COMMON_UNITS = {"length": "kilometre", "time": "second"}
"""The unit each dimension's figures are compared in: "1,500 kilometres" and "940 miles" are
one distance, "around 30 seconds" and "for one minute" one duration, written in two units."""


@functools.cache
def per_common_unit(unit: str | None) -> tuple[str, float] | None:
    """The dimension a unit measures and how many common units one of it is ("mile" ->
    length, 1.609 km; "minute" -> time, 60 s), or None for a unit of no such dimension."""
    known = quantulum_units().names.get(unit) if unit else None
    if known is None or known.entity.name not in COMMON_UNITS:
        return None  # the figure reader's units (quantulum3) say what a unit measures
    try:
        factor = _units().Quantity(1.0, unit).to(COMMON_UNITS[known.entity.name]).magnitude
    except Exception:  # pint's own errors, or a word it cannot read as a unit
        return None  # a unit pint does not know is none it can convert
    return known.entity.name, float(factor)


def _dimension_of(claim: Claim) -> tuple[str, float] | None:
    """A claim's dimension and scale; an age is counted in years, whatever its unit says."""
    found = per_common_unit((claim.unit or "").lower())
    if found is not None and found[0] == "time":
        if (claim.noun or "").lower() in AGE_NOUNS or years_old(claim):
            return None  # "Orozco, 29" and "the 39-year-old": ages, compared as they are
    return found


def comparable_scale(claim: Claim) -> float:
    """The factor that puts a claim's values on its measure's common scale (km for lengths,
    seconds for durations)."""
    found = _dimension_of(claim)
    return found[1] if found is not None else 1.0


def unit_class(claim: Claim) -> str:
    """Units that can be compared: money with money, percent with percent, counts with counts,
    a length in miles with one in kilometres, a duration in minutes with one in seconds."""
    unit = (claim.unit or "").lower()
    found = _dimension_of(claim)
    if found is not None:
        return found[0]
    if unit in MONEY_UNITS:
        return f"money {unit}"  # conversions are separate reports, not conflicts
    if unit == "percent":
        return "percent"
    if not unit:
        return "count"
    return unit


def measure_of(claim: Claim) -> Measure:
    """The measure a claim reports, for compatibility checks and finding labels."""
    kind, event, units = _kind_of(claim)
    canonical, reference = _canonical(claim, kind, event, units)
    return Measure(kind, event, units, canonical, reference, _scope(claim, reference))


def _kind_of(claim: Claim) -> tuple[str, str | None, str]:
    """The working kind, event and unit class the matcher compares."""
    noun = (claim.noun or "").lower()
    predicate = (claim.predicate or "").lower() or None
    units = unit_class(claim)
    if noun in AGE_NOUNS:
        return "age", None, "count"
    if noun == "magnitude":
        return "magnitude", None, units  # a reading on a scale, whatever "struck"
    if units == "length":  # "1,500 km south of the capital", "10 km deep"
        return _dimension(claim), None, units
    if units == "time":  # "lasted 30 seconds", "for one minute"
        return "duration", _event(predicate), units
    if units.startswith("money"):
        return units, _event(predicate), units
    if units == "percent":
        return f"percent {noun}".strip(), _event(predicate), units
    noun = NOUN_SYNONYMS.get(noun, noun)
    if _fractional_count(claim, noun):
        return f"{noun} reading", _event(predicate), units  # not 3.5 tremors
    if noun in GATHERING_NOUNS:
        return "crowd", None, units
    context = {predicate} if predicate else set()
    person_like = noun in PERSON_NOUNS or noun in {"", "people"}
    if _population(noun, predicate, person_like=person_like):
        return "population", None, units
    if person_like and (predicate is None or predicate in VAGUE_PERSON_PREDICATES):
        words = sentence_words(claim)
        context |= {w for w in words if w in SENTENCE_CASUALTY_WORDS}
        context |= {SENTENCE_CASUALTY_WORDS[w] for w in context if w in SENTENCE_CASUALTY_WORDS}
    if noun in {"death", "toll"} or (person_like and context & KILLED_WORDS):
        return "killed", None, units
    if noun == "injured" or (person_like and context & INJURED_WORDS):
        return "injured", None, units
    if person_like and context & ARREST_WORDS:
        return "arrested", None, units
    if person_like and context & EVACUATE_WORDS:
        return "evacuated", None, units
    if noun in CROWD_NOUNS or ((person_like or noun.endswith("s")) and context & CROWD_WORDS):
        return "crowd", None, units
    if noun == "casualty":
        if sentence_words(claim) & {"dead", "killed", "deaths", "died"}:
            return "killed", None, units
        return "casualty", None, units
    if not noun:
        return predicate or "unknown", None, units
    if person_like:
        # people counted by an unclassified verb: only the same verb is the same measure
        return f"{noun} {_event(predicate) or ''}".strip(), None, units
    return noun, _event(predicate), units


# --- the canonical taxonomy -------------------------------------------------------------------

KIND_TO_CANONICAL = {
    "killed": "deaths",
    "injured": "injured",
    "arrested": "arrested",
    "population": "population",
    "magnitude": "magnitude",
}
"""Working kinds that already are a measure of the taxonomy."""


def _canonical(claim: Claim, kind: str, event: str | None, units: str) -> tuple[str, str | None]:
    """The taxonomy name of a claim's measure and what it is relative to."""
    noun = counted_noun(claim) if units == "count" else (claim.noun or "").lower()
    predicate = (claim.predicate or "").lower()
    if kind == "age" or years_old(claim):
        return "age", _named(
            claim.actor or claim.head or next(iter(claim.owners), None) or claim.subject
        )
    if kind == "magnitude" or noun == "magnitude" or _quake_reading(claim, noun, units):
        return "magnitude", None
    sport = _sport(claim, noun) if units == "count" else None
    if sport is not None:
        return sport, _named(claim.actor or _first(claim.owners))  # whose record or score
    entity = unit_entity(claim, noun) if units != "count" or noun else None
    if entity is not None and entity.startswith("money"):
        return entity, _named(claim.actor or _first(claim.owners))
    if entity is not None:
        return entity, None
    part = named_part(claim) if units == "count" else None
    befell = _casualty_of(kind, predicate) if part is not None else None
    if befell is not None:
        return befell, part  # "5 Varnese and 3 Oskari troops died"
    if part is not None:
        return f"count: {part}", None  # "12 Somali and 11 Yemeni pirates"
    if units == "count" and not noun:
        owner = _bare_age(claim)
        if owner is not None:
            return "age", _named(owner) if owner else None
        if _turns(claim) and _whole_age(claim.value):
            return "age", _named(claim.actor or claim.subject)  # "who turns 29 in April"
    if units == "count" and _unwritten_currency(claim, noun):
        return f"money: {_money_kind(claim)}", _named(claim.actor or _first(claim.owners))
    unit_noun = quantulum_units().names.get(noun) if units == "count" and noun else None
    if units == "length" or (unit_noun is not None and unit_noun.entity.name == "length"):
        dimension = _dimension(claim)  # "13 nautical miles": a length the reader left a noun
        return dimension, _point(claim) if dimension == "distance" else None
    if units.startswith("money") or NOUN_SYNONYMS.get(noun) == "money":
        return f"money: {_money_kind(claim)}", _named(claim.actor or _first(claim.owners))
    if units == "percent":
        base = noun if noun not in {"", "percent", "%"} else claim.subject
        before = claim.sentence[: claim.figure_in_sentence[0]].lower().split()[-1:]
        if {predicate, noun, (claim.head or "").lower(), *before} & CHANGE_WORDS:
            changed = claim.subject or (base if base not in CHANGE_WORDS else None)
            return "percent change", _named(changed)  # "shares fell 11%", "a 5% rise"
        return "percent", _named(base or _of_phrase(claim))
    if _is_duration(claim, noun):
        return "duration", _lasting_thing(claim)
    person_like = noun in PERSON_NOUNS or noun in {"", "people"}
    if units == "count" and noun in VICTIM_NOUNS:
        befallen = _befallen(claim)
        if befallen is not None:
            return befallen, None  # "the four murder victims", "casualties ... died"
    if units == "count" and person_like:
        if noun and (claim.governor or "").lower() in PERSON_NOUNS:
            befell = befell_as_modifier(claim)  # "the families of the two wounded men"
            if befell is not None:
                return befell, None
            return "people", object_name(noun)  # "the father of two sons died": the sons did not
        written = said_after(claim)
        if written is not None:
            return written, None  # "3 dead", "two co-workers killed", "are under arrest"
    if noun == "time" and units == "count":
        repeated = _repeated_action(predicate)
        if repeated is not None:
            return repeated, None  # "shot three times", "fired 11 times"
    if person_like and noun and _idiom(claim, predicate):
        return "people", object_name(noun)  # "no executives have been held accountable"
    if kind in KIND_TO_CANONICAL:
        canonical = KIND_TO_CANONICAL[kind]
        return canonical, _settled_in(claim) if canonical == "population" else None
    said = _people_measure_said_around(claim, person_like=person_like)
    if said is not None and kind not in {"killed", "injured"}:
        return said, None  # "took 23 into custody", "arrested 23 men who fled"
    crowd_like = person_like or noun in CROWD_NOUNS or noun in GATHERING_NOUNS
    if kind == "crowd" and (crowd_like or is_name(claim)) and _gathers(claim, noun):
        if noun == "striker" or "strike" in {predicate, claim.subject, claim.head}:
            return "strikers", None
        return "crowd size", None
    if kind == "evacuated":
        displaced = canonical_words("displaced", "predicates")
        return ("displaced" if predicate in displaced else "evacuated"), None
    found = _by_lexicon(claim, noun, predicate, person_like=person_like)
    if found is not None:
        return found, None
    if units == "count" and _is_tally(claim, noun, predicate, person_like=person_like):
        return "votes", None  # "the jury deadlocked 9-3", "nine in favor"
    if units == "count" and (not noun or is_name(claim)) and _sport_record(claim):
        return "won-lost record", _named(claim.actor or _first(claim.owners))
    if units == "count" and (not noun or noun == "game" or is_name(claim)):
        games = _games(claim, predicate)
        if games is not None:
            return games, _named(claim.actor or _first(claim.owners))
    if units == "count" and noun in SPORT["result_nouns"] and _sports_copy(claim):
        return SPORT["result_nouns"][noun], _named(claim.actor or _first(claim.owners))
    if kind.endswith(" reading"):
        return f"other: {noun or 'reading'}", None
    if units != "count":
        return f"other: {units}", None
    if unit_noun is not None and unit_noun.entity.name not in {"dimensionless", "time"}:
        return f"other: {unit_noun.name}", None  # "3 acres" written where no unit was read
    if person_like and noun:
        return "people", object_name(noun)  # people by what they are, when nothing happened to them
    if noun and noun not in FRAME_SUBJECTS:
        return f"count: {object_name(noun)}", _what_of(claim, noun)  # "13 counts of murder"
    return f"other: {predicate or claim.head or 'unknown'}", None


# --- what the frame says beyond the counted noun (the words themselves: `reading.py`) ---


def _idiom(claim: Claim, predicate: str) -> bool:
    """A people measure's verb in another sense: "held accountable" is no arrest."""
    words = PREDICATE_IDIOMS.get(predicate)
    return bool(words) and bool(set(words.split()) & set(tokens_after(claim)))


def _turns(claim: Claim) -> bool:
    """ "who turns 29 in April": an age verb written right before the number ("turned
    out to be a fortunate one" is no age)."""
    if (claim.predicate or "").lower() not in AGE_PREDICATES:
        return False
    before = claim.sentence[: claim.figure_in_sentence[0]].lower()
    forms = "|".join(rf"{verb}\w*" for verb in AGE_PREDICATES)
    return bool(re.search(rf"\b(?:{forms})\s+$", before))


_PARTITIVE_WHOLE = re.compile(
    r"^(?:(?:the|his|her|their|its)\s+)?"
    r"(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred)s?\b)"
)


def _what_of(claim: Claim, noun: str) -> str | None:
    """What a counted object is of: "13 counts of attempted murder" -> attempted murder,
    "two nights of rioting" -> rioting. Not a pronoun ("one of them"), and not the whole
    of a partitive ("six of the 10 judges" counts judges of those 10)."""
    phrase = _named(_of_phrase(claim))
    if phrase is None or phrase.split()[0] in OBJECT_STARTS | {"which", "whom", "these", "those"}:
        return None
    if _PARTITIVE_WHOLE.match(phrase) or singular(phrase.split()[-1]) == noun:
        return None
    return phrase


def _casualty_of(kind: str, predicate: str) -> str | None:
    """Deaths or injured, when the working kind or the predicate says so."""
    if kind in {"killed", "injured"}:
        return KIND_TO_CANONICAL[kind]
    for name in ("deaths", "injured"):
        if predicate in lexicon()["canonical"][name]["predicates"]:
            return name
    return None


def _whole_age(value: float | None) -> bool:
    return value is not None and float(value).is_integer() and 0 < value < 120


def _unwritten_currency(claim: Claim, noun: str) -> bool:
    """An amount whose currency sign was lost or left out: "110bn in loans", a garbled
    euro sign before "110 billion", "a 110 billion debt bailout". Only a figure with a
    scale word, counting no word or a kind of money."""
    words = re.findall(r"[a-z]+", claim.figure_text.lower())
    if not set(words) & MONEY_SCALE_WORDS:
        return False
    if noun in MONEY_KINDS or (noun and not noun.isalpha()):
        return True
    in_money = any(
        phrase.startswith("in ") and singular(phrase.split()[-1]) in MONEY_KINDS
        for phrase in claim.modifiers
    )
    return not noun and in_money


def _repeated_action(predicate: str) -> str | None:
    """ "shot three times", "fired 11 times": a count of times a weapon's action happened
    counts its projectiles, those that struck or those fired, by the verb."""
    table = lexicon()["canonical"]
    for name in ("projectiles hit", "projectiles fired"):
        if predicate in table[name].get("times_predicates", ()):
            return name
    return None


def _gathers(claim: Claim, noun: str) -> bool:
    """A crowd's weak verbs gather one only with their words: "took to the streets",
    "turned out"; "turns 29" and "it took 40 firefighters" gather no crowd."""
    entry = lexicon()["canonical"]["crowd size"]
    predicate = (claim.predicate or "").lower()
    if predicate not in entry["weak_predicates"] or noun in entry["nouns"]:
        return True
    cues = entry["weak_cues"]
    if any(phrase.startswith(cue) for phrase in claim.modifiers for cue in cues):
        return True
    forms = "|".join(entry["weak_forms"].get(predicate, [predicate]))
    return bool(re.search(rf"\b(?:{forms})\s+(?:{'|'.join(cues)})\b", claim.sentence.lower()))


def _is_tally(claim: Claim, noun: str, predicate: str, *, person_like: bool) -> bool:
    """A split of votes: "the jury deadlocked at 9-3", "nine in favor", "three voting"."""
    entry = lexicon()["canonical"]["votes"]
    if noun in entry["nouns"] and noun not in {"seat"}:
        return True
    if noun and not person_like and noun not in {"jury", "panel", "court"}:
        return False
    if predicate in entry["tally_predicates"]:
        return True
    return any(
        phrase.startswith(cue) for phrase in claim.modifiers for cue in entry["tally_modifiers"]
    )


def _sports_copy(claim: Claim) -> bool:
    return bool(sentence_words(claim) & set(SPORT["context"]))


def _games(claim: Claim, predicate: str) -> str | None:
    """ "lost eight of 10", "dropped their last three", "taking two of six": a bare count
    won or lost in sports copy is of games won or lost; the whole after "of" is of games."""
    if predicate not in SPORT["game_predicates"] or not _sports_copy(claim):
        return None
    start = claim.figure_in_sentence[0]
    before = claim.sentence[:start]
    if re.search(r"\b(?:of|to)\s+(?:the\s+|their\s+|its\s+|his\s+)?(?:last\s+)?$", before):
        return "count: game"  # "two of six": the whole; "took them to six games": its length
    return SPORT["game_predicates"][predicate]


def _quake_reading(claim: Claim, noun: str, units: str) -> bool:
    """ "a 5.2 quake", "the 6.1 hit at dawn": a figure with decimals that counts a quake or
    nothing, in a sentence that names one, is the quake's magnitude."""
    if units != "count" or (noun and noun not in QUAKE_READINGS):
        return False
    if not _DECIMAL.search(claim.figure_text) or any(w in claim.figure_text for w in SCALE_WORDS):
        return False
    words = {singular(w) for w in sentence_words(claim)}
    return bool(words & QUAKE_READINGS)


def _befallen(claim: Claim) -> str | None:
    """What happened to victims or casualties, said by their own phrase ("four murder
    victims", "two injured victims") or else by the sentence ("... victims ... died")."""
    table = lexicon()["canonical"]
    start = claim.figure_in_sentence[0]
    before = re.findall(r"[a-z]+", claim.sentence[:start].lower())[-2:]
    own = set(tokens_after(claim, limit=4)) | set(before)
    sentence = sentence_words(claim)
    for words in (own, sentence):
        for name in ("deaths", "injured"):
            entry = table[name]
            cues = set(entry["after"]) | set(entry["nouns"]) | set(entry.get("sentence", ()))
            if words & cues:
                return name
    return None


def _sport_record(claim: Claim) -> bool:
    """A bare "9-14" in sports copy is a team's won-lost record."""
    end = claim.figure_in_sentence[1]
    if not (_PAIR.match(claim.figure_text) or _PAIR_AFTER.match(claim.sentence[end:])):
        return False
    return bool(sentence_words(claim) & set(lexicon()["sport"]["context"]))


def _people_measure_said_around(claim: Claim, *, person_like: bool) -> str | None:
    """A measure of people named by a modifier ("into custody", "on strike") or by the verb
    or event noun the figure's phrase belongs to ("the arrest of 23 men")."""
    if not person_like:
        return None
    table = lexicon()["canonical"]
    governor = (claim.governor or "").lower()
    sentencing = (claim.predicate or "").lower() in SENTENCING_PREDICATES
    for name in PEOPLE_MEASURES:
        entry = table[name]
        if set(claim.modifiers) & set(entry.get("modifiers", ())) and not sentencing:
            return name  # "on strike"; "shot to death", but not "sentenced to death"
        if name == "crowd size":
            continue  # "took", "drew", "filled": a crowd's verbs are too common to govern
        if governor and (
            governor in entry.get("predicates", ()) or governor in entry.get("nouns", ())
        ):
            return name
    return None


def _by_lexicon(claim: Claim, noun: str, predicate: str, *, person_like: bool) -> str | None:
    """The taxonomy entry whose nouns or predicates the claim's frame uses, if any."""
    table = lexicon()["canonical"]
    sentence = sentence_words(claim)
    for name in PEOPLE_MEASURES:
        entry = table[name]
        if noun in entry.get("nouns", ()):
            return name
        if not person_like:
            continue
        if predicate in entry.get("predicates", ()):
            if name == "crowd size" and not _gathers(claim, noun):
                continue  # "it took 40 firefighters"
            return name
        vague = not predicate or predicate in VAGUE_PERSON_PREDICATES
        if vague and sentence & set(entry.get("sentence", ())):
            return name
    thing = NOUN_SYNONYMS.get(noun, noun)
    for name in OBJECT_MEASURES:
        entry = table[name]
        nouns = set(entry.get("nouns", ()))
        if (noun in nouns or thing in nouns) and predicate in entry.get("predicates", ()):
            return name
        if name == "votes" and noun in nouns:
            return name
    return None


_PAIR = re.compile(r"^\s*\d+\s*[-–]\s*\d+\s*$")
_PAIR_AFTER = re.compile(r"^\s*[-–]\s*\d")


def _sport(claim: Claim, noun: str) -> str | None:
    """ "a 9-14 start" is a won-lost record, "an 88-72 loss" a final score; None otherwise."""
    end = claim.figure_in_sentence[1]
    paired = _PAIR.match(claim.figure_text) or _PAIR_AFTER.match(claim.sentence[end:])
    if not paired:
        return None
    sport = lexicon()["sport"]
    if noun in sport["record_nouns"]:
        return "won-lost record"
    if noun in sport["score_nouns"]:
        return "score"
    return None


_NAME_BEFORE = re.compile(r"([A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*)\s*,\s*$")


def _bare_age(claim: Claim) -> str | None:
    """Whose age a bare number is, "" when it is an age of no name, None when it is none.

    "Mara Lind, 34, was arrested" (AP style: the age after the name, between
    commas) -> "Mara Lind"; "two sons, ages 6 and 16" -> "". Only whole numbers a
    person can be, and only a number nothing else is counted by.
    """
    value = claim.value
    if value is None or not float(value).is_integer() or not 0 < value < 120:
        return None
    start, end = claim.figure_in_sentence
    before, after = claim.sentence[:start], claim.sentence[end:]
    words = re.findall(r"[a-z]+", before.lower())[-3:]
    if set(words) & AGE_CUES:
        return ""
    name = _NAME_BEFORE.search(before)
    if name is None or not re.match(r"\s*[,;)]", after):
        return None
    preceding = re.findall(r"[a-z]+", before[: name.start()].lower())[-1:]
    if set(preceding) & PLACE_PREPOSITIONS:
        return None  # "In Varna, 40 were hurt": a place, then a count
    predicate = (claim.predicate or "").lower()
    if any(predicate in lexicon()["canonical"][m].get("predicates", ()) for m in PEOPLE_MEASURES):
        return None  # "Varna, 40 dead": what happened to them says it is a count
    return name.group(1)


def _first(values: tuple[str, ...]) -> str | None:
    return values[0] if values else None


def _named(text: str | None) -> str | None:
    """A reference written plainly: lower-case, without a leading article."""
    if not text:
        return None
    text = re.sub(r"^(the|a|an|his|her|its|their)\s+", "", text.strip().lower())
    return text or None


def _is_duration(claim: Claim, noun: str) -> bool:
    """ "eight years", "a 3-hour hearing", "for six weeks": a length of time, not an age."""
    unit = (claim.unit or "").lower()
    return unit in TIME_UNITS or noun in TIME_UNITS


def _lasting_thing(claim: Claim) -> str | None:
    """What a duration belongs to: "an eight-year offer" -> offer, "the hearing lasted 3
    hours" -> hearing, "served 20 years" -> serve, "a 10-year veteran" -> veteran."""
    if claim.head:
        return _named(claim.head)
    predicate = (claim.predicate or "").lower()
    if claim.subject and claim.subject not in FRAME_SUBJECTS and predicate in {"last", "take"}:
        return _named(claim.subject)
    if predicate and predicate not in EMPTY_PREDICATES:
        return predicate
    return _named(claim.subject or _of_phrase(claim))


def _of_phrase(claim: Claim) -> str | None:
    """The object of an "of" modifier ("3 percent of the vote" -> the vote)."""
    for phrase in claim.modifiers:
        if phrase.startswith("of "):
            return phrase[3:]
    return None


def _point(claim: Claim) -> str | None:
    """The point a distance is measured from ("9 km from the dam", "north of the capital")."""
    for phrase in claim.modifiers:
        words = phrase.split()
        for k, word in enumerate(words[:-1]):
            if word in REFERENCE_PREPOSITIONS:
                return _named(" ".join(words[k + 1 :]))
    return None


def _settled_in(claim: Claim) -> str | None:
    """The place whose population a figure is ("Darsk, a city of 500,000" -> darsk), as
    the extractor writes it: an "of" phrase of its own, not a direction's point."""
    for phrase in claim.modifiers:
        words = phrase.split()
        if len(words) > 1 and words[0] == "of" and not any(w[0].isdigit() for w in words):
            return _named(" ".join(words[1:]))
    return None


def _scope(claim: Claim, reference: str | None) -> tuple[str, ...]:
    """The phrases that bound what a figure covers ("in the district", "across the region",
    "in stock"), and scope words beside the figure ("nationwide", "combined")."""
    found: list[str] = []
    for phrase in claim.modifiers:
        words = phrase.split()
        if words[0] in SCOPE_PREPOSITIONS and (reference is None or reference not in phrase):
            found.append(phrase)
    start, end = claim.figure_in_sentence
    near = claim.sentence[max(0, start - 30) : end + 30].lower()
    found.extend(w for w in re.findall(r"[a-z-]+", near) if w in SCOPE_WORDS)
    return tuple(dict.fromkeys(found))


def _money_kind(claim: Claim) -> str:
    """What an amount is: an offer, a deal, damage, aid, a fine, a ransom, a value, ...

    The counted noun or the noun the amount describes says it first ("a $35,000
    reward"); then the nearest word of the sentence that names a kind of money
    ("offered a $10,000 reward": the reward, not the offering); then the frame's
    predicate, subject and modifiers ("the Owls offered Kovac $160 million").
    """
    offered = MONEY_KINDS.get((claim.predicate or "").lower()) == "offer"
    for word in (claim.noun, claim.head):
        if word and word.lower() in MONEY_KINDS:
            kind = MONEY_KINDS[word.lower()]
            return "offer" if offered and kind == "deal" else kind  # "offered a $9M contract"
    start, end = claim.figure_in_sentence
    if offered:
        # "offered a $10,000 reward": a kind of money in the figure's own phrase says
        # what was offered; a word further off ("the fine reporter ... said the team
        # offered $160 million") does not
        before = re.findall(r"[a-z-]+", claim.sentence[:start].lower())[-3:]
        for word in [*phrase_after(claim), *reversed(before)]:
            kind = MONEY_KINDS.get(word) or MONEY_KINDS.get(singular(word))
            if kind is not None and kind not in {"deal", "offer"}:
                return kind
        return "offer"
    kinds = [MONEY_KINDS.get(w) or MONEY_KINDS.get(singular(w)) for w in phrase_after(claim)]
    if any(kinds):
        return [kind for kind in kinds if kind][-1]  # "a 110 billion debt bailout": the head
    best: tuple[int, str] | None = None
    for match in re.finditer(r"[a-z-]+", claim.sentence.lower()):
        word = match.group()
        kind = MONEY_KINDS.get(word) or MONEY_KINDS.get(word[:-1] if word.endswith("s") else "")
        if kind is None:
            continue
        gap = start - match.end() if match.end() <= start else match.start() - end
        if gap >= 0 and (best is None or gap < best[0]):
            best = (gap, kind)
    if best is not None:
        return best[1]
    for word in (claim.predicate, claim.subject):
        if word and word.lower() in MONEY_KINDS:
            return MONEY_KINDS[word.lower()]
    return "amount"


def _dimension(claim: Claim) -> str:
    """ "at a depth of 10 km", "10 km deep", "1,500 km south of the capital": which length."""
    start, end = claim.figure_in_sentence
    before = re.split(r"[,;:()]", claim.sentence[max(0, start - 20) : start])[-1]
    after = re.split(r"[,;:()]", claim.sentence[end : end + 12])[0]
    for word in re.findall(r"[a-z]+", f"{before} {after}".lower()):
        if word in DIMENSION_WORDS:
            return DIMENSION_WORDS[word]
    return "distance"


_DECIMAL = re.compile(r"\.\d")


def _fractional_count(claim: Claim, noun: str) -> bool:
    """A figure written with decimals ("3.5", "4.0") counts no whole things.

    "tremors of around 3.5" reads the tremors' strength; only a scale
    word ("1.5 million people") or a duration ("2.5 hours") makes decimals a count.
    """
    if claim.unit is not None or noun in DURATION_UNITS or not noun:
        return False
    text = claim.figure_text.lower()
    return bool(_DECIMAL.search(text)) and not any(word in text for word in SCALE_WORDS)


def _population(noun: str, predicate: str | None, *, person_like: bool) -> bool:
    """ "home to 85,000 people", "64,000 residents" (had, numbered): how many live there."""
    if person_like and predicate in POPULATION_PREDICATES:
        return True
    return noun in POPULATION_NOUNS and (predicate is None or predicate in EMPTY_PREDICATES)


def _event(predicate: str | None) -> str | None:
    if predicate is None or predicate in EMPTY_PREDICATES:
        return None
    return PREDICATE_SYNONYMS.get(predicate, predicate)


def compatible(a: Measure, b: Measure) -> bool:
    """Can two measures be compared at all (same thing counted, same kind of unit)?"""
    if a.unit_class != b.unit_class or a.kind != b.kind or a.kind == "unknown":
        return False
    if a.kind == "percent percent" and (a.event is None or a.event != b.event):
        return False  # percent of what? Only the same verb ("responded", "rose") says so
    duration = a.unit_class == "time" or a.kind in DURATION_UNITS
    if duration and (a.event is None or a.event != b.event):
        return False  # how long what lasted? "fought for eight days", not "eight days ago"
    if a.event and b.event and a.event != b.event:
        return any(a.event in family and b.event in family for family in PREDICATE_FAMILIES)
    return True
