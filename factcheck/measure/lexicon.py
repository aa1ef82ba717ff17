"""The measure lexicon: the word lists of `measures.toml`, read once, as the sets the
measure stage uses.

Apart from `taxonomy.py` so that the taxonomy and the readers of the
words written around a figure (`reading.py`) share one copy of it without
importing each other.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

from factcheck.figures import DURATION_UNITS

LEXICON_PATH = Path(__file__).with_name("measures.toml")


@functools.cache
def lexicon() -> dict[str, Any]:
    """The measure lexicon (`measures.toml`), read once."""
    with LEXICON_PATH.open("rb") as handle:
        return tomllib.load(handle)


def _words(name: str) -> set[str]:
    return set(lexicon()["words"][name]["words"])


def _map(name: str) -> dict[str, str]:
    return dict(lexicon()["words"][name]["map"])


def canonical_words(name: str, field: str) -> set[str]:
    return set(lexicon()["canonical"][name].get(field, []))


PERSON_NOUNS = _words("person_nouns")
CHANGE_WORDS = _words("change_words")
AMOUNT_VERBS = _words("amount_verbs")
"""Verbs whose subject is what an amount measures ("repairs will cost EUR 7.8 million")."""
KILLED_WORDS = canonical_words("deaths", "predicates")
INJURED_WORDS = canonical_words("injured", "predicates")
CROWD_WORDS = canonical_words("crowd size", "predicates")
CROWD_NOUNS = _words("crowd_nouns")
GATHERING_NOUNS = _words("gathering_nouns")
SENTENCE_CASUALTY_WORDS = _map("sentence_casualty_words")
ARREST_WORDS = canonical_words("arrested", "predicates")
EVACUATE_WORDS = canonical_words("evacuated", "predicates") | canonical_words(
    "displaced", "predicates"
)
NOUN_SYNONYMS = _map("noun_synonyms")
OBJECT_SYNONYMS = _map("object_synonyms")
PREDICATE_FAMILIES = [
    set(family) for family in lexicon()["words"]["predicate_families"]["families"]
]
VAGUE_PERSON_PREDICATES = _words("vague_person_predicates")
PREDICATE_SYNONYMS = _map("predicate_synonyms")
POPULATION_NOUNS = _words("population_nouns")
SETTLEMENT_NOUNS = _words("settlement_nouns")
"""Places people live in: "a town of 15,000 people" gives its population."""
POPULATION_PREDICATES = _words("population_predicates") | SETTLEMENT_NOUNS
"""Predicates that make a count of people a population: "home to", "a town of", "live in"."""
EMPTY_PREDICATES = _words("empty_predicates")
DIMENSION_WORDS = _map("dimension_words")
"""Words next to a length saying which dimension it measures; without one, a distance."""
MONEY_UNITS = _words("money_units")
AGE_NOUNS = _words("age_nouns")
AGE_CUES = _words("age_cues")
PLACE_PREPOSITIONS = {"in", "on", "at", "from", "near", "across", "throughout", "by", "to"}
"""Words before a name that make it a place or a time, not a person of an age."""
REFERENCE_PREPOSITIONS = _words("reference_prepositions")
SCOPE_PREPOSITIONS = _words("scope_prepositions")
SCOPE_WORDS = _words("scope_words")
FRAME_SUBJECTS = _words("frame_subjects")
MONEY_KINDS: dict[str, str] = {
    word: kind for kind, words in lexicon()["money"]["kinds"].items() for word in words
}
"""A word of a money figure's frame -> what the money is ("bid" -> offer, "bailout" -> aid)."""
TIME_UNITS = set(lexicon()["duration"]["units"]) | DURATION_UNITS
PEOPLE_MEASURES = [name for name, entry in lexicon()["canonical"].items() if entry.get("people")]
"""The taxonomy's measures of people, in the order the lexicon tries them."""
OUTCOME_NOUNS = {
    word
    for name, entry in lexicon()["canonical"].items()
    if entry.get("befalls")
    for word in canonical_words(name, "nouns")
    if word not in PERSON_NOUNS  # "detainees", "survivors" are people of a kind
}
"""Nouns that name what befell people ("the injured", "the dead", "arrests"), not a kind of
person: a bare count after them with a verb of its own ("Thousands marched") is not of them."""
OUTCOME_PREDICATES = {
    word
    for name in PEOPLE_MEASURES
    for word in canonical_words(name, "predicates")
    if " " not in word
}
"""Verbs that say what befell counted people ("killed", "wounded", "arrested"): of two
coordinated verbs ("was shot and killed") the one among these says what the figure measures."""
YIELDING_PREDICATES = {
    word
    for name in PEOPLE_MEASURES
    if lexicon()["canonical"][name].get("yields")
    for word in canonical_words(name, "predicates")
}
"""Outcome verbs that give way to a coordinated outcome verb: "was shot and killed" counts
the dead, "was shot" alone the people shot."""
PHRASE_BREAKS = _words("phrase_breaks")
CLAUSE_BREAKS = _words("clause_breaks")
NUMBER_WORDS = _words("number_words")
SENTENCING_PREDICATES = _words("sentencing_predicates")
PREDICATE_IDIOMS = _map("predicate_idioms")
AGE_AFTER = _words("age_after")
AGE_PREDICATES = _words("age_predicates")
HEDGE_NOUNS = _words("hedge_nouns")
VICTIM_NOUNS = _words("victim_nouns")
QUAKE_READINGS = set(lexicon()["canonical"]["magnitude"]["readings"])
OBJECT_STARTS = _words("object_starts")
COMPOUNDS = _words("compounds")
UNIT_NOUNS: dict[str, str] = dict(lexicon()["units"]["nouns"])
MONEY_SCALE_WORDS = _words("scale_words")
UNIT_ENTITIES = set(lexicon()["units"]["entities"])
PERIOD_SYNONYMS: dict[str, str] = dict(lexicon()["units"]["period_synonyms"])
TEMPERATURE_CUES = set(lexicon()["units"]["temperature_cues"])
OBJECT_MEASURES = [
    name
    for name, entry in lexicon()["canonical"].items()
    if not entry.get("people") and entry.get("predicates")
]
"""Measures of things by what happened to them (projectiles fired, hit, intercepted; votes)."""
SPORT: dict[str, Any] = lexicon()["sport"]
"""Sports copy's words: records, scores, games won and lost."""
