"""What a claim measures: its counted thing and what happened to it, in comparable form.

"two minor injuries", "two personnel sustained minor injuries" and "two
soldiers were wounded" all measure *people injured*; "14 rockets landed" and
"30 rockets were fired" measure rockets, by two different predicates. The
matcher compares claims only when their measures are compatible, and the judge
labels a pair `different_measure` when the predicates differ.

The word classes below are newsroom vocabulary (casualties, crowds, money,
munitions), not rules for any one article.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from quantulum3.load import units as quantulum_units

from factcheck.figures import DURATION_UNITS, SCALE_WORDS
from factcheck.model import Claim

PERSON_NOUNS = {
    "person", "people", "personnel", "man", "woman", "child", "civilian", "soldier", "troop",
    "officer", "fighter", "militant", "militiaman", "resident", "victim", "passenger",
    "worker", "student", "member", "employee", "policeman", "protester", "demonstrator",
    "marcher", "participant", "supporter", "customer", "casualty", "staff", "inmate",
    "pupil", "patient", "firefighter", "rescuer", "tourist", "migrant", "refugee", "other",
    "suspect", "hostage", "miner", "crew", "guard", "trooper", "agent", "official",
    "adult", "boy", "girl", "teenager", "baby", "infant",
}  # fmt: skip
KILLED_WORDS = {
    "kill", "die", "dead", "death", "fatality", "toll", "life", "murder", "slay", "perish",
    "body", "fatal", "killing", "shoot dead",
}  # fmt: skip
INJURED_WORDS = {
    "injure", "injury", "wound", "hurt", "injured", "wounded", "hospitalize", "hospitalise",
    "treat", "sustain", "suffer",
}  # fmt: skip
CROWD_WORDS = {
    "march", "protest", "rally", "gather", "demonstrate", "attend", "join", "turn", "take",
    "crowd", "protester", "demonstrator", "marcher", "participant", "flood", "fill", "draw",
    "attract", "turnout", "strike",
}  # fmt: skip
CROWD_NOUNS = {"protester", "demonstrator", "marcher", "participant", "mourner"}
SENTENCE_CASUALTY_WORDS = {
    "died": "die", "dead": "dead", "killed": "kill", "deaths": "death", "injured": "injure",
    "wounded": "wound", "hurt": "hurt", "hospitalised": "hospitalize",
    "hospitalized": "hospitalize",
}  # fmt: skip
ARREST_WORDS = {"arrest", "detain", "hold", "apprehend", "custody", "arrestee", "detainee"}
EVACUATE_WORDS = {"evacuate", "evacuation", "flee", "displace", "evacuee"}
NOUN_SYNONYMS = {
    "missile": "rocket",
    "projectile": "rocket",
    "shell": "rocket",
    "drone": "drone",
    "shot": "shot",
    "bullet": "shot",
    "round": "shot",
    "home": "house",
    "house": "house",
    "building": "building",
    "dwelling": "house",
    "dollar": "money",
    "usd": "money",
    "eur": "money",
    "gbp": "money",
    "euro": "money",
    "fatality": "death",
    "wounded": "injured",
    "injury": "injured",
    "hurt": "injured",
}
# Predicates that count one flow of things at different stages: "30 fired" and "14 landed"
# are a `different_measure` of one attack; "24 loaded" and "11 landed" are two quantities.
# Likewise a market's drop during the day and where it closed.
PREDICATE_FAMILIES = [{"fire", "hit"}, {"drop", "close"}, {"destroy", "damage"}]
# Verbs that say nothing of what happened to people ("are known to have died", "remain").
VAGUE_PERSON_PREDICATES = {"be", "have", "know", "remain", "include", "say", "report", "leave"}
PREDICATE_SYNONYMS = {
    "launch": "fire",
    "shoot": "fire",
    "lob": "fire",
    "fire": "fire",
    "hit": "hit",
    "land": "hit",
    "strike": "hit",
    "impact": "hit",
    "fall": "hit",
    "slam": "hit",
    "target": "hit",
    "kill": "kill",
    "die": "kill",
    "injure": "injure",
    "wound": "injure",
    "hurt": "injure",
    "plunge": "drop",
    "drop": "drop",
    "slide": "drop",
    "tumble": "drop",
    "sink": "drop",
    "decline": "drop",
    "lose": "drop",
    "destroy": "destroy",
    "flatten": "destroy",
    "level": "destroy",
    "raze": "destroy",
    "damage": "damage",
    "offer": "offer",
    "bid": "offer",
    "propose": "offer",
}
POPULATION_NOUNS = {"resident", "inhabitant", "population", "populace"}
SETTLEMENT_NOUNS = {
    "town", "city", "village", "island", "country", "nation", "community", "district",
    "province", "region", "state", "county", "suburb", "neighborhood", "neighbourhood",
}  # fmt: skip
"""Places people live in: "a town of 15,000 people" gives its population."""
POPULATION_PREDICATES = {"home", "live", "inhabit", "populate"} | SETTLEMENT_NOUNS
"""Predicates that make a count of people a population: "home to", "a town of", "live in"."""
# Predicates that say nothing about the measure ("there were 5", "have 3").
EMPTY_PREDICATES = {
    "be", "have", "include", "say", "put", "estimate", "report", "number", "feel", "follow",
    "record", "register", "hear", "see", "occur", "detect", "observe", "count", "happen",
}  # fmt: skip


@dataclass(frozen=True)
class Measure:
    """The comparable core of a claim: a thing (`kind`) and what happened (`event`).

    `kind` decides whether two claims can be compared at all; `event` (a
    normalized predicate, or None) tells different measures of one thing apart.
    """

    kind: str
    event: str | None
    unit_class: str

    @property
    def label(self) -> str:
        return self.kind if self.event is None else f"{self.kind} {self.event}"


@functools.cache
def _units() -> Any:
    """pint's unit registry, built on first use (importing pint takes half a second)."""
    import pint

    return pint.UnitRegistry()


