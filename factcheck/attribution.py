"""Who said it: the speaker, cue and quote kind that govern each figure.

News attribution is mostly indirect ("X said that ...", "..., X said",
"according to X") and often spans sentences: a quotation runs on after its
cue ('Marotto tweeted: "... Two personnel sustained minor injuries."') and
pronouns point back to the last speaker ("It added that ..."). The parser
(spaCy's dependency parse and entities) tells us the grammar; this module
reads attribution off it, one document at a time, keeping a short memory of
who spoke last so that pronouns and "the statement said" resolve.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from factcheck.model import NARRATOR_ATTRIBUTION, Attribution
from factcheck.nlp import sentence_entities, sentence_number, sentence_of, sentences

SPEECH_CUES = {
    "say", "tell", "tweet", "add", "report", "claim", "announce", "deny", "confirm", "state",
    "estimate", "write", "post", "insist", "note", "explain", "warn", "allege", "acknowledge",
    "admit", "argue", "assert", "contend", "declare", "disclose", "emphasize", "emphasise",
    "indicate", "inform", "maintain", "mention", "predict", "reveal", "suggest", "testify",
    "conclude", "calculate", "project", "reiterate", "stress", "boast", "complain", "charge",
    "concede", "recall", "respond", "reply", "believe", "think", "quote", "cite", "brief",
    "register", "tally",
}  # fmt: skip
# Cues that only attribute when the figure sits in their complement, not anywhere below:
# "police put the crowd at 20,000" yes; "police put up 14 barriers" no.
WEAK_CUES = {
    "put", "count", "record", "list", "find", "show", "describe", "release", "publish",
    "ask", "forecast", "expect", "rate", "reference", "propose", "unveil", "feature", "plan",
    "want", "hope", "fear", "worry", "promise", "pledge", "urge", "demand", "recommend",
    "criticize", "criticise", "accuse", "point", "detail", "outline", "highlight", "know",
    "learn", "question", "wonder", "agree", "endorse", "continue", "hear", "call",
}  # fmt: skip
CUE_VERBS = SPEECH_CUES | WEAK_CUES
# Nouns that stand for a statement rather than a speaker: "a statement from X said".
STATEMENT_NOUNS = {
    "statement", "report", "tweet", "post", "release", "communique", "letter", "survey",
    "poll", "study", "estimate", "figure", "data", "tally", "count", "video", "message",
    "bulletin", "update", "filing", "document", "analysis", "census", "record", "account",
}  # fmt: skip
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
OPEN_QUOTES = {"\u201c", '"', "``", "\u00ab"}
CLOSE_QUOTES = {"\u201d", '"', "''", "\u00bb"}
# between a cue and the quotation it introduces: "tweeted: “", "said, “", "said in a statement: “"
_INTRODUCES_QUOTE = re.compile(r"\w+[^.!?\"“”]{0,60}[:,]\s*(\"|“|``|«)?\s*")
_TRANSCRIPT_TURN = re.compile(r"\n\s*[A-Z][A-Za-z.\- ]{0,30}:")
_QUOTE_MARK = re.compile(r"\u201c|\u201d|\"|``|''|\u00ab|\u00bb")


@dataclass(frozen=True)
class QuoteRegion:
    """A quotation in the document text: [start, end) in document offsets."""

    start: int
    end: int
    words: int

    @property
    def is_speech(self) -> bool:
        """A real quotation, not a scare quote or a name in quotes ("a “terrorist attack”")."""
        return self.words >= 5


@dataclass
class SpeakerMemory:
    """The speakers met so far in a document, newest last, for pronoun resolution."""

    entries: list[tuple[Attribution, bool]] = field(default_factory=list)

    def remember(self, attribution: Attribution, *, is_person: bool) -> None:
        if attribution.speaker:
            self.entries.append((attribution, is_person))

    def resolve(self, pronoun: str) -> Attribution | None:
        """The latest speaker a pronoun can refer to ("he" a person, "it" a body)."""
        want_person = {"he": True, "she": True, "him": True, "her": True, "it": False}.get(pronoun)
        for attribution, is_person in reversed(self.entries):
            if want_person is None or want_person == is_person:
                return attribution
        return None


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


def quote_regions(text: str, *, offset: int = 0) -> list[QuoteRegion]:
    """Quotations in `text`, paired open/close marks, never running past a paragraph."""
    regions: list[QuoteRegion] = []
    open_at: int | None = None
    for match in _QUOTE_MARK.finditer(text):
        mark = match.group()
        if open_at is not None and "\n\n" in text[open_at : match.start()]:
            open_at = None  # an unclosed quote ends with its paragraph
        role = _straight_quote_role(text, match.start(), match.end()) if mark == '"' else "either"
        opens = mark in OPEN_QUOTES and role != "close"
        closes = mark in CLOSE_QUOTES and role != "open"
        if open_at is None and opens:
            open_at = match.end()
        elif open_at is not None and closes:
            inner = text[open_at : match.start()]
            regions.append(
                QuoteRegion(open_at + offset, match.start() + offset, len(inner.split()))
            )
            open_at = None
        elif open_at is not None and opens:
            open_at = match.end()  # a new quotation opens: the old one was never closed
    return regions


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
    if lemma in CUE_VERBS:
        return lemma
    lower = token.lower_
    for cut in (1, 2, 3):
        if lower[:-cut] in CUE_VERBS and lower[-cut:] in {"d", "ed", "s", "es", "ing"}:
            return lower[:-cut]
    return lemma


def _is_cue(token: Token) -> bool:
    return token.pos_ in {"VERB", "AUX"} and cue_lemma(token) in CUE_VERBS


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
    if verb.dep_ in {"conj", "xcomp"} and verb.head is not verb:
        return _subject(verb.head)  # "X confirmed and said ..."
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
            if child.dep_ == "appos" and child.i > head.i and child.ent_type_ not in {"PERSON"}:
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
    return doc[tokens[0].i : tokens[-1].i + 1].text.strip(" ,\"'\u201c\u201d")


def _named_name(tokens: list[Token]) -> tuple[list[Token], list[Token]] | None:
    """Split a phrase into (name, role) when it holds a PERSON/ORG name and more."""
    if not tokens:
        return None
    doc = tokens[0].doc
    lo, hi = tokens[0].i, tokens[-1].i
    ents = sentence_entities(doc[lo : hi + 1])
    people = [e for e in ents if e.label_ == "PERSON"]
    chosen = people[-1] if people else _titled_name(tokens)
    if chosen is None:
        orgs = [e for e in ents if e.label_ == "ORG"]
        if not orgs:
            return None
        chosen = orgs[-1]
    start = chosen.start
    while start - 1 >= lo:
        before = doc[start - 1]
        if _is_title(before):
            start -= 1
        elif before.text == "." and start - 2 >= lo and _is_title(doc[start - 2]):
            start -= 2  # "Col" "." tokenised apart
        else:
            break
    name = list(doc[start : chosen.end])
    role = _trim([t for t in tokens if t.i < start or t.i >= chosen.end])
    if len(name) == len(tokens):
        return name, []
    return name, role


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


def _is_person(tokens: list[Token]) -> bool:
    return any(t.ent_type_ == "PERSON" for t in tokens) or any(
        t.lemma_.lower() in PERSON_NOUNS for t in tokens
    )


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

    def __init__(self, doc: Doc, *, offset: int = 0) -> None:
        self.doc = doc
        self.offset = offset
        self.text = _doc_text(doc)  # Doc.text rebuilds the string on every access
        self.regions = QuoteRegions(quote_regions(self.text, offset=0))
        self.memory = SpeakerMemory()
        self._sentence_cache: dict[int, list[tuple[Token, Attribution]]] = {}
        self._region_speaker: dict[int, Attribution] = {}
        self._next_sentence = 0
        self._sentences = sentences(doc)
        # (attribution, start, end): text introduced by "X said:" or "NAME:" belongs to X
        self._carried: list[tuple[Attribution, int, int]] = []
        self._paragraph_ends = [m.start() for m in re.finditer(r"\n\s*\n", self.text)]

    # -- speakers ----------------------------------------------------------------
    def _speaker_from_subject(self, subject: Token, cue: Token, quote: str) -> Attribution | None:
        cue_text = _cue_text(cue)
        if subject.lower_ in FIRST_AND_SECOND_PERSON:
            # "we counted", "do you think": the speaker of the turn or quotation holding them
            carried = self._carried_at(subject.idx)
            if carried is None:
                region = _in_region(subject.idx, self.regions)
                # only a speaker already known: finding one reads on, and this is mid-read
                carried = self._region_speaker.get(region.start) if region is not None else None
            if carried is None:
                carried = self.memory.resolve(subject.lower_)
            return replace(carried, cue=cue_text, quote="direct") if carried else None
        if subject.lower_ in PRONOUNS and subject.pos_ == "PRON":
            resolved = self.memory.resolve(subject.lower_)
            if resolved is None:
                return None
            return replace(resolved, cue=cue_text, quote=quote)
        if subject.lemma_.lower() in STATEMENT_NOUNS:
            author = self._statement_author(subject)
            if author is not None:
                return self._attribution(author, cue_text, quote)
            if any(
                c.dep_ == "det" and c.lower_ in {"the", "that", "this"} for c in subject.children
            ):
                resolved = self.memory.resolve("it")
                if resolved is not None:
                    return replace(resolved, cue=cue_text, quote=quote)
        return self._attribution(
            _phrase_tokens(subject), cue_text, quote, subtree=list(subject.subtree)
        )

    def _statement_author(self, noun: Token) -> list[Token] | None:
        """ "a statement from X", "X's statement", "police estimates" -> X."""
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in {"from", "by", "of"}:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return _phrase_tokens(obj)
        for child in noun.children:
            if child.dep_ in {"poss", "compound", "nmod"} and child.pos_ in {"NOUN", "PROPN"}:
                return _phrase_tokens(noun)  # "a Reuters/Ipsos poll", "police estimates"
        return None

    def _attribution(
        self, tokens: list[Token], cue: str, quote: str, *, subtree: list[Token] | None = None
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
        attribution = Attribution(
            speaker=speaker,
            cue=cue,
            quote=quote,  # type: ignore[arg-type]
            role=role,
            speaker_start=span_tokens[0].idx + self.offset,
            speaker_end=span_tokens[-1].idx + len(span_tokens[-1]) + self.offset,
        )
        self.memory.remember(attribution, is_person=_is_person(tokens))
        return attribution

    # -- sentences ---------------------------------------------------------------
    def _sentence_cues(self, sent: Span) -> list[tuple[Token, Attribution]]:
        """Every (cue token, attribution) in a sentence, in reading order."""
        cues: list[tuple[Token, Attribution]] = []
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
            if subject is None:
                continue
            found = self._speaker_from_subject(subject, token, "indirect")
            if found is not None:
                cues.append((token, found))
        return cues

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
        found = self._attribution(name, ":", "direct")
        if found is None:
            return False
        start = colon.idx + 1
        following = _TRANSCRIPT_TURN.search(self.text, start)
        self._carried.append((found, start, following.start() if following else len(self.text)))
        return True

    def _carry_after_colon(self, sent: Span, cues: list[tuple[Token, Attribution]]) -> None:
        """ "The Times reports:" / "Caddell continued:" introduce what follows.

        The introduced text runs to the end of the paragraph; when the colon ends
        its paragraph, through the next paragraph.
        """
        colon = next((t for t in reversed(sent) if t.text == ":"), None)
        before_colon = [c for c in cues if colon is not None and c[0].i < colon.i]
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
            if not turn:
                self._carry_after_colon(sent, self._sentence_cache[self._next_sentence])
            self._next_sentence += 1

    def _region_attribution(self, region: QuoteRegion) -> Attribution | None:
        """Who speaks a quotation: the cue right after it ('"...," Mr. Obama said'),
        else a cue that introduces it ('X tweeted: "..."'), else nobody known."""
        if region.start in self._region_speaker:
            return self._region_speaker[region.start]
        last = self._sentence_index_at(region.end)
        self._advance_to(last + 1)
        cues = [
            c for i in range(max(0, last - 1), last + 2) for c in self._sentence_cache.get(i, [])
        ]
        found: Attribution | None = None
        after = [c for c in cues if region.end <= c[0].idx <= region.end + 80]
        if after:
            found = min(after, key=lambda c: c[0].idx)[1]
        else:
            first = self._sentence_index_at(region.start)
            for i in range(max(0, first - 1), first + 1):
                for cue, attribution in self._sentence_cache.get(i, []):
                    gap = self.text[cue.idx : region.start]
                    if cue.idx < region.start and _INTRODUCES_QUOTE.fullmatch(gap):
                        found = attribution
        if found is not None:
            found = replace(found, quote="direct")
            self._region_speaker[region.start] = found
        return found

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
        if region is not None and region.is_speech:
            spoken = self._region_attribution(region)
            if spoken is not None:
                return spoken
        cues = self._sentence_cache.get(sent_index, [])
        chosen = _governing_cue(anchor, cues)
        if chosen is not None:
            return chosen
        carried = self._carried_at(anchor.idx)
        if carried is not None:
            return carried
        return NARRATOR_ATTRIBUTION

    def _sentence_index(self, token: Token) -> int:
        return sentence_number(token)


def _cue_text(cue: Token) -> str:
    """The cue as written, with its particle ("put ... at" stays "put")."""
    return cue.text.lower() if cue.lower_ != "according" else "according to"


def _governing_cue(anchor: Token, cues: list[tuple[Token, Attribution]]) -> Attribution | None:
    """The cue whose reported content holds the figure."""
    if not cues:
        return None
    ancestors = list(anchor.ancestors)
    for ancestor in ancestors:
        for cue_token, attribution in cues:
            if cue_token.i == ancestor.i and _figure_outside_subject(anchor, cue_token):
                if cue_lemma(cue_token) in WEAK_CUES and not _in_complement(anchor, cue_token):
                    continue
                return attribution
    # "..., X said": the cue hangs off the clause as parataxis, or governs the root
    root = sentence_of(anchor).root
    for cue_token, attribution in cues:
        if cue_token.lower_ == "according":
            continue
        if cue_token.dep_ in {"parataxis", "ROOT", "ccomp", "conj"} and (
            cue_token.head in ancestors or cue_token.head == anchor or cue_token == root
        ):
            if _figure_outside_subject(anchor, cue_token) and cue_lemma(cue_token) not in WEAK_CUES:
                return attribution
    for cue_token, attribution in cues:
        if cue_token.lower_ == "according":
            return attribution
    return None


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
