"""What a source phrase names, and who a pronoun stands for.

A phrase is split into name and role ("coalition spokesman" / "Col. Wayne
Marotto"), told a person from a body ("the Kessel Tribune" is no person,
whatever the tagger says) and one from a group; a quoted name is what a group
goes by. `SpeakerMemory` keeps the speakers met so far, so that "he", "it" and
"its forecast" resolve to the last fitting one.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from factcheck.attribution.cues import NOUN_CUES, STATEMENT_NOUNS
from factcheck.attribution.quotes import QuoteRegions
from factcheck.attribution.sources import phrase_text, phrase_tokens, trim
from factcheck.model import Attribution
from factcheck.nlp import sentence_entities

POSSESSIVE_PRONOUNS = {"its": "it", "his": "he", "her": "she", "their": "they"}


PERSON_NOUNS = {
    "spokesman", "spokeswoman", "spokesperson", "official", "minister", "officer",
    "activist", "witness", "resident", "commander", "leader", "chief", "president",
    "governor", "mayor", "director", "secretary", "senator", "lawmaker", "doctor",
    "analyst", "expert", "source", "man", "woman", "person", "lieutenant", "captain",
    "sheriff", "chairman", "ceo", "manager", "agent", "lawyer", "attorney", "candidate",
}  # fmt: skip


TITLE_TOKENS = {
    "col.", "gen.", "lt.", "maj.", "capt.", "sgt.", "dr.", "mr.", "mrs.", "ms.", "sen.",
    "rep.", "gov.", "adm.", "cmdr.", "prof.", "rev.", "president", "minister", "chief", "maj",
    "col", "gen", "lt", "capt", "sgt", "dr", "mr", "mrs", "ms", "sen", "gov",
    "colonel", "general", "major", "captain", "lieutenant", "sergeant", "police",
}  # fmt: skip


PRONOUNS = {"he", "she", "it", "they", "him", "her", "them"}


FIRST_AND_SECOND_PERSON = {"i", "we", "you", "me", "us"}


@dataclass
class SpeakerMemory:
    """The speakers met so far in a document, newest last, for pronoun resolution."""

    entries: list[tuple[Attribution, bool, bool]] = field(default_factory=list)

    def remember(self, attribution: Attribution, *, is_person: bool, plural: bool = False) -> None:
        if attribution.speaker:
            self.entries.append((attribution, is_person, plural))

    def resolve(self, pronoun: str) -> Attribution | None:
        """The latest speaker a pronoun can refer to ("he" one person, "it" a body).

        "He" never stands for "local officials": a plural speaker is skipped by a
        singular personal pronoun.
        """
        want_person = {"he": True, "she": True, "him": True, "her": True, "it": False}.get(pronoun)
        for attribution, is_person, plural in reversed(self.entries):
            if want_person and plural:
                continue
            if want_person is None or want_person == is_person:
                return attribution
        return None


def named_name(tokens: list[Token]) -> tuple[list[Token], list[Token]] | None:
    """Split a phrase into (name, role) when it holds a PERSON/ORG name and more."""
    if not tokens:
        return None
    doc = tokens[0].doc
    lo, hi = tokens[0].i, tokens[-1].i
    ents = sentence_entities(doc[lo : hi + 1])
    # a title alone ("Maj") tagged as a person is no name
    people = [
        e
        for e in ents
        if e.label_ == "PERSON" and not all(_is_title(t) or t.text == "." for t in e)
    ]
    chosen = people[-1] if people else _titled_name(tokens)
    if chosen is None:
        orgs = [e for e in ents if e.label_ == "ORG"]
        if not orgs:
            return None
        chosen = orgs[-1]
    if _possessor_of_phrase(chosen, hi) or _person_of_group(chosen, lo, hi):
        return None  # "Ida Brandt's campaign says": the campaign speaks, not Brandt
    if _modifies_a_body(chosen, hi):
        return None  # "Ida Brandt's campaign says": the campaign speaks, not Brandt
    start = chosen.start
    while start - 1 >= lo:
        before = doc[start - 1]
        if _is_title(before):
            start -= 1
        elif before.text == "." and start - 2 >= lo and _is_title(doc[start - 2]):
            start -= 2  # "Col" "." tokenised apart
        else:
            break
    end = chosen.end
    if chosen.label_ == "PERSON":
        # "Governor Ulla Berg Warns": title case hides a surname from the entity tagger
        while end <= hi and doc[end].pos_ == "PROPN" and not doc[end].ent_type_:
            end += 1
    name = list(doc[start:end])
    role = trim([t for t in tokens if t.i < start or t.i >= end])
    if len(name) == len(tokens):
        return name, []
    return name, role


def _possessor_of_phrase(name: Span, last: int) -> bool:
    """Is the name only the owner of the phrase's head ("Ida Brandt's campaign", "Vell's
    aides"), a person or group other than the name? A document keeps its author as the
    source ("Marlow's forecast" is Marlow's)."""
    doc = name.doc
    marks = {"'s", "\u2019s", "'"}
    own = name[-1].lower_ in marks  # the tagger often takes the "'s" into the name
    if not own and (name.end > last or doc[name.end].lower_ not in marks):
        return False
    head = name.root.head
    return (
        name.root.dep_ == "poss"
        and head.pos_ == "NOUN"
        and head.i <= last
        and head.lemma_.lower() not in STATEMENT_NOUNS | NOUN_CUES
    )


def _modifies_a_body(name: Span, last: int) -> bool:
    """ "The Brandt campaign", "the Lanark statistics office": a name that only modifies
    the body the phrase is headed by (an organisation's word) is part of that body's
    name; the body speaks. ("Army spokesman Col. Ivo Brenner" is headed by the name.)"""
    head = name.root.head
    return (
        name.root.dep_ in {"compound", "nmod"}
        and name.end <= head.i <= last
        and head.pos_ == "NOUN"
        and head.lower_ in ORGANISATION_HEADS | {"campaign", "administration", "staff"}
    )


def _person_of_group(name: Span, first: int, last: int) -> bool:
    """ "Aides to Brandt", "allies of Oskar Vell": a person named after a preposition on a
    plural head is whom the speakers are around, not one of them. (A spokesperson for a
    person or a body speaks for them and keeps them as the source: "a spokeswoman for
    the Transit Board".)"""
    person = name.label_ == "PERSON" or name[-1].lower_ in _surnames(name.doc)
    if not person or name.root.dep_ != "pobj":
        return False
    preposition = name.root.head
    head = preposition.head
    return (
        preposition.lower_ in {"to", "for", "of"}
        and first <= head.i <= last
        and head.i < name.start
        and head.pos_ == "NOUN"
        and head.tag_ == "NNS"
        and not any(t.ent_type_ == "PERSON" for t in name.doc[first : name.start])
    )


def _is_title(token: Token) -> bool:
    lower = token.lower_
    return token.is_title and (lower in TITLE_TOKENS or f"{lower}." in TITLE_TOKENS)


def _titled_name(tokens: list[Token]) -> Span | None:
    """ "Army spokesman Col. Ivo Brenner": a title and the proper nouns after it are a
    person's name even where the entity tagger missed the person."""
    for k, token in enumerate(tokens):
        if not _is_title(token) or token.lower_ in {"president", "minister", "chief", "police"}:
            continue
        end = k + 1
        if end < len(tokens) and tokens[end].text == ".":
            end += 1
        start_name = end
        while end < len(tokens) and tokens[end].pos_ == "PROPN":
            end += 1
        if end > start_name:
            return tokens[0].doc[tokens[start_name].i : tokens[end - 1].i + 1]
    return None


def appositive_role(tokens: list[Token]) -> str | None:
    """ "Lena Varga, a veteran of the budget committee, said": the apposition after a
    name is the speaker's role."""
    last = tokens[-1]
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i in inside and token.head is not token:
            continue
        for child in token.children:
            if child.dep_ == "appos" and child.i > last.i and child.ent_type_ != "PERSON":
                role = trim(phrase_tokens(child))
                if role and child.left_edge.i <= last.i + 2:
                    return phrase_text(role) or None
    for token in tokens:
        for child in token.children:
            # "the authors of the report, which include X and Y,": who they are
            if child.dep_ in {"relcl", "acl"} and last.i < child.left_edge.i <= last.i + 2:
                clause = trim(list(child.subtree))
                # "who ...", "which ...", "that ...", "conducted in May": not "to cut taxes"
                opener = clause[0] if clause else None
                if opener is not None and (
                    opener.tag_ in {"WDT", "WP", "WP$", "VBN", "VBG"} or opener.lower_ == "that"
                ):
                    return phrase_text(clause) or None
    return None


def is_plural_phrase(tokens: list[Token]) -> bool:
    """ "local election officials": a phrase whose head noun is plural, and names nobody."""
    heads = [t for t in tokens if t.head not in tokens or t.head is t]
    named = any(t.ent_type_ == "PERSON" for t in tokens)
    return not named and any(t.tag_ in {"NNS", "NNPS"} for t in heads)


# Last words that make a name a body, whatever the entity tagger says ("the Kessel
# Tribune" is no person); the small model tags many unfamiliar names at random.
ORGANISATION_HEADS = {
    "tribune", "times", "post", "news", "journal", "herald", "courier", "gazette", "press",
    "council", "institute", "bank", "party", "department", "office", "agency", "board",
    "committee", "court", "university", "association", "union", "group", "campaign",
    "foundation", "company", "corp", "inc", "ministry", "commission", "authority", "service",
    "network", "center", "centre", "administration", "government", "police", "army", "bureau",
    "fund", "coalition", "alliance", "federation", "league", "club", "team", "school",
}  # fmt: skip


def is_person_phrase(tokens: list[Token]) -> bool:
    """A person, from the entity tagger or a person noun ("the spokesman"); never a phrase
    headed by an organisation's word ("the Kessel Tribune"), whatever the tagger says."""
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head is t]
    if heads and heads[0].lower_ in ORGANISATION_HEADS:
        return False
    if heads and heads[0].pos_ == "PROPN" and heads[0].lower_ in _surnames(heads[0].doc):
        return True  # "Brandt", untagged, where the article named "Ida Brandt" before
    return any(t.ent_type_ == "PERSON" for t in tokens) or any(
        t.lemma_.lower() in PERSON_NOUNS for t in tokens
    )


