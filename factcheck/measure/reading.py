"""What the words written around a figure say, read from its sentence without the parse.

A parse can attach a number to the wrong word ("co" of "co-workers", "bank" of
"bank employees") or to none ("included 7 assault rifles, ..."); the words as
written still say what is counted, since English noun phrases are head-final.
These readers take a `Claim` (its sentence and the figure's offsets in it), so
the matcher, which has no parse, reads a claim's measure the same way.
"""

from __future__ import annotations

import functools
import itertools
import re

from quantulum3.load import units as quantulum_units
from quantulum3.no_classifier import disambiguate_no_classifier

from factcheck.measure.lexicon import (
    AGE_AFTER,
    CLAUSE_BREAKS,
    COMPOUNDS,
    HEDGE_NOUNS,
    MONEY_UNITS,
    NOUN_SYNONYMS,
    NUMBER_WORDS,
    OBJECT_STARTS,
    OBJECT_SYNONYMS,
    PEOPLE_MEASURES,
    PERIOD_SYNONYMS,
    PERSON_NOUNS,
    PHRASE_BREAKS,
    SENTENCING_PREDICATES,
    TEMPERATURE_CUES,
    UNIT_ENTITIES,
    UNIT_NOUNS,
    lexicon,
)
from factcheck.model import Claim


def sentence_words(claim: Claim) -> set[str]:
    """Lower-cased words of the sentence (cheap context for casualty classes)."""
    return {w.strip(".,;:!?\"'()").lower() for w in claim.sentence.split()}


def object_name(noun: str) -> str:
    """One name for one kind of counted object ("sons" -> child, "vessels" -> ship)."""
    noun = NOUN_SYNONYMS.get(noun, noun)
    noun = OBJECT_SYNONYMS.get(noun, noun)
    if noun.endswith("ies") and len(noun) > 4:
        noun = noun[:-3] + "y"  # a name-like plural the lemmatizer left ("Somalies")
    elif noun.endswith("s") and not noun.endswith(("ss", "us", "sis")) and len(noun) > 3:
        noun = noun[:-1]  # "Yemenis", "AK-47s": plurals of words tagged as names
    return OBJECT_SYNONYMS.get(noun, noun)


_SPACED_HYPHEN = re.compile(r"(?<=[a-z0-9])\s+-\s+(?=[a-z0-9])")
_TOKEN = re.compile(r"[a-z0-9]+(?:[-'’./][a-z0-9]+)*|'s|’s|[^\sa-z0-9]")


def tokens_after(claim: Claim, limit: int = 12) -> list[str]:
    """The words written after the figure, lower-case, a hyphenated word kept whole.

    Copy split as "co - workers" or "10 - year" is joined again: a parse of such
    text reads "co" as the counted noun, the words as written do not.
    """
    end = claim.figure_in_sentence[1]
    text = _SPACED_HYPHEN.sub("-", claim.sentence[end : end + 160].lower())
    return _TOKEN.findall(text)[:limit]


def phrase_after(claim: Claim) -> list[str]:
    """The noun phrase written right after the figure: "7 AK-47 assault rifles, ..." ->
    ["ak-47", "assault", "rifles"]; it ends at punctuation, a function word or a number."""
    phrase: list[str] = []
    for token in tokens_after(claim, limit=6):
        if token in {"'s", "’s"} and phrase:
            phrase.append(token)  # "two sheriff's deputies": the possessive joins the phrase
            continue
        if not token[0].isalpha() or token in PHRASE_BREAKS or token in NUMBER_WORDS:
            break
        phrase.append(token)
    return phrase[:4]


def singular(word: str) -> str:
    """A plain plural made singular ("rifles" -> rifle, "deputies" -> deputy); spaCy's
    lemma is not at hand when only the claim's fields are."""
    if word in {"people", "men", "women", "children"}:
        return {"people": "person", "men": "man", "women": "woman", "children": "child"}[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "sis")) and len(word) > 3:
        return word[:-1]
    return word


def _plural(word: str) -> bool:
    return singular(word) != word


