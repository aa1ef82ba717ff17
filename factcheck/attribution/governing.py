"""Which cue of a sentence reports a figure: the hand rules over the parse.

Given every cue of a sentence with its source (reporting verbs and "according
to"; separately, reporting nouns), these pick the one whose reported content
holds the figure: the innermost reporting verb, unless it reports no statement
of its own; a weak cue only over its complement; a cue hung beside the clause
("..., X said"); a noun that frames the clause ("Under her plan, ..."). They
read one sentence and keep no state.
"""

from __future__ import annotations

from spacy.tokens import Token

from factcheck.attribution.cues import (
    FRAMING_PREPOSITIONS,
    MODALS,
    PLAN_NOUNS,
    SPEECH_CUES,
    cue_lemma,
    is_document,
    is_weak,
)
from factcheck.attribution.sources import subject_of
from factcheck.model import Attribution
from factcheck.nlp import sentence_of


def governing_cue(anchor: Token, cues: list[tuple[Token, Attribution]]) -> Attribution | None:
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
                if is_weak(cue_token) and not _in_complement(anchor, cue_token):
                    continue
                governing.append((cue_token, attribution))
    for k, (cue_token, attribution) in enumerate(governing):
        outer = governing[k + 1][0] if k + 1 < len(governing) else None
        if outer is not None and outer.i < cue_token.i and _defers_to_outer(anchor, cue_token):
            continue
        if outer is not None and is_weak(cue_token) and _states(outer):
            # "Lind said he expects 50 ...", "Lind said the council plans to cut 40 posts",
            # "polls showed few voters want 3 debates": the statement is the outer cue's;
            # an intention or belief inside it is what was stated, wherever the
            # statement's verb stands ("Harbor Fund plans to cut 40 jobs, the Courier reported")
            continue
        if outer is None and is_weak(cue_token):
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
            subject = subject_of(cue_token)
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
            if not is_weak(cue_token) or (cue_token.dep_ == "parataxis" and _states(cue_token)):
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


def governing_noun(anchor: Token, cues: list[tuple[Token, Attribution]]) -> Attribution | None:
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


def _defers_to_outer(anchor: Token, cue: Token) -> bool:
    """A nested cue that reports no statement of its own: the outer cue speaks for it."""
    if any(c.dep_ == "aux" and (c.lower_ in MODALS or c.tag_ == "TO") for c in cue.children):
        return True
    if is_weak(cue):
        return False
    return any(c.dep_ == "dobj" and anchor in c.subtree for c in cue.children)


def _states(cue: Token) -> bool:
    """A cue that makes a statement: a speech verb, or a document that shows or finds."""
    if cue_lemma(cue) in SPEECH_CUES:
        return True
    subject = subject_of(cue)
    return subject is not None and is_document(subject) and cue_lemma(cue) in {"show", "find"}


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