def _surnames(doc: Doc) -> frozenset[str]:
    """The last words of the full names of people the article mentions, lowercased.

    The small model tags "Ida Brandt" a person but often not a later lone "Brandt";
    the article's own mentions say who "Brandt" is, so that "she said" can find her.
    """
    known = doc.user_data.get("factcheck_surnames")
    if known is None:
        known = frozenset(
            e[-1].lower_
            for e in doc.ents
            if e.label_ == "PERSON" and len(e) >= 2 and e[-1].pos_ == "PROPN"
        )
        doc.user_data["factcheck_surnames"] = known
    return known


def doc_text(doc: Doc) -> str:
    """The document text, built once: `Doc.text` joins every token on each access."""
    text = doc.user_data.get("factcheck_text")
    if text is None:
        text = doc.user_data["factcheck_text"] = doc.text
    return text


def quoted_name(tokens: list[Token], regions: QuoteRegions) -> str | None:
    """ "a group calling itself “The brigades ...”" -> the (quoted) name it goes by."""
    if not tokens:
        return None
    for token in tokens:
        if token.lemma_.lower() in {"call", "name", "dub"} and token.dep_ == "acl":
            names = [c for c in token.children if c.dep_ in {"oprd", "xcomp", "attr", "dobj"}]
            names = [c for c in names if c.lower_ not in {"itself", "themselves", "himself"}]
            if names and not any(r.start <= names[-1].idx < r.end for r in regions):
                return phrase_text(trim(list(names[-1].subtree)))
    doc = tokens[0].doc
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    first = bisect.bisect_left(regions.starts, start)
    for region in regions[first : first + 3]:
        if start <= region.start - 1 and region.end <= end + 3 and 0 < region.words <= 8:
            return doc_text(doc)[region.start : region.end].strip(" ,.'\"\u201c\u201d")
    return None