@functools.cache
def kilometres_per(unit: str | None) -> float | None:
    """How many kilometres one `unit` is ("mile" -> 1.609), or None when it is no length.

    "1,500 kilometres from the capital" and "940 miles" are one distance written
    in two units; comparing them needs one scale.
    """
    known = quantulum_units().names.get(unit) if unit else None
    if known is None or known.entity.name != "length":
        return None  # the figure reader's units (quantulum3) say what a unit measures
    try:
        return float(_units().Quantity(1.0, unit).to("kilometre").magnitude)
    except Exception:  # pint's own errors, or a word it cannot read as a unit
        return None  # a unit pint does not know is no length it can convert


def comparable_scale(claim: Claim) -> float:
    """The factor that puts a claim's values on its measure's common scale (km for lengths)."""
    return kilometres_per((claim.unit or "").lower()) or 1.0


def unit_class(claim: Claim) -> str:
    """Units that can be compared: money with money, percent with percent, counts with counts,
    a length in miles with one in kilometres."""
    unit = (claim.unit or "").lower()
    if kilometres_per(unit) is not None:
        return "length"
    if unit in {"usd", "eur", "gbp", "jpy"}:
        return f"money {unit}"  # conversions are separate reports, not conflicts
    if unit == "percent":
        return "percent"
    if not unit:
        return "count"
    return unit


def _words(claim: Claim) -> set[str]:
    """Lower-cased words of the sentence (cheap context for casualty classes)."""
    return {w.strip(".,;:!?\"'()").lower() for w in claim.sentence.split()}


def measure_of(claim: Claim) -> Measure:
    """The measure a claim reports, for compatibility checks and finding labels."""
    noun = (claim.noun or "").lower()
    predicate = (claim.predicate or "").lower() or None
    units = unit_class(claim)
    if noun in {"age", "year-old"}:
        return Measure("age", None, "count")
    if noun == "magnitude":
        return Measure("magnitude", None, units)  # a reading on a scale, whatever "struck"
    if units == "length":  # "1,500 km south of the capital", "10 km deep"
        return Measure(_dimension(claim), None, units)
    if units.startswith("money"):
        return Measure(units, _event(predicate), units)
    if units == "percent":
        return Measure(f"percent {noun}".strip(), _event(predicate), units)
    noun = NOUN_SYNONYMS.get(noun, noun)
    if _fractional_count(claim, noun):
        return Measure(f"{noun} reading", _event(predicate), units)  # not 3.5 tremors
    if noun in {"crowd", "turnout", "attendance"}:
        return Measure("crowd", None, units)
    context = {predicate} if predicate else set()
    person_like = noun in PERSON_NOUNS or noun in {"", "people"}
    if _population(noun, predicate, person_like=person_like):
        return Measure("population", None, units)
    if person_like and (predicate is None or predicate in VAGUE_PERSON_PREDICATES):
        context |= {w for w in _words(claim) if w in SENTENCE_CASUALTY_WORDS}
        context |= {SENTENCE_CASUALTY_WORDS[w] for w in context if w in SENTENCE_CASUALTY_WORDS}
    if noun in {"death", "toll"} or (person_like and context & KILLED_WORDS):
        return Measure("killed", None, units)
    if noun == "injured" or (person_like and context & INJURED_WORDS):
        return Measure("injured", None, units)
    if person_like and context & ARREST_WORDS:
        return Measure("arrested", None, units)
    if person_like and context & EVACUATE_WORDS:
        return Measure("evacuated", None, units)
    if noun in CROWD_NOUNS or ((person_like or noun.endswith("s")) and context & CROWD_WORDS):
        return Measure("crowd", None, units)
    if noun == "casualty":
        words = _words(claim)
        if words & {"dead", "killed", "deaths", "died"}:
            return Measure("killed", None, units)
        return Measure("casualty", None, units)
    if not noun:
        return Measure(predicate or "unknown", None, units)
    if person_like:
        # people counted by an unclassified verb: only the same verb is the same measure
        return Measure(f"{noun} {_event(predicate) or ''}".strip(), None, units)
    return Measure(noun, _event(predicate), units)


DIMENSION_WORDS = {
    "deep": "depth", "depth": "depth", "high": "height", "tall": "height", "altitude": "height",
    "elevation": "height", "long": "length", "length": "length", "wide": "width",
    "width": "width",
}  # fmt: skip
"""Words next to a length saying which dimension it measures; without one, a distance."""


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
    duration = a.unit_class in DURATION_UNITS or a.kind in DURATION_UNITS
    if duration and (a.event is None or a.event != b.event):
        return False  # how long what lasted? "fought for eight days", not "eight days ago"
    if a.event and b.event and a.event != b.event:
        return any(a.event in family and b.event in family for family in PREDICATE_FAMILIES)
    return True
