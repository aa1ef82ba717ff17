"""The phrase a source is written in: a verb's subject and that subject's noun phrase.

The parse hides the source of a cue in many places: the subject, the agent of a
passive ("was reported by X"), the noun a relative pronoun stands for ("the fire
service, which counted"), the name after the verb ("..., said X"), the speaker a
participle hangs on ("..., adding that"). The rules and the learned chooser's
features both read the source from here, trimmed to its noun phrase.
"""

from __future__ import annotations

from spacy.tokens import Token

from factcheck.attribution.cues import SPEECH_CUES, cue_lemma


def relative_antecedent(subject: Token) -> Token:
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


def subject_of(verb: Token) -> Token | None:
    subjects = [child for child in verb.children if child.dep_ in {"nsubj", "nsubjpass"}]
    if subjects:
        # A finite verb has one subject; where the parse gives it two ("The sergeant fired
        # 11 shots - the autopsy showed that ..."), the one next to the verb is its own.
        child = max((c for c in subjects if c.i < verb.i), key=lambda c: c.i, default=subjects[0])
        if child.dep_ == "nsubjpass":
            agent = agent_of(verb)
            return agent if agent is not None else None
        return child
    agent = agent_of(verb)
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
        return subject_of(verb.head)  # "X confirmed and said ..."
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head is not verb:
        # "X defended the bank, explaining that ...", and "A spokeswoman said the agency
        # had hired 120, adding that 30 more ...": the parser may hang the participle on
        # the reported clause; then the one adding is whoever said it
        head = verb.head
        while cue_lemma(head) not in SPEECH_CUES and head.dep_ in {"ccomp", "conj"}:
            head = head.head
        if cue_lemma(verb) in SPEECH_CUES and cue_lemma(head) in SPEECH_CUES:
            return subject_of(head)
        return subject_of(verb.head)
    return None


def agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def trim(tokens: list[Token]) -> list[Token]:
    """Drop edge punctuation, quote marks and leading determiners."""
    while tokens and (tokens[0].is_punct or tokens[0].lower_ in {"the", "a", "an"}):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    return tokens


def phrase_tokens(head: Token) -> list[Token]:
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
    return trim(contiguous)


def phrase_text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text.strip(" ,\"'\u201c\u201d\u00a0")
