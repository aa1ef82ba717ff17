"""Who said it: the speaker, cue and quote kind that govern each figure.

News attribution is mostly indirect ("X said that ...", "..., X said",
"according to X") and often spans sentences: a quotation runs on after its
cue ('Marotto tweeted: "... Two personnel sustained minor injuries."'), into
the next quotation ('"...," X said. "..."') and across paragraphs, and
pronouns point back to the last speaker ("It added that ..."). Reports also
hide in nouns: "under her plan", "in the latest poll", "by one estimate",
"the agency's estimated 40,000". The parser (spaCy's dependency parse and
entities) tells us the grammar; this module reads attribution off it, one
document at a time, keeping a short memory of who spoke last so that pronouns
and "the statement said" resolve.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from factcheck.attribution_model import CueChooser, load_chooser
from factcheck.model import NARRATOR_ATTRIBUTION, Attribution
from factcheck.nlp import sentence_entities, sentence_number, sentence_of, sentences

SPEECH_CUES = {
    "say", "tell", "tweet", "add", "report", "claim", "announce", "deny", "confirm", "state",
    "estimate", "write", "post", "insist", "note", "explain", "warn", "allege", "acknowledge",
    "admit", "argue", "assert", "contend", "declare", "disclose", "emphasize", "emphasise",
    "indicate", "inform", "maintain", "mention", "predict", "reveal", "suggest", "testify",
    "conclude", "calculate", "project", "reiterate", "stress", "boast", "complain", "charge",
    "concede", "recall", "respond", "reply", "believe", "think", "quote", "cite", "brief",
    "register", "tally", "joke", "brag", "scold", "rail", "grill", "lament", "quip",
    "caution",
}  # fmt: skip
# Cues that only attribute when the figure sits in their complement, not anywhere below:
# "police put the crowd at 20,000" yes; "police put up 14 barriers" no.
WEAK_CUES = {
    "put", "count", "record", "list", "find", "show", "describe", "release", "publish",
    "ask", "forecast", "expect", "rate", "reference", "propose", "unveil", "feature", "plan",
    "want", "hope", "fear", "worry", "promise", "pledge", "urge", "demand", "recommend",
    "criticize", "criticise", "accuse", "point", "detail", "outline", "highlight", "know",
    "learn", "question", "wonder", "agree", "endorse", "continue", "hear", "call",
    "identify", "advocate", "decide", "read",
}  # fmt: skip
CUE_VERBS = SPEECH_CUES | WEAK_CUES
# Verbs that report only when a document, poll or model is their subject, and only what
# is in their complement: "a new poll gives her a 6-point lead", "the audit omits 12 of
# the 40 sites"; a person who gives or leaves out something says nothing by it. Kept out
# of CUE_VERBS, which the extractor reads as "not the predicate".
DOCUMENT_CUES = {"give", "omit", "leave", "rank", "place", "peg", "exclude"}
# What such a verb needs as its subject: "the model now puts his chances at 71 percent".
SOURCE_DOCUMENTS = {
    "report", "survey", "poll", "study", "estimate", "figure", "data", "tally", "count",
    "analysis", "census", "forecast", "projection", "audit", "review", "research", "model",
    "statistic", "number", "index", "chart", "graph", "map", "ranking", "finding",
}  # fmt: skip
# Nouns that stand for a statement rather than a speaker: "a statement from X said".
# Utterances stand in for whoever spoke them ("the statement said" -> the last body
# that spoke); documents and measurements are sources in their own right when no
# author is named ("the study found", "this poll").
UTTERANCE_NOUNS = {
    "statement", "tweet", "post", "release", "communique", "letter", "video", "message",
    "bulletin", "update", "filing", "comment", "remark", "memo",
}  # fmt: skip
DOCUMENT_NOUNS = {
    "report", "survey", "poll", "study", "estimate", "figure", "data", "tally", "count",
    "document", "analysis", "census", "record", "account", "finding", "forecast",
    "projection", "audit", "review", "research", "article", "story", "headline", "caption",
    # aggregates speak only with a named author: "the Marlow polling average", "in the
    # Marlow model", never "the national average of $2.90"
    "average", "model", "tracker", "aggregate",
}  # fmt: skip
STATEMENT_NOUNS = UTTERANCE_NOUNS | DOCUMENT_NOUNS
# Nouns that report what someone said, found or intends, so that "the mayor's plan would
# cap bus fares at 3 dollars", "by one estimate" and "a Courier report that the firm lost
# $9 million" attribute their figures like a reporting verb does.
NOUN_CUES = STATEMENT_NOUNS | {
    "plan", "proposal", "admission", "acknowledgment", "acknowledgement", "claim",
    "assertion", "argument", "promise", "pledge", "prediction", "assessment", "calculation",
    "testimony", "speech", "interview", "emphasis", "insistence", "announcement", "warning",
}  # fmt: skip
# Intentions whose content is what they would do: "Her plan would cap bus fares at 3 dollars".
PLAN_NOUNS = {"plan", "proposal", "pledge", "promise"}
# Documents that are their own source when no author is named: "in this poll", "by one estimate".
SELF_SOURCED_NOUNS = {
    "report", "survey", "poll", "study", "estimate", "finding", "analysis", "census",
    "forecast", "projection", "audit",
}  # fmt: skip
# Verbs that only deliver a statement noun: "X issued a statement", "X made the following comment".
LIGHT_VERBS = {"make", "issue", "give", "release", "post", "publish", "deliver", "offer", "put"}
# Prepositions that frame a clause by a document: "in the poll", "under her plan", "by one
# estimate".
FRAMING_PREPOSITIONS = {"in", "under", "by"}
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
# Labels a paper puts before its own notes, never a speaker's turn ("Correction: ...").
EDITORIAL_LABELS = {"correction", "clarification", "update", "editor", "note", "related"}
PRONOUNS = {"he", "she", "it", "they", "him", "her", "them"}
FIRST_AND_SECOND_PERSON = {"i", "we", "you", "me", "us"}
OPEN_QUOTES = {"\u201c", '"', "``", "\u00ab"}
CLOSE_QUOTES = {"\u201d", '"', "''", "\u00bb"}
# between a cue and the quotation it introduces: "tweeted: “", "said, “", "said in a statement: “"
_INTRODUCES_QUOTE = re.compile(r"\w+[^.!?\"“”]{0,60}[:,]\s*(\"|“|``|«|'')?\s*")
_TRANSCRIPT_TURN = re.compile(r"\n\s*[A-Z][A-Za-z.\- ]{0,30}:")
_QUOTE_MARK = re.compile(r"\u201c|\u201d|\"|``|''|\u00ab|\u00bb")


@dataclass(frozen=True)
class QuoteRegion:
    """A quotation in the document text: [start, end) in document offsets.

    `continued` marks a quotation that goes on from the paragraph before: news
    style leaves a quotation open at a paragraph's end and reopens it at the
    start of the next ('"... ¶ "...'), and both paragraphs are one speaker's.
    """

    start: int
    end: int
    words: int
    continued: bool = False
    ends_sentence: bool = False

    @property
    def is_speech(self) -> bool:
        """A real quotation, not a scare quote or a name in quotes ("a “terrorist attack”").

        Five words make one; so does a shorter one closed by its own full stop ('"And
        40 nurses."'), which a scare quote inside a sentence never is.
        """
        return self.words >= 5 or (self.words >= 2 and self.ends_sentence)


# Marks that can open or close, told apart by their neighbours: '"', and the doubled
# apostrophe that some archives use on both sides (''like this'').
_AMBIGUOUS_QUOTES = {'"', "''"}


def _straight_quote_role(text: str, start: int, end: int) -> str:
    """Whether a straight '"' opens or closes, read from its neighbours.

    Counting straight quotes goes wrong for the rest of a paragraph after one
    stray mark; a mark with a space (or line start) before it and a word after
    it opens, one glued to the word before it closes.
    """
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if (before.isspace() or before in "([—-") and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or after in ".,;:!?)—-"):
        return "close"
    return "either"


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


def _opens_paragraph(text: str, position: int) -> bool:
    """Whether only white space stands between the last paragraph break and `position`."""
    line_start = text.rfind("\n", 0, position) + 1
    return line_start > 0 and not text[line_start:position].strip()


def quote_regions(text: str, *, offset: int = 0) -> list[QuoteRegion]:
    """Quotations in `text`, paired open/close marks, never running past a paragraph.

    A quotation still open at a paragraph's end is kept (up to that end) only when
    the next paragraph opens with a quote mark, the news convention for a quotation
    that runs on; that next quotation is marked `continued`.
    """
    regions: list[QuoteRegion] = []
    open_at: int | None = None
    continued = False
    for match in _QUOTE_MARK.finditer(text):
        mark = match.group()
        role = "either"
        if mark in _AMBIGUOUS_QUOTES:
            role = _straight_quote_role(text, match.start(), match.end())
        opens = (mark in OPEN_QUOTES or mark in _AMBIGUOUS_QUOTES) and role != "close"
        closes = mark in CLOSE_QUOTES and role != "open"
        runs_on = False
        if open_at is not None and "\n\n" in text[open_at : match.start()]:
            # an unclosed quote ends with its paragraph; it runs on if the next one reopens
            runs_on = opens and _opens_paragraph(text, match.start())
            if runs_on:
                end = text.index("\n\n", open_at)
                inner = text[open_at:end]
                regions.append(
                    QuoteRegion(
                        open_at + offset, end + offset, len(inner.split()), continued, _ends(inner)
                    )
                )
            open_at = None
        if open_at is None and opens:
            open_at = match.end()
            continued = runs_on
        elif open_at is not None and closes:
            inner = text[open_at : match.start()]
            regions.append(
                QuoteRegion(
                    open_at + offset,
                    match.start() + offset,
                    len(inner.split()),
                    continued,
                    _ends(inner),
                )
            )
            open_at = None
        elif open_at is not None and opens:
            open_at = match.end()  # a new quotation opens: the old one was never closed
            continued = False
    return regions


def _ends(inner: str) -> bool:
    """Does a quotation close a sentence of its own ('"And 40 nurses."')?"""
    return inner.rstrip().endswith((".", "!", "?"))


class QuoteRegions(list):
    """Quotation regions in text order, searchable by position in log time."""

    def __init__(self, regions: list[QuoteRegion]) -> None:
        super().__init__(regions)
        self.starts = [r.start for r in regions]


def _in_region(position: int, regions: QuoteRegions) -> QuoteRegion | None:
    """The region holding `position`; regions are sorted and disjoint, so bisect."""
    index = bisect.bisect_right(regions.starts, position) - 1
    if index >= 0 and regions[index].start <= position < regions[index].end:
        return regions[index]
    return None


def cue_lemma(token: Token) -> str:
    """The verb's lemma, mending the small model's odd lemmas ("rated" -> "rat")."""
    lemma = token.lemma_.lower()
    if lemma in CUE_VERBS or lemma in DOCUMENT_CUES:
        return lemma
    lower = token.lower_
    for cut in (1, 2, 3):
        stem = lower[:-cut]
        if (stem in CUE_VERBS or stem in DOCUMENT_CUES) and lower[-cut:] in _INFLECTIONS:
            return stem
    return lemma


_INFLECTIONS = {"d", "ed", "s", "es", "ing"}


def _is_cue(token: Token) -> bool:
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    lemma = cue_lemma(token)
    return lemma in CUE_VERBS or lemma in DOCUMENT_CUES


def _is_weak(cue: Token) -> bool:
    """A cue that attributes only the figures in its complement (see WEAK_CUES)."""
    lemma = cue_lemma(cue)
    return lemma in WEAK_CUES or lemma in DOCUMENT_CUES


def _relative_antecedent(subject: Token) -> Token:
    """ "the fire service, which counted 37 alarms": a relative pronoun stands for the noun
    its clause is about; any other subject stands for itself."""
    relative = subject.tag_ in {"WDT", "WP"} or subject.lower_ == "that"
    if not relative:
        return subject
    if subject.head.dep_ == "relcl" and subject.head.head is not subject.head:
        return subject.head.head
    # the parser may hang the clause elsewhere ("turned to the department which
    # reported"): the noun written just before the pronoun is still what it stands for
    k = subject.i - 1
    if k >= 0 and subject.doc[k].text == ",":
        k -= 1
    before = subject.doc[k] if k >= 0 else None
    if before is None or before.pos_ not in {"NOUN", "PROPN"} or subject.lower_ == "that":
        return subject
    while before.dep_ in {"compound", "flat"} and before.head.i > before.i:
        before = before.head
    return before


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            if child.dep_ == "nsubjpass":
                agent = _agent(verb)
                return agent if agent is not None else None
            return child
    agent = _agent(verb)
    if agent is not None:
        return agent
    # "..., said X" sometimes parses X as the verb's object or attribute
    for child in verb.children:
        if child.dep_ in {"dobj", "attr"} and child.i > verb.i and child.pos_ == "PROPN":
            return child
    if verb.tag_ == "VBG" and verb.i > 0 and verb.dep_ in {"xcomp", "advcl", "acl"}:
        before = verb.doc[verb.i - 1]
        if before.ent_type_ == "PERSON" and before.dep_ in {"pobj", "dobj", "appos"}:
            return before  # "footage of Ada Vinter asking why ...": she asks, not the footage
    if verb.dep_ in {"conj", "xcomp"} and verb.head is not verb:
        return _subject(verb.head)  # "X confirmed and said ..."
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head is not verb:
        # "X defended the bank, explaining that ...", and "A spokeswoman said the agency
        # had hired 120, adding that 30 more ...": the parser may hang the participle on
        # the reported clause; then the one adding is whoever said it
        head = verb.head
        while cue_lemma(head) not in SPEECH_CUES and head.dep_ in {"ccomp", "conj"}:
            head = head.head
        if cue_lemma(verb) in SPEECH_CUES and cue_lemma(head) in SPEECH_CUES:
            return _subject(head)
        return _subject(verb.head)
    return None


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _trim(tokens: list[Token]) -> list[Token]:
    """Drop edge punctuation, quote marks and leading determiners."""
    while tokens and (tokens[0].is_punct or tokens[0].lower_ in {"the", "a", "an"}):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    return tokens


def _phrase_tokens(head: Token) -> list[Token]:
    """The noun phrase of `head`, without relative clauses and trailing clauses."""
    dropped = {"relcl", "acl", "advcl", "punct", "ccomp", "parataxis"}
    keep: list[Token] = []

    def walk(token: Token) -> None:
        keep.append(token)
        for child in token.children:
            if child.dep_ in dropped and child.i > head.i:
                continue
            # "the spokesman, Maj. Ana Ruiz,": a name in apposition to a role is the speaker
            named = child.ent_type_ == "PERSON" or (child.pos_ == "PROPN" and head.pos_ == "NOUN")
            if child.dep_ == "appos" and child.i > head.i and not named:
                continue
            walk(child)

    walk(head)
    keep.sort(key=lambda t: t.i)
    # a phrase is contiguous: cut at the first gap
    contiguous = [keep[0]]
    for token in keep[1:]:
        if token.i != contiguous[-1].i + 1 and not (
            token.i == contiguous[-1].i + 2 and token.doc[token.i - 1].is_punct
        ):
            if token.i > head.i:
                break
            contiguous = [token]
            continue
        contiguous.append(token)
    return _trim(contiguous)


def _text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text.strip(" ,\"'\u201c\u201d\u00a0")


def _named_name(tokens: list[Token]) -> tuple[list[Token], list[Token]] | None:
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
    role = _trim([t for t in tokens if t.i < start or t.i >= end])
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


def _appositive_role(tokens: list[Token]) -> str | None:
    """ "Lena Varga, a veteran of the budget committee, said": the apposition after a
    name is the speaker's role."""
    last = tokens[-1]
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i in inside and token.head is not token:
            continue
        for child in token.children:
            if child.dep_ == "appos" and child.i > last.i and child.ent_type_ != "PERSON":
                role = _trim(_phrase_tokens(child))
                if role and child.left_edge.i <= last.i + 2:
                    return _text(role) or None
    for token in tokens:
        for child in token.children:
            # "the authors of the report, which include X and Y,": who they are
            if child.dep_ in {"relcl", "acl"} and last.i < child.left_edge.i <= last.i + 2:
                clause = _trim(list(child.subtree))
                # "who ...", "which ...", "that ...", "conducted in May": not "to cut taxes"
                opener = clause[0] if clause else None
                if opener is not None and (
                    opener.tag_ in {"WDT", "WP", "WP$", "VBN", "VBG"} or opener.lower_ == "that"
                ):
                    return _text(clause) or None
    return None


def _is_headline(sent: Span) -> bool:
    """A first line in title case without a closing full stop: "Mayor Cautions on 300 Layoffs"."""
    words = [t for t in sent if t.is_alpha]
    if not words or sent[-1].text in {".", "!"}:
        return False
    last = sent[-1]
    if "\n" not in last.whitespace_ and "\n" not in last.text:
        following = sent.doc[last.i + 1] if last.i + 1 < len(sent.doc) else None
        if following is not None and "\n" not in following.text:
            return False
    capitals = sum(t.text[0].isupper() for t in words if len(t) > 3)
    return capitals >= max(1, 0.6 * sum(len(t) > 3 for t in words))


def _is_document(subject: Token) -> bool:
    """A poll, report, model or set of figures, named or not ("the Marlow poll")."""
    return subject.lemma_.lower() in SOURCE_DOCUMENTS or subject.lower_ in SOURCE_DOCUMENTS


def _is_plural(tokens: list[Token]) -> bool:
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


def _is_person(tokens: list[Token]) -> bool:
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


def _doc_text(doc: Doc) -> str:
    """The document text, built once: `Doc.text` joins every token on each access."""
    text = doc.user_data.get("factcheck_text")
    if text is None:
        text = doc.user_data["factcheck_text"] = doc.text
    return text


def _quoted_name(tokens: list[Token], regions: QuoteRegions) -> str | None:
    """ "a group calling itself “The brigades ...”" -> the (quoted) name it goes by."""
    if not tokens:
        return None
    for token in tokens:
        if token.lemma_.lower() in {"call", "name", "dub"} and token.dep_ == "acl":
            names = [c for c in token.children if c.dep_ in {"oprd", "xcomp", "attr", "dobj"}]
            names = [c for c in names if c.lower_ not in {"itself", "themselves", "himself"}]
            if names and not any(r.start <= names[-1].idx < r.end for r in regions):
                return _text(_trim(list(names[-1].subtree)))
    doc = tokens[0].doc
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    first = bisect.bisect_left(regions.starts, start)
    for region in regions[first : first + 3]:
        if start <= region.start - 1 and region.end <= end + 3 and 0 < region.words <= 8:
            return _doc_text(doc)[region.start : region.end].strip(" ,.'\"\u201c\u201d")
    return None


class DocumentAttributor:
    """Attributes the figures of one parsed document, sentence by sentence, in order.

    Create one per document and call `attribute` for figures in reading order,
    so the speaker memory sees every earlier sentence first.
    """

    def __init__(self, doc: Doc, *, offset: int = 0, chooser: CueChooser | None = None) -> None:
        self.doc = doc
        self.offset = offset
        self.chooser = chooser if chooser is not None else current_chooser()
        self.text = _doc_text(doc)  # Doc.text rebuilds the string on every access
        self.regions = QuoteRegions(quote_regions(self.text, offset=0))
        self.memory = SpeakerMemory()
        self._sentence_cache: dict[int, list[tuple[Token, Attribution]]] = {}
        self._noun_cache: dict[int, list[tuple[Token, Attribution]]] = {}
        self._region_speaker: dict[int, Attribution | None] = {}
        self._next_sentence = 0
        self._headline_cue: tuple[Token, Attribution] | None = None
        self._sentences = sentences(doc)
        # (attribution, start, end): text introduced by "X said:" or "NAME:" belongs to X
        self._carried: list[tuple[Attribution, int, int]] = []
        self._paragraph_ends = [m.start() for m in re.finditer(r"\n\s*\n", self.text)]

    # -- speakers ----------------------------------------------------------------
    def _speaker_from_subject(self, subject: Token, cue: Token, quote: str) -> Attribution | None:
        cue_text = _cue_text(cue)
        after_let = subject.i > 0 and subject.doc[subject.i - 1].lower_ == "let"
        if subject.lower_ in {"'s", "\u2019s"} and after_let:
            return None  # "Let's say ...": the writer's supposition, nobody's statement
        if subject.lower_ in FIRST_AND_SECOND_PERSON:
            # "we counted", "do you think": the speaker of the turn or quotation holding them
            carried = self._carried_at(subject.idx)
            region = _in_region(subject.idx, self.regions)
            if carried is None and region is not None:
                # only a speaker already known: finding one reads on, and this is mid-read
                carried = self._region_speaker.get(region.start)
                if carried is None:
                    carried = self.memory.resolve(subject.lower_)
            # outside any quotation or turn, "I" and "we" are the writer: the narrator
            return replace(carried, cue=cue_text, quote="direct") if carried else None
        if subject.lower_ in PRONOUNS and subject.pos_ == "PRON":
            local = self._antecedent_in_sentence(subject)
            if local is not None:
                return self._attribution(local, cue_text, quote, remember=False)
            resolved = self.memory.resolve(subject.lower_)
            if resolved is None:
                return None
            return replace(resolved, cue=cue_text, quote=quote)
        if subject.lemma_.lower() in STATEMENT_NOUNS or subject.lower_ in STATEMENT_NOUNS:
            author = self._statement_author(subject)
            if author is not None:
                return self._attribution(author, cue_text, quote)
            if subject.lemma_.lower() in UTTERANCE_NOUNS and any(
                c.dep_ == "det" and c.lower_ in {"the", "that", "this"} for c in subject.children
            ):
                resolved = self.memory.resolve("it")
                if resolved is not None:
                    return replace(resolved, cue=cue_text, quote=quote)
        # a quotation in a relative clause on the subject is what it said, not its name
        clauses = {t.i for c in subject.children if c.dep_ == "relcl" for t in c.subtree}
        subtree = [t for t in subject.subtree if t.i not in clauses]
        return self._attribution(_phrase_tokens(subject), cue_text, quote, subtree=subtree)

    def _antecedent_in_sentence(self, pronoun: Token) -> list[Token] | None:
        """ "Oskar Vell spoke in Eastmoor on Friday, where the council approved 300 buses,
        and he said ...": "he" is the person who is the subject of a clause above his own,
        written before him, rather than whoever spoke in an earlier sentence or a body
        named nearer the figure."""
        if pronoun.lower_ in {"it", "they"}:
            return self._body_before(pronoun)
        if pronoun.lower_ not in {"he", "she"}:
            return None
        for clause in pronoun.head.ancestors:
            for child in clause.children:
                if child.dep_ not in {"nsubj", "nsubjpass"} or child.i > pronoun.i:
                    continue
                if child.pos_ not in {"PROPN", "NOUN"} or _in_region(child.idx, self.regions):
                    continue
                phrase = _phrase_tokens(child)
                if phrase and _is_person(phrase) and not _is_plural(phrase):
                    return phrase
        return None

    def _body_before(self, pronoun: Token) -> list[Token] | None:
        """ "Brandt's campaign raised $12 million, it said in a filing": a trailing "it
        said" or "they said" speaks for the subject of the clause it follows, when that is
        a body ("it") or a group ("they") and no person."""
        verb = pronoun.head
        if verb.dep_ == "parataxis":
            clauses = [verb.head]
        else:
            clauses = [c for c in verb.children if c.dep_ == "ccomp" and c.i < pronoun.i]
        for clause in clauses:
            for child in clause.children:
                if child.dep_ != "nsubj" or child.pos_ not in {"PROPN", "NOUN"}:
                    continue
                phrase = _phrase_tokens(child)
                plural = _is_plural(phrase)
                if phrase and not _is_person(phrase) and plural == (pronoun.lower_ == "they"):
                    return phrase
        return None

    def _statement_author(self, noun: Token) -> list[Token] | None:
        """ "a statement from X", "X's statement", "police estimates" -> X.

        "Of" names an author only for an utterance: "a poll of 1,000 voters" and "an
        analysis of campaign filings" name what was studied.
        """
        authors = {"from", "by"} if noun.lemma_.lower() in DOCUMENT_NOUNS else {"from", "by", "of"}
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in authors:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return _phrase_tokens(obj)
        for child in noun.children:
            # "figures released Tuesday by the state labour office"
            if child.dep_ == "acl" and child.tag_ == "VBN":
                agent = _agent(child)
                if agent is not None:
                    return _phrase_tokens(agent)
        for child in noun.children:
            if child.dep_ in {"poss", "compound", "nmod"} and child.pos_ in {"NOUN", "PROPN"}:
                return _phrase_tokens(noun)  # "a Reuters/Ipsos poll", "police estimates"
        return None

    def _attribution(
        self,
        tokens: list[Token],
        cue: str,
        quote: str,
        *,
        subtree: list[Token] | None = None,
        remember: bool = True,
    ) -> Attribution | None:
        tokens = _trim(tokens)
        if not tokens:
            return None
        quoted = _quoted_name(_trim(subtree) if subtree else tokens, self.regions)
        split = _named_name(tokens)
        if quoted:
            speaker, role, span_tokens = quoted, _text(tokens) or None, tokens
        elif split is not None and split[1]:
            name, role_tokens = split
            speaker, role, span_tokens = _text(name), _text(role_tokens) or None, name
        else:
            speaker, role, span_tokens = _text(tokens), None, tokens
        if not speaker:
            return None
        if role is None:
            role = _appositive_role(tokens)
        attribution = Attribution(
            speaker=speaker,
            cue=cue,
            quote=quote,  # type: ignore[arg-type]
            role=role,
            speaker_start=span_tokens[0].idx + self.offset,
            speaker_end=span_tokens[-1].idx + len(span_tokens[-1]) + self.offset,
        )
        if remember:
            self.memory.remember(
                attribution, is_person=_is_person(tokens), plural=_is_plural(tokens)
            )
        return attribution

    # -- sentences ---------------------------------------------------------------
    def _sentence_cues(self, sent: Span) -> list[tuple[Token, Attribution]]:
        """Every (cue token, attribution) in a sentence, in reading order."""
        cues: list[tuple[Token, Attribution]] = self._headline_cues(sent)
        for token in sent:
            if _in_region(token.idx, self.regions) is not None:
                continue
            if token.lower_ == "according" and token.i + 1 < len(self.doc):
                to = self.doc[token.i + 1]
                objects = [c for c in to.children if c.dep_ == "pobj"]
                if to.lower_ == "to" and objects:
                    head = objects[0]
                    phrase = _phrase_tokens(head)
                    phrase = self._with_conjuncts(head, phrase)
                    if head.lemma_.lower() in STATEMENT_NOUNS:
                        author = self._statement_author(head)
                        phrase = author or phrase
                    found = self._attribution(phrase, "according to", "according_to")
                    if found is not None:
                        cues.append((token, found))
                continue
            if not _is_cue(token):
                continue
            subject = _subject(token)
            if subject is not None and _in_region(subject.idx, self.regions) is not None:
                subject = self._name_after_quote(subject, token)
            if subject is None:
                continue
            subject = _relative_antecedent(subject)
            if cue_lemma(token) == "read" and subject.lemma_.lower() not in STATEMENT_NOUNS:
                continue  # "the statement read", not "she read 40 books"
            if cue_lemma(token) in DOCUMENT_CUES and not _is_document(subject):
                if not (subject.lower_ in {"it", "they"} and self._document_just_named(sent)):
                    continue  # "she gave 20 dollars" reports nothing
            found = self._speaker_from_subject(subject, token, "indirect")
            if found is not None:
                cues.append((token, found))
        return cues

    def _document_just_named(self, sent: Span) -> bool:
        """A poll, report or model named in this sentence or the one before, so that "It
        gives Brandt a 6-point lead" is the poll speaking through whoever released it."""
        index = sentence_number(sent[0])
        earlier = self._sentences[index - 1] if index > 0 else None
        words = [*sent, *(earlier or [])]
        return any(t.lemma_.lower() in SOURCE_DOCUMENTS and t.pos_ == "NOUN" for t in words)

    def _headline_cues(self, sent: Span) -> list[tuple[Token, Attribution]]:
        """ "Mayor Cautions on 300 Layoffs": a headline's cue, which the tagger, misled by
        title case, reads as a name or a plural noun ('Cautions', 'Warns').

        Only the document's first line, and only a speech or weak cue in the present
        tense after a run of names and titles: the run is the source, and every figure
        after the cue is what it reports ("Brandt Unveils Plan to Hire 500 Teachers").
        """
        if sent.start != 0 or not _is_headline(sent):
            return []
        words = [t for t in sent if not t.is_space]
        for k, token in enumerate(words[1:], start=1):
            if token.pos_ in {"VERB", "AUX"}:
                return []  # a parsed verb: the ordinary reading handles it
            if not token.lower_.endswith("s") or cue_lemma(token) not in CUE_VERBS:
                continue
            before = words[:k]
            if not all(t.pos_ in {"PROPN", "NOUN"} or t.text in {".", "'s"} for t in before):
                return []
            found = self._attribution(before, _cue_text(token), "indirect")
            if found is None:
                return []
            self._headline_cue = (token, found)
            return [(token, found)]
        return []

    def _name_after_quote(self, subject: Token, cue: Token) -> Token | None:
        """'"... one of the best," Rep. Ann Ode said': the parser may make the quotation
        the subject; the speaker is the name between the quotation and the cue."""
        region = _in_region(subject.idx, self.regions)
        if region is None or not region.end <= cue.idx:
            return None
        between = [t for t in self.doc[subject.i : cue.i] if t.idx >= region.end]
        names = [t for t in between if t.ent_type_ in {"PERSON", "ORG"} or t.pos_ == "PROPN"]
        if not names:
            return None
        last = names[-1]
        while last.head.i < cue.i and last.head.idx >= region.end and last.head is not last:
            last = last.head  # up to the head of the name's phrase
        return last

    def _noun_cues(self, sent: Span) -> list[tuple[Token, Attribution]]:
        """Statement, document and plan nouns with the source they name, in reading order."""
        cues: list[tuple[Token, Attribution]] = []
        for token in sent:
            nominal = token.pos_ == "NOUN" or token.dep_ in {"dobj", "pobj", "nsubj"}
            if not nominal or token.lemma_.lower() not in NOUN_CUES:
                continue
            if _in_region(token.idx, self.regions) is not None:
                continue
            found = self._noun_source(token)
            if found is not None:
                cues.append((token, found))
        return cues

    def _noun_source(self, noun: Token) -> Attribution | None:
        """Who a reporting noun belongs to: its possessor ("Varga's plan", "its forecast"),
        a named author ("a Courier report", "a study by X"), whoever delivered it ("X
        issued a statement"), or, for a document with no author, the document itself."""
        quote = "indirect"  # "according_to" is kept for the words "according to"
        cue = noun.lower_
        if noun.dep_ == "pobj" and noun.head.lower_ in FRAMING_PREPOSITIONS:
            cue = f"{noun.head.lower_} {cue}"
        for child in noun.children:
            if child.dep_ != "poss":
                continue
            return self._possessor(child, cue, quote)
        names = [c for c in noun.children if c.dep_ in {"compound", "nmod"} and c.pos_ == "PROPN"]
        if names:
            first = min(c.left_edge.i for c in names)
            last = max(c.right_edge.i for c in names)
            return self._attribution(list(self.doc[first : last + 1]), cue, quote, remember=False)
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in {"by", "from"}:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return self._attribution(_phrase_tokens(obj), cue, quote, remember=False)
        if noun.dep_ == "dobj" and noun.head.lemma_.lower() in LIGHT_VERBS:
            subject = _subject(noun.head)
            if subject is not None:
                return self._speaker_from_subject(subject, noun, quote)
        if noun.lemma_.lower() in SELF_SOURCED_NOUNS:
            own = list(self.doc[noun.left_edge.i : noun.i + 1])  # "this finding", "one estimate"
            return self._attribution(own, cue, quote, remember=False)
        return None

    def _paragraph_end(self, position: int) -> int:
        index = bisect.bisect_left(self._paragraph_ends, position)
        return self._paragraph_ends[index] if index < len(self._paragraph_ends) else len(self.text)

    def _carry_transcript_turn(self, sent: Span) -> bool:
        """ "WALLACE: ..." gives the rest of the turn, up to the next "NAME:", to WALLACE."""
        colon = next((t for t in sent if t.text == ":"), None)
        if colon is None:
            return False
        name = [t for t in sent if t.i < colon.i and not t.is_space and not t.is_punct]
        if not (0 < len(name) <= 3 and all(t.pos_ == "PROPN" for t in name)):
            return False
        if name[0].lower_ in EDITORIAL_LABELS:
            return False  # "Correction: An earlier version gave 156 ..." is the paper's note
        found = self._attribution(name, ":", "direct")
        if found is None:
            return False
        start = colon.idx + 1
        following = _TRANSCRIPT_TURN.search(self.text, start)
        self._carried.append((found, start, following.start() if following else len(self.text)))
        return True

    def _carry_after_colon(self, sent: Span, cues: list[tuple[Token, Attribution]]) -> None:
        """ "The Courier reports:" / "Varga continued:" introduce what follows.

        The introduced text runs to the end of the paragraph; when the colon ends
        its paragraph, through the next paragraph.
        """
        colon = next((t for t in reversed(sent) if t.text == ":"), None)
        before_colon = sorted(
            (c for c in cues if colon is not None and c[0].i < colon.i), key=lambda c: c[0].i
        )
        if colon is None or not before_colon:
            return
        start = colon.idx + 1
        end = self._paragraph_end(start)
        if not self.text[start:end].strip():
            end = self._paragraph_end(end + 2)
        self._carried.append((before_colon[-1][1], start, end))

    def _carried_at(self, position: int) -> Attribution | None:
        for attribution, start, end in reversed(self._carried):
            if start <= position < end:
                return attribution
        return None

    def _remember_subject(self, sent: Span) -> None:
        """A named subject with no cue ("The ministry issued a statement.") may speak next."""
        for token in sent:
            if token.dep_ != "nsubj" or token.head != sent.root or token.pos_ == "PRON":
                continue
            phrase = _trim(_phrase_tokens(token))
            usable = token.pos_ in {"NOUN", "PROPN"} and token.lemma_.lower() not in STATEMENT_NOUNS
            if phrase and not token.like_num and usable:
                split = _named_name(phrase)
                name, role = split if split and split[1] else (phrase, [])
                self.memory.remember(
                    Attribution(
                        speaker=_text(name),
                        cue=None,
                        quote="indirect",
                        role=_text(role) or None,
                        speaker_start=name[0].idx + self.offset,
                        speaker_end=name[-1].idx + len(name[-1]) + self.offset,
                    ),
                    is_person=_is_person(phrase),
                    plural=_is_plural(phrase),
                )

    def _with_conjuncts(self, head: Token, phrase: list[Token]) -> list[Token]:
        """ "the forces and a Syrian activist": keep both sources of an according-to."""
        conjuncts = [c for c in head.children if c.dep_ == "conj"]
        if not conjuncts:
            return phrase
        last = _phrase_tokens(conjuncts[-1])
        if not last:
            return phrase
        return list(self.doc[phrase[0].i : last[-1].i + 1])

    def _advance_to(self, sent_index: int) -> None:
        """Read every sentence up to `sent_index` so the memory knows their speakers."""
        while self._next_sentence <= sent_index and self._next_sentence < len(self._sentences):
            sent = self._sentences[self._next_sentence]
            turn = self._carry_transcript_turn(sent)  # before the cues: "RIVERA: We counted"
            self._sentence_cache[self._next_sentence] = self._sentence_cues(sent)
            if not self._sentence_cache[self._next_sentence]:
                self._remember_subject(sent)
            self._noun_cache[self._next_sentence] = self._noun_cues(sent)
            if not turn:
                self._carry_after_colon(
                    sent,
                    self._sentence_cache[self._next_sentence]
                    + self._noun_cache[self._next_sentence],
                )
            self._next_sentence += 1

    def _region_attribution(self, region: QuoteRegion) -> Attribution | None:
        """Who speaks a quotation: the cue right after it in its paragraph ('"...," Mayor
        Varga said'), else a cue that introduces it ('X tweeted: "..."'), else the
        speaker of the quotation it goes on from ('"...," X said. "..."')."""
        if region.start in self._region_speaker:
            return self._region_speaker[region.start]
        self._region_speaker[region.start] = None  # a guard while the lookup recurses
        index = bisect.bisect_left(self.regions.starts, region.start)
        found: Attribution | None = None
        if region.continued and index > 0:  # the quotation left open a paragraph before
            found = self._region_attribution(self.regions[index - 1])
        previous = self._previous_region(region)
        if found is None:
            found = self._cue_of_region(region)
        if found is None and previous is not None and self._goes_on_from(previous, region):
            found = self._region_attribution(previous)
        if found is not None:
            found = replace(found, quote="direct")
        self._region_speaker[region.start] = found
        return found

    def _cue_of_region(self, region: QuoteRegion) -> Attribution | None:
        last = self._sentence_index_at(region.end)
        self._advance_to(last + 1)
        cues = [
            c for i in range(max(0, last - 1), last + 2) for c in self._sentence_cache.get(i, [])
        ]
        paragraph_end = self._paragraph_end(region.end)
        after = [c for c in cues if region.end <= c[0].idx <= min(region.end + 80, paragraph_end)]
        if after:
            return min(after, key=lambda c: c[0].idx)[1]
        found: Attribution | None = None
        first = self._sentence_index_at(region.start)
        before = [
            c
            for i in range(max(0, first - 1), first + 1)
            for c in self._sentence_cache.get(i, []) + self._noun_cache.get(i, [])
        ]
        for cue, attribution in sorted(before, key=lambda c: c[0].i):
            gap = self.text[cue.idx : region.start]
            if cue.idx < region.start and _INTRODUCES_QUOTE.fullmatch(gap):
                found = attribution  # the last cue before the quotation introduces it
        return found

    def _is_spoken(self, region: QuoteRegion) -> bool:
        """Speech by its shape (`QuoteRegion.is_speech`), or a short quotation a cue
        follows or introduces ('"We have 300 volunteers," Ek said')."""
        if region.is_speech:
            return True
        return region.words > 0 and self._cue_of_region(region) is not None

    def _previous_region(self, region: QuoteRegion) -> QuoteRegion | None:
        """The last quotation before `region` that is speech: five words or a sentence of
        its own, or one a cue follows ('"It's a disgrace," Brandt wrote. "12 million ..."').
        """
        index = bisect.bisect_left(self.regions.starts, region.start) - 1
        if index >= 0 and self._is_spoken(self.regions[index]):
            return self.regions[index]
        while index >= 0 and not self.regions[index].is_speech:
            index -= 1
        return self.regions[index] if index >= 0 else None

    def _goes_on_from(self, previous: QuoteRegion, region: QuoteRegion) -> bool:
        """'"...," X said. "..."': only the cue's sentence stands between two quotations,
        in one paragraph or with the second opening the next ('"...," he said. ¶ "..."',
        the way news runs one speaker's quotations on across paragraphs)."""
        gap = self.text[previous.end : region.start]
        if len(gap) > 200:
            return False
        if "\n" in gap:
            opens_next = gap.count("\n\n") == 1 and _opens_paragraph(self.text, region.start - 1)
            if not opens_next or "\n" in gap.split("\n\n")[0]:
                return False
        sentences_apart = self._sentence_index_at(region.start) - self._sentence_index_at(
            previous.end
        )
        return sentences_apart <= 1

    def _sentence_index_at(self, position: int) -> int:
        span = self.doc.char_span(position, position + 1, alignment_mode="expand")
        if span is None or not len(span):
            return len(self._sentences) - 1
        return sentence_number(span[0])

    def attribute(self, anchor: Token) -> Attribution:
        """The attribution of the figure whose syntactic anchor is `anchor`."""
        sent_index = self._sentence_index(anchor)
        self._advance_to(sent_index + 1)  # a quote's cue may follow it ("...," he said)
        region = _in_region(anchor.idx, self.regions)
        if region is not None and self._is_spoken(region):
            spoken = self._region_attribution(region)
            if spoken is not None:
                return spoken
        cues = self._sentence_cache.get(sent_index, [])
        chosen = _governing_cue(anchor, cues)
        if chosen is None:
            chosen = _governing_noun(anchor, self._noun_cache.get(sent_index, []))
        if chosen is None:
            chosen = self._owned_report(anchor)
        if chosen is None and self._headline_cue is not None and sent_index == 0:
            if self._headline_cue[0].i < anchor.i:
                chosen = self._headline_cue[1]
        if chosen is not None and not self._yields_to_turn(chosen, anchor.idx):
            return chosen
        carried = self._carried_at(anchor.idx)
        if carried is not None:
            return carried
        if chosen is None:
            chosen = self._learned_cue(anchor)
        return chosen or NARRATOR_ATTRIBUTION

    def _learned_cue(self, anchor: Token) -> Attribution | None:
        """Where no rule attributes a figure: the verb above it the cue chooser finds
        most likely to report it ("the program allows up to 10 investors", "aides point
        to $55 billion"), when likely enough and its subject names a source."""
        if self.chooser is None or _in_region(anchor.idx, self.regions) is not None:
            return None
        scored = sorted(
            (
                (self.chooser.probability(features), rank, verb)
                for rank, (verb, features) in enumerate(candidate_cues(anchor))
            ),
            key=lambda s: (-s[0], s[1]),
        )
        for probability, _, verb in scored:
            if probability < self.chooser.threshold:
                return None
            subject = _subject(verb)
            if subject is not None and _in_region(subject.idx, self.regions) is not None:
                subject = self._name_after_quote(subject, verb)
            if subject is None or anchor in subject.subtree:
                continue
            subject = _relative_antecedent(subject)
            remembered = list(self.memory.entries)
            found = self._speaker_from_subject(subject, verb, "indirect")
            self.memory.entries = remembered  # a late reading must not reorder the memory
            if found is not None and found.speaker:
                return found
        return None

    def _yields_to_turn(self, chosen: Attribution, position: int) -> bool:
        """ "HOST: ... as the Courier wrote, it shows 40 percent ...": inside a transcript
        turn, a cue whose speaker was named before the turn began (a pronoun resolved
        from memory) is a guess; the turn's speaker is who said the figure."""
        for attribution, start, end in reversed(self._carried):
            if start <= position < end:
                named_at = chosen.speaker_start
                return (
                    attribution.cue == ":"
                    and named_at is not None
                    and named_at - self.offset < start
                )
        return False

    def _owned_report(self, anchor: Token) -> Attribution | None:
        """ "the agency's estimated 40,000 deaths", "the alliance's recommended 2 percent":
        a reporting participle on the figure's noun, and whose report it is."""
        noun = anchor
        for _ in range(3):
            if noun.dep_ not in {"nummod", "quantmod", "compound"} or noun.head is noun:
                break
            noun = noun.head
        participles = [
            c
            for c in noun.children
            if c.dep_ == "amod" and c.tag_ == "VBN" and cue_lemma(c) in CUE_VERBS
        ]
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if not participles or owner is None or owner.i > participles[0].i:
            return None
        return self._possessor(owner, participles[0].lower_, "indirect")

    def _possessor(self, owner: Token, cue: str, quote: str) -> Attribution | None:
        """The source a possessive names: "Varga's plan" -> Varga, "its forecast" ->
        whoever "it" was last, the possessive "'s" left out."""
        if owner.lower_ in POSSESSIVE_PRONOUNS:
            resolved = self.memory.resolve(POSSESSIVE_PRONOUNS[owner.lower_])
            return replace(resolved, cue=cue, quote=quote) if resolved else None
        tokens = [t for t in owner.subtree if t.dep_ != "case"]
        return self._attribution(tokens, cue, quote, remember=False)

    def _sentence_index(self, token: Token) -> int:
        return sentence_number(token)


def _cue_text(cue: Token) -> str:
    """The cue as written, with its particle ("put ... at" stays "put")."""
    return cue.text.lower() if cue.lower_ != "according" else "according to"


def _governing_cue(anchor: Token, cues: list[tuple[Token, Attribution]]) -> Attribution | None:
    """The cue whose reported content holds the figure.

    An "according to" attached to the clause holding the figure names its source
    even inside another report ("The ministry has said it will not release the 14
    files, according to a lawyer for the residents"). Among nested reporting verbs
    the innermost wins, unless it reports no actual statement: a hypothetical one
    ("said the museum would tell the story of 12 families"), or a speech verb whose
    object is a thing, not a clause ("The Courier wrote that the firm had claimed a
    loss of $9 million").
    """
    if not cues:
        return None
    ancestors = list(anchor.ancestors)
    for cue_token, attribution in cues:
        if cue_token.lower_ == "according" and (
            cue_token.head in ancestors and cue_token.head.pos_ in {"VERB", "AUX"}
        ):
            return attribution
    governing: list[tuple[Token, Attribution]] = []
    for ancestor in ancestors:
        for cue_token, attribution in cues:
            if cue_token.i == ancestor.i and _figure_outside_subject(anchor, cue_token):
                if _is_weak(cue_token) and not _in_complement(anchor, cue_token):
                    continue
                governing.append((cue_token, attribution))
    for k, (cue_token, attribution) in enumerate(governing):
        outer = governing[k + 1][0] if k + 1 < len(governing) else None
        if outer is not None and outer.i < cue_token.i and _defers_to_outer(anchor, cue_token):
            continue
        if outer is not None and _is_weak(cue_token) and _states(outer):
            # "Lind said he expects 50 ...", "Lind said the council plans to cut 40 posts",
            # "polls showed few voters want 3 debates": the statement is the outer cue's;
            # an intention or belief inside it is what was stated, wherever the
            # statement's verb stands ("Harbor Fund plans to cut 40 jobs, the Courier reported")
            continue
        if outer is None and _is_weak(cue_token):
            # "Harbor Fund plans to cut 40 jobs, the Courier reported": the same, when the
            # statement is a clause hung after the intention
            side = _side_cue(anchor, cues, ancestors)
            if side is not None and side[0].i > cue_token.i and _states(side[0]):
                return side[1]
        return attribution
    # "the $20 million experts say it costs": a reporting clause on the figure's own noun
    for cue_token, attribution in cues:
        clause = any(c.dep_ == "ccomp" for c in cue_token.children)
        if cue_token.dep_ == "relcl" and cue_lemma(cue_token) in SPEECH_CUES and clause:
            subject = _subject(cue_token)
            relative = subject is None or subject.tag_ in {"WDT", "WP"} or subject.lower_ == "that"
            if not relative and cue_token.head in (anchor, *ancestors):
                if anchor not in cue_token.subtree:
                    return attribution
    side = _side_cue(anchor, cues, ancestors)
    if side is not None:
        return side[1]
    for cue_token, attribution in cues:
        if cue_token.lower_ == "according":
            return attribution
    return None


def _side_cue(
    anchor: Token, cues: list[tuple[Token, Attribution]], ancestors: list[Token]
) -> tuple[Token, Attribution] | None:
    """ "..., X said": a cue hung off the figure's clause as parataxis, or governing the root.

    A weak cue counts here only when it states: "Brandt has a 6-point lead, a new poll
    shows" is the poll's figure; "Brandt has a lead, aides hope" is nobody's.
    """
    root = sentence_of(anchor).root
    for cue_token, attribution in cues:
        if cue_token.lower_ == "according":
            continue
        if cue_token.dep_ in {"parataxis", "ROOT", "ccomp", "conj"} and (
            cue_token.head in ancestors or cue_token.head == anchor or cue_token == root
        ):
            if cue_token.dep_ == "conj" and _in_side_clause(anchor, cue_token.head):
                continue  # "X spoke where the council approved 300 buses, and he said ..."
            if not _figure_outside_subject(anchor, cue_token):
                continue
            if not _is_weak(cue_token) or (cue_token.dep_ == "parataxis" and _states(cue_token)):
                return cue_token, attribution
    return None


def _in_side_clause(anchor: Token, head: Token) -> bool:
    """Is the figure in a relative or adverbial clause below `head`, a description the
    writer gives on the way, not what a conjoined cue after it reports?"""
    for token in [anchor, *anchor.ancestors]:
        if token == head:
            return False
        if token.dep_ in {"relcl", "advcl", "acl"}:
            return True
    return False


def _governing_noun(anchor: Token, cues: list[tuple[Token, Attribution]]) -> Attribution | None:
    """The reporting noun whose content holds the figure, nearest first.

    Its complement ("a report that the firm lost $9 million", "an estimate of 3.1
    percent"), the clause it frames ("Under her plan, the sales tax would rise to 6
    percent", "In the poll, she led by 4 points"), the clause it is the subject of
    ("Her plan would cap bus fares at 3 dollars"), or the change made to it ("It
    raised its forecast for exports to 2.5 percent").
    """
    ancestors = list(anchor.ancestors)
    for noun, attribution in sorted(cues, key=lambda c: abs(c[0].i - anchor.i)):
        if anchor in _left_of(noun) or noun == anchor:
            continue
        if noun in ancestors and anchor.i > noun.i:
            return attribution
        head = noun.head
        framing = noun.dep_ == "pobj" and head.lower_ in FRAMING_PREPOSITIONS
        fronted = head.i == sentence_of(anchor).start  # "Under her plan, ..." frames it all
        if framing and (head.head in ancestors or fronted) and anchor not in head.subtree:
            return attribution
        if noun.dep_ == "nsubj" and head in ancestors and noun.lemma_.lower() in PLAN_NOUNS:
            if any(c.dep_ == "aux" and c.lower_ in MODALS for c in head.children):
                return attribution  # "Her plan would cap bus fares at 3 dollars"
        if noun.dep_ == "dobj" and head in ancestors:
            changes = [c for c in head.children if c.dep_ in {"prep", "oprd", "acomp", "advmod"}]
            if any(anchor in c.subtree for c in changes):
                return attribution
    return None


def _left_of(noun: Token) -> list[Token]:
    """The noun's own modifiers before it: "a 100-page report" counts pages, reports nothing."""
    return [t for c in noun.lefts for t in c.subtree]


MODALS = {"will", "would", "could", "might", "may", "should", "can", "wo", "'ll", "'d", "shall"}


def _defers_to_outer(anchor: Token, cue: Token) -> bool:
    """A nested cue that reports no statement of its own: the outer cue speaks for it."""
    if any(c.dep_ == "aux" and (c.lower_ in MODALS or c.tag_ == "TO") for c in cue.children):
        return True
    if _is_weak(cue):
        return False
    return any(c.dep_ == "dobj" and anchor in c.subtree for c in cue.children)


def _states(cue: Token) -> bool:
    """A cue that makes a statement: a speech verb, or a document that shows or finds."""
    if cue_lemma(cue) in SPEECH_CUES:
        return True
    subject = _subject(cue)
    return subject is not None and _is_document(subject) and cue_lemma(cue) in {"show", "find"}


def _figure_outside_subject(anchor: Token, cue: Token) -> bool:
    for child in cue.children:
        if child.dep_ in {"nsubj", "nsubjpass", "agent"} and anchor in child.subtree:
            return False
    return True


# Cognition verbs report only a clause: "have heard that 20 ...", not "heard from 22 witnesses".
CLAUSE_ONLY_CUES = {"hear", "learn", "know", "agree", "wonder", "question", "continue"}


def _in_complement(anchor: Token, cue: Token) -> bool:
    """For weak cues ("put ... at 20,000", "a survey found 45%"): the figure is their object."""
    allowed = {"prep", "dobj", "ccomp", "attr", "oprd", "xcomp"}
    if cue_lemma(cue) in CLAUSE_ONLY_CUES:
        allowed = {"ccomp", "xcomp"}
    return any(child.dep_ in allowed and anchor in child.subtree for child in cue.children)


# --- candidates for the learned cue chooser ------------------------------------------------

_CHOOSER: ContextVar[CueChooser | str | None] = ContextVar("factcheck_cue_chooser", default="")


def current_chooser() -> CueChooser | None:
    """The chooser attributors use: the shipped one unless `choosing_with` says otherwise."""
    chosen = _CHOOSER.get()
    return load_chooser() if chosen == "" else chosen  # type: ignore[return-value]


@contextmanager
def choosing_with(chooser: CueChooser | None) -> Iterator[None]:
    """Attribute with `chooser` (None: rules only) inside the block, in this thread.

    The seam for measuring a chooser fitted without some articles on those articles
    (extraction builds its attributors deep inside a spaCy component).
    """
    token = _CHOOSER.set(chooser)
    try:
        yield
    finally:
        _CHOOSER.reset(token)


def _lexicon(verb: Token) -> str:
    lemma = cue_lemma(verb)
    if lemma in SPEECH_CUES:
        return "speech"
    if lemma in WEAK_CUES:
        return "weak"
    if lemma in DOCUMENT_CUES:
        return "document"
    return "other"


def _subject_kind(subject: Token | None) -> str:
    """What stands as the verb's subject, in a few classes a source can be."""
    if subject is None:
        return "none"
    if subject.tag_ in {"WDT", "WP"} or subject.lower_ == "that":
        return "relative"
    if subject.lower_ in FIRST_AND_SECOND_PERSON:
        return "first-second"
    if subject.pos_ == "PRON":
        return "pronoun"
    if subject.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}:
        return subject.ent_type_.lower()
    if _is_document(subject):
        return "document"
    if subject.lemma_.lower() in PERSON_NOUNS:
        return "person-noun"
    if subject.pos_ in {"NOUN", "PROPN"}:
        return "plural-noun" if subject.tag_ in {"NNS", "NNPS"} else "noun"
    return "other"


