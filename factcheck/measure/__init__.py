"""What a claim measures: its counted thing and what happened to it, in comparable form.

"two minor injuries", "two personnel sustained minor injuries" and "two
soldiers were wounded" all measure *people injured*; "14 rockets landed" and
"30 rockets were fired" measure rockets, by two different predicates. The
matcher compares claims only when their measures are compatible, and the judge
labels a pair `different_measure` when the predicates differ.

Beside that working `kind`, each measure names its place in a small taxonomy of
the quantities news disputes (`Measure.canonical`: deaths, injured, crowd size,
projectiles fired, money by what it is, duration, distance, age, ...), the
point or thing it is relative to (`reference`: the point a distance is from,
whose age, what lasted, the base of a percent) and what bounds it (`scope`: "in
the district", "across the region", "in stock"). They are read from the
claim's own fields and the words of its sentence, so the matcher can compute them
without the parse.

The parse's counted noun is checked against the words written after the figure
(`counted_noun`): English noun phrases are head-final, so "3 bank employees"
counts employees and "included 7 assault rifles" rifles, however the parser
attached them; a casualty word in the figure's own stretch ("3 dead", "two
co-workers killed") says what happened to the counted people before the verb
of the clause does; a unit is measured by what it measures, whatever its
spelling ("mph", "mile/hour": a speed).

The stage has three modules: `lexicon.py` reads the word lists of
`measures.toml` once (each entry with its source and reason: newsroom
vocabulary, not rules for any one article), `reading.py` reads the words
written around a figure, and `taxonomy.py` maps what they read to the taxonomy.
"""

from factcheck.measure.lexicon import LEXICON_PATH, SETTLEMENT_NOUNS, lexicon
from factcheck.measure.taxonomy import (
    PERSON_NOUNS,
    PREDICATE_FAMILIES,
    Measure,
    comparable_scale,
    compatible,
    measure_of,
)

__all__ = [
    "LEXICON_PATH",
    "PERSON_NOUNS",
    "PREDICATE_FAMILIES",
    "SETTLEMENT_NOUNS",
    "Measure",
    "comparable_scale",
    "compatible",
    "lexicon",
    "measure_of",
]