def counted_noun(claim: Claim) -> str:
    """What a count counts, the claim's noun corrected by the words written after the figure.

    English compounds are head-final, so a kind of person ending the phrase after
    the figure is the counted thing: "3 bank employees" counts employees, "two
    sheriff's deputies" deputies, "co-workers" co-workers (a parse may take "bank",
    "sheriff" or "co"). Before a thing, the parse's noun stays: in "a 38 caliber
    revolver" or "a 10 story block" the figure measures the first noun. With no
    noun read at all, as for a verb's object in a list ("included 7 assault
    rifles, ..."), the phrase's last word is the counted thing when it is a plural
    or a known kind of person or thing.
    """
    noun = (claim.noun or "").lower().strip("-")  # "a 5.2 -magnitude": a spaced hyphen
    phrase = phrase_after(claim)
    words = [w for w in phrase if w not in {"'s", "’s"}]
    if noun in HEDGE_NOUNS and claim.head:
        return claim.head.lower()  # "three-plus seasons"
    if noun:
        joined = _hyphen_joined(claim, noun)
        if joined is not None:
            return joined
        for first, second in itertools.pairwise(words):
            if f"{first} {singular(second)}" in COMPOUNDS and singular(second) == noun:
                return f"{first} {noun}"  # "13 home runs"
        designation = _designation(words, noun)
        if designation is not None:
            return designation
        end = claim.figure_in_sentence[1]
        if re.match(r"\s*-", claim.sentence[end:]) or not _whole(claim.value):
            return noun  # "a .38-caliber revolver", "a 3-hour hearing": the figure measures
        for k, word in enumerate(phrase):
            if singular(word) != noun:
                continue
            possessive = k + 1 < len(phrase) and phrase[k + 1] in {"'s", "’s"}
            if word != noun and not possessive:
                break  # a plural is the head itself: "three workers died"
            last = singular(words[-1])
            if last != noun and last in PERSON_NOUNS and _noun_like(words[-1], claim):
                return last  # "bank employees": the last noun is the head
            break  # "a 38 caliber revolver", "a 10 story block": the figure measures the noun
        return noun
    if claim.unit is None and words and _noun_like(words[-1], claim):
        rest = tokens_after(claim)[len(phrase) : len(phrase) + 1]
        if rest and _starts_object(rest[0]) and not _known(words[-1]):
            return noun  # "EB-5 requires an investment": a verb with its object, no noun
        return _designation(words, singular(words[-1])) or singular(words[-1])
    return noun


_DESIGNATION = re.compile(r"^[a-z]{1,4}-?\d+[a-z]?$")


def _designation(words: list[str], head: str) -> str | None:
    """A model designation before the counted noun names the thing more exactly than
    the noun does: "seven AK-47 assault rifles" are seven AK-47s, "two F-16 jets" F-16s.
    Not before a kind of person: "12 COVID-19 patients" are patients."""
    if head in PERSON_NOUNS:
        return None
    for word in words[:-1]:
        if _DESIGNATION.match(word):
            return word
    return None


def _whole(value: float | None) -> bool:
    return value is None or float(value).is_integer()


def _hyphen_joined(claim: Claim, noun: str) -> str | None:
    """A hyphenated noun the parse split ("co-workers" read as "co"), written whole again,
    when its last part is a known kind of person or thing or its first a short prefix."""
    # the noun is a word of this sentence, before the figure ("the co-workers, two of
    # whom") or after it: where that word is written hyphenated, it is this word
    for match in re.finditer(rf"\b{re.escape(noun)}\s*-\s*([a-z]+)\b", claim.sentence.lower()):
        last = singular(match.group(1))
        if _known(last) or len(noun) <= 3:
            return f"{noun}{last}" if f"{noun}{last}" in PERSON_NOUNS else f"{noun}-{last}"
    return None


def _known(word: str) -> bool:
    single = singular(word)
    return single in PERSON_NOUNS or single in OBJECT_SYNONYMS or single in NOUN_SYNONYMS