def _features(anchor: Token, verb: Token, path: str, hops: int, rank: int) -> list[str]:
    lemma = verb.lemma_.lower()
    subject = _subject(verb)
    lexicon = _lexicon(verb)
    kind = _subject_kind(subject)
    features = [
        f"lemma={lemma}",
        f"lexicon={lexicon}",
        f"path={path}",
        f"lexicon={lexicon}&path={path}",
        f"hops={min(hops, 4)}",
        f"rank={min(rank, 3)}",
        f"subject={kind}",
        f"lexicon={lexicon}&subject={kind}",
        f"tag={verb.tag_}",
        f"dep={verb.dep_}",
    ]
    if subject is not None and anchor in subject.subtree:
        features.append("figure-in-subject")
    if any(c.dep_ == "aux" and (c.lower_ in MODALS or c.tag_ == "TO") for c in verb.children):
        features.append("modal")
    if any(c.dep_ == "neg" for c in verb.children):
        features.append("negated")
    if any(c.dep_ == "ccomp" for c in verb.children):
        features.append("takes-clause")
    return features


def candidate_cues(anchor: Token) -> Iterator[tuple[Token, list[str]]]:
    """Every verb that could report the figure at `anchor`, with the chooser's features.

    The verbs above it in the parse, nearest first (the child on the path to the figure
    is the path feature), then the verbs hung beside the clause that holds it ("...,
    aides say", parataxis), which reach it from the side.
    """
    child, rank = anchor, 0
    seen: set[int] = set()
    for hops, ancestor in enumerate(anchor.ancestors, start=1):
        if ancestor.pos_ in {"VERB", "AUX"}:
            seen.add(ancestor.i)
            yield ancestor, _features(anchor, ancestor, child.dep_, hops, rank)
            rank += 1
        child = ancestor
    for ancestor in [anchor, *anchor.ancestors]:
        for side in ancestor.children:
            if side.dep_ == "parataxis" and side.pos_ == "VERB" and side.i not in seen:
                if anchor not in side.subtree:
                    seen.add(side.i)
                    yield side, _features(anchor, side, "side", 1, rank)
                    rank += 1
