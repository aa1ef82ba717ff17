"""The words that report: speech verbs, weak cues, reporting nouns, and a verb's lemma.

Every rule of the stage, and the learned chooser's features, ask these lists
whether a word can attribute a figure ("said", "put ... at", "a report that",
"by one estimate"), and the extractor reads `CUE_VERBS` as "not the
predicate"; so they live apart from the grammar that applies them. `cue_lemma`
mends the small model's odd lemmas ("rated" -> "rat") before any list is asked.
"""

from __future__ import annotations

from spacy.tokens import Token

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


def is_cue(token: Token) -> bool:
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    lemma = cue_lemma(token)
    return lemma in CUE_VERBS or lemma in DOCUMENT_CUES


def is_weak(cue: Token) -> bool:
    """A cue that attributes only the figures in its complement (see WEAK_CUES)."""
    lemma = cue_lemma(cue)
    return lemma in WEAK_CUES or lemma in DOCUMENT_CUES


def is_document(subject: Token) -> bool:
    """A poll, report, model or set of figures, named or not ("the Marlow poll")."""
    return subject.lemma_.lower() in SOURCE_DOCUMENTS or subject.lower_ in SOURCE_DOCUMENTS


def cue_as_written(cue: Token) -> str:
    """The cue as written, with its particle ("put ... at" stays "put")."""
    return cue.text.lower() if cue.lower_ != "according" else "according to"


MODALS = {"will", "would", "could", "might", "may", "should", "can", "wo", "'ll", "'d", "shall"}