def _noun_like(word: str, claim: Claim) -> bool:
    """A word that can be the counted noun: a known kind of person or thing, or a plural
    after a figure of more than one ("1 person dies" has no plural noun "dies")."""
    return _known(word) or (_plural(word) and (claim.value is None or claim.value > 1))


def said_after(claim: Claim) -> str | None:
    """A people measure written right after the figure: "3 dead", "two injured workers",
    "two co-workers killed", "are under arrest", "burnt to death".

    Only the stretch that belongs to the figure is read: it ends at punctuation, at
    another number and at a word that starts another clause ("3 dead and 12 injured",
    "two men who killed"), but a relative clause on the counted noun itself is read
    ("the two workers who died"). A verb with an object is what the counted did, not
    what befell them ("three gunmen killed two guards", "two men who shot a guard").
    """
    every = tokens_after(claim)
    phrase = len(phrase_after(claim))
    tokens: list[str] = []
    stop = ""
    for k, token in enumerate(every):
        if k == phrase and token in {"who", "that"} and phrase:
            continue  # "the two workers who died": the clause is about the counted
        if not token[0].isalnum() and token not in {"'s", "’s"}:
            stop = token
            break
        if token[0].isdigit() or token in NUMBER_WORDS or token in CLAUSE_BREAKS:
            stop = token
            break
        tokens.append(token)
    following = [*tokens, stop]
    sentencing = (claim.predicate or "").lower() in SENTENCING_PREDICATES
    table = lexicon()["canonical"]
    for k in range(len(tokens)):
        for name in PEOPLE_MEASURES:
            for cue in table[name].get("after", ()):
                words = cue.split()
                if tokens[k : k + len(words)] != words:
                    continue
                if sentencing and cue == "to death":
                    continue  # "sentenced two men to death"
                if len(words) == 1 and _starts_object(following[k + 1]):
                    continue  # "killed two guards": the figure's people did the killing
                return name
    return None


def befell_as_modifier(claim: Claim) -> str | None:
    """A people measure written as a modifier of the counted noun itself: "the two wounded
    men", "three dead soldiers". It says what befell them whatever governs the phrase
    ("the families of the two wounded men asked ..."): the men, not the families, were
    wounded."""
    phrase = phrase_after(claim)
    table = lexicon()["canonical"]
    for word in phrase[:-1]:  # the words before the noun
        for name in PEOPLE_MEASURES:
            if word in table[name].get("after", ()):
                return name
    return None


def _starts_object(token: str) -> bool:
    """A word that starts a verb's object: a determiner, a pronoun or a number."""
    return bool(token) and (token[0].isdigit() or token in NUMBER_WORDS or token in OBJECT_STARTS)


def is_name(claim: Claim) -> bool:
    """Is the counted noun written as a name ("12 Somalis", "the Sixers")?"""
    noun = (claim.noun or "").lower()
    if not noun:
        return False
    for match in re.finditer(r"\b([A-Za-z][\w-]*)", claim.sentence):
        word = match.group(1)
        if singular(word.lower()) == singular(noun) and match.start() > 0:
            return word[0].isupper()
    return False


_NUMBER = r"(?i:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"


def named_part(claim: Claim) -> str | None:
    """The named kind a figure counts in a breakdown by names: "12 Somali and 11 Yemeni
    pirates" are two counts, of Somali and of Yemeni pirates, parts of one whole.

    Only a breakdown of two or more figures each followed by a capitalised word:
    "23 Somali and Yemeni pirates" is one count of them all.
    """
    start, end = claim.figure_in_sentence
    before, after = claim.sentence[:start], claim.sentence[end:]
    first = re.match(rf"\s+([A-Z][\w-]+)\s+and\s+{_NUMBER}\s+[A-Z][\w-]+", after)
    if first:
        return object_name(first.group(1).lower())
    second = re.search(rf"\b{_NUMBER}\s+[A-Z][\w-]+\s+and\s+$", before)
    word = re.match(r"\s+([A-Z][\w-]+)\s+[a-z]", after)
    if second and word:
        return object_name(word.group(1).lower())
    return None


def years_old(claim: Claim) -> bool:
    """ "35 years old", "about 30 years old": a number of years that is an age."""
    if (claim.unit or "").lower() not in {"year", "years"} and claim.noun not in {"year"}:
        return False
    tokens = tokens_after(claim, limit=4)
    if tokens and tokens[0] in {"years", "year", "yrs"}:
        tokens = tokens[1:]
    text = " ".join(tokens)
    return any(text == w or text.startswith(f"{w} ") for w in AGE_AFTER)


def unit_entity(claim: Claim, noun: str) -> str | None:
    """The measure a unit names by itself, one for all its spellings: "mph", "miles per
    hour" and "mile/hour" are a speed, "$20 million per season" money per year.

    A counted noun is read as a unit only when it is a unit's abbreviation ("120
    mph", "300 lb") or joined to the figure by a hyphen ("a 9-acre site"): "3
    stones" and "two cups" are things, though stone and cup are units too.
    """
    if noun in UNIT_NOUNS and not claim.unit:
        return UNIT_NOUNS[noun]
    if not claim.unit:
        if not noun:
            return None
        end = claim.figure_in_sentence[1]
        if re.match(r"\s*-", claim.sentence[end:]):
            entity = _entity_of(noun, claim.sentence)  # "a 9-acre site"
        elif _abbreviation(noun):
            symbols = _sorted_units(quantulum_units().symbols.get(noun))
            entity = _entity_among(symbols, claim.sentence)
        else:
            entity = None
        return entity if entity in UNIT_ENTITIES else None
    unit = claim.unit.lower()
    parts = re.split(r"\s*/\s*|\s+per\s+", unit)
    if len(parts) == 2 and parts[0] in MONEY_UNITS | {"money"}:
        period = PERIOD_SYNONYMS.get(parts[1], parts[1])
        return f"money per {period}"  # its reference is whose money, as for any amount
    entities = [_entity_of(part, claim.sentence) for part in parts]
    if len(parts) == 2 and entities == ["length", "time"]:
        return "speed"
    entity = _entity_of(unit, claim.sentence)
    if entity == "angle" and sentence_words(claim) & TEMPERATURE_CUES:
        return "temperature"  # "minus 17 degrees"
    return entity if entity in UNIT_ENTITIES else None


def _abbreviation(word: str) -> bool:
    """ "mph", "lb", "kph": short and no English word (a vowel-less or listed symbol).

    One letter is too little to tell the unit ("40 C": degrees, cents or the speed of
    light in quantulum3's symbols; the lowercased noun has lost even its case).
    """
    return 2 <= len(word) <= 4 and not re.search(r"[aeiou]", word[1:] if len(word) > 1 else word)


def _entity_of(unit: str, sentence: str) -> str | None:
    """What the figure reader's (quantulum3) units say a unit name or symbol measures.

    A surface several units share ("pounds": sterling or mass; "c": cent or degree
    Celsius) is settled by quantulum3's own reading of the words around it, so one
    sentence always reads the same way, whatever order a set happens to hold.
    """
    known = quantulum_units()
    found = known.names.get(unit)
    if found is not None:
        return str(found.entity.name)
    for table in (known.symbols_lower, known.surfaces_lower):
        hits = table.get(unit) if hasattr(table, "get") else None
        if hits:
            return _entity_among(_sorted_units(hits), sentence)
    return None


def _sorted_units(hits: object) -> tuple:
    """quantulum3's units for one surface in a fixed order (it keeps them in a set)."""
    return tuple(sorted(hits or (), key=lambda unit: unit.name))


@functools.lru_cache(maxsize=8192)
def _entity_among(units: tuple, sentence: str) -> str | None:
    """The measure of the unit the sentence means, of several that share a surface."""
    entities = {str(unit.entity.name) for unit in units}
    if len(entities) <= 1:
        return next(iter(entities), None)
    chosen = disambiguate_no_classifier(units, sentence)
    return str((chosen or units[0]).entity.name)
