"""`DocumentAttributor`: the attribution of every figure of one document, in reading order.

Attribution often spans sentences: a quotation's cue may follow it, "X said:"
and "NAME:" give what follows to X, a headline's cue reports the headline's
figures, and pronouns point back to the last speaker. The attributor reads the
sentences in order and holds that state (the speaker memory, the speakers of the
quotations, the text carried after a colon); the rules it applies to each
sentence are the stateless functions of the other modules.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from factcheck.attribution.candidates import candidate_cues, current_chooser
from factcheck.attribution.cues import (
    CUE_VERBS,
    DOCUMENT_CUES,
    DOCUMENT_NOUNS,
    FRAMING_PREPOSITIONS,
    LIGHT_VERBS,
    NOUN_CUES,
    SELF_SOURCED_NOUNS,
    SOURCE_DOCUMENTS,
    STATEMENT_NOUNS,
    UTTERANCE_NOUNS,
    cue_as_written,
    cue_lemma,
    is_cue,
    is_document,
)
from factcheck.attribution.governing import governing_cue, governing_noun
from factcheck.attribution.model import CueChooser
from factcheck.attribution.names import (
    FIRST_AND_SECOND_PERSON,
    POSSESSIVE_PRONOUNS,
    PRONOUNS,
    SpeakerMemory,
    appositive_role,
    doc_text,
    is_person_phrase,
    is_plural_phrase,
    named_name,
    quoted_name,
)
from factcheck.attribution.quotes import (
    INTRODUCES_QUOTE,
    QuoteRegion,
    QuoteRegions,
    in_region,
    opens_paragraph,
    quote_regions,
)
from factcheck.attribution.sources import (
    agent_of,
    phrase_text,
    phrase_tokens,
    relative_antecedent,
    subject_of,
    trim,
)
from factcheck.model import NARRATOR_ATTRIBUTION, Attribution
from factcheck.nlp import sentence_number, sentences

# Labels a paper puts before its own notes, never a speaker's turn ("Correction: ...").
EDITORIAL_LABELS = {"correction", "clarification", "update", "editor", "note", "related"}


_TRANSCRIPT_TURN = re.compile(r"\n\s*[A-Z][A-Za-z.\- ]{0,30}:")


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


class DocumentAttributor:
    """Attributes the figures of one parsed document, sentence by sentence, in order.

    Create one per document and call `attribute` for figures in reading order,
    so the speaker memory sees every earlier sentence first.
    """

    def __init__(self, doc: Doc, *, offset: int = 0, chooser: CueChooser | None = None) -> None:
        self.doc = doc
        self.offset = offset
        self.chooser = chooser if chooser is not None else current_chooser()
        self.text = doc_text(doc)  # Doc.text rebuilds the string on every access
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
        cue_text = cue_as_written(cue)
        after_let = subject.i > 0 and subject.doc[subject.i - 1].lower_ == "let"
        if subject.lower_ in {"'s", "\u2019s"} and after_let:
            return None  # "Let's say ...": the writer's supposition, nobody's statement
        if subject.lower_ in FIRST_AND_SECOND_PERSON:
            # "we counted", "do you think": the speaker of the turn or quotation holding them
            carried = self._carried_at(subject.idx)
            region = in_region(subject.idx, self.regions)
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
        return self._attribution(phrase_tokens(subject), cue_text, quote, subtree=subtree)

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
                if child.pos_ not in {"PROPN", "NOUN"} or in_region(child.idx, self.regions):
                    continue
                phrase = phrase_tokens(child)
                if phrase and is_person_phrase(phrase) and not is_plural_phrase(phrase):
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
                phrase = phrase_tokens(child)
                plural = is_plural_phrase(phrase)
                if phrase and not is_person_phrase(phrase) and plural == (pronoun.lower_ == "they"):
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
                        return phrase_tokens(obj)
        for child in noun.children:
            # "figures released Tuesday by the state labour office"
            if child.dep_ == "acl" and child.tag_ == "VBN":
                agent = agent_of(child)
                if agent is not None:
                    return phrase_tokens(agent)
        for child in noun.children:
            if child.dep_ in {"poss", "compound", "nmod"} and child.pos_ in {"NOUN", "PROPN"}:
                return phrase_tokens(noun)  # "a Reuters/Ipsos poll", "police estimates"
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
        tokens = trim(tokens)
        if not tokens:
            return None
        quoted = quoted_name(trim(subtree) if subtree else tokens, self.regions)
        split = named_name(tokens)
        if quoted:
            speaker, role, span_tokens = quoted, phrase_text(tokens) or None, tokens
        elif split is not None and split[1]:
            name, role_tokens = split
            speaker, role, span_tokens = phrase_text(name), phrase_text(role_tokens) or None, name
        else:
            speaker, role, span_tokens = phrase_text(tokens), None, tokens
        if not speaker:
            return None
        if role is None:
            role = appositive_role(tokens)
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
                attribution, is_person=is_person_phrase(tokens), plural=is_plural_phrase(tokens)
            )
        return attribution

    # -- sentences ---------------------------------------------------------------
    def _sentence_cues(self, sent: Span) -> list[tuple[Token, Attribution]]:
        """Every (cue token, attribution) in a sentence, in reading order."""
        cues: list[tuple[Token, Attribution]] = self._headline_cues(sent)
        for token in sent:
            if in_region(token.idx, self.regions) is not None:
                continue
            if token.lower_ == "according" and token.i + 1 < len(self.doc):
                to = self.doc[token.i + 1]
                objects = [c for c in to.children if c.dep_ == "pobj"]
                if to.lower_ == "to" and objects:
                    head = objects[0]
                    phrase = phrase_tokens(head)
                    phrase = self._with_conjuncts(head, phrase)
                    if head.lemma_.lower() in STATEMENT_NOUNS:
                        author = self._statement_author(head)
                        phrase = author or phrase
                    found = self._attribution(phrase, "according to", "according_to")
                    if found is not None:
                        cues.append((token, found))
                continue
            if not is_cue(token):
                continue
            subject = subject_of(token)
            if subject is not None and in_region(subject.idx, self.regions) is not None:
                subject = self._name_after_quote(subject, token)
            if subject is None:
                continue
            subject = relative_antecedent(subject)
            if cue_lemma(token) == "read" and subject.lemma_.lower() not in STATEMENT_NOUNS:
                continue  # "the statement read", not "she read 40 books"
            if cue_lemma(token) in DOCUMENT_CUES and not is_document(subject):
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
            found = self._attribution(before, cue_as_written(token), "indirect")
            if found is None:
                return []
            self._headline_cue = (token, found)
            return [(token, found)]
        return []

    def _name_after_quote(self, subject: Token, cue: Token) -> Token | None:
        """'"... one of the best," Rep. Ann Ode said': the parser may make the quotation
        the subject; the speaker is the name between the quotation and the cue."""
        region = in_region(subject.idx, self.regions)
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
            if in_region(token.idx, self.regions) is not None:
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
                        return self._attribution(phrase_tokens(obj), cue, quote, remember=False)
        if noun.dep_ == "dobj" and noun.head.lemma_.lower() in LIGHT_VERBS:
            subject = subject_of(noun.head)
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
            phrase = trim(phrase_tokens(token))
            usable = token.pos_ in {"NOUN", "PROPN"} and token.lemma_.lower() not in STATEMENT_NOUNS
            if phrase and not token.like_num and usable:
                split = named_name(phrase)
                name, role = split if split and split[1] else (phrase, [])
                self.memory.remember(
                    Attribution(
                        speaker=phrase_text(name),
                        cue=None,
                        quote="indirect",
                        role=phrase_text(role) or None,
                        speaker_start=name[0].idx + self.offset,
                        speaker_end=name[-1].idx + len(name[-1]) + self.offset,
                    ),
                    is_person=is_person_phrase(phrase),
                    plural=is_plural_phrase(phrase),
                )

    def _with_conjuncts(self, head: Token, phrase: list[Token]) -> list[Token]:
        """ "the forces and a Syrian activist": keep both sources of an according-to."""
        conjuncts = [c for c in head.children if c.dep_ == "conj"]
        if not conjuncts:
            return phrase
        last = phrase_tokens(conjuncts[-1])
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
            if cue.idx < region.start and INTRODUCES_QUOTE.fullmatch(gap):
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
            opens_next = gap.count("\n\n") == 1 and opens_paragraph(self.text, region.start - 1)
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
        region = in_region(anchor.idx, self.regions)
        if region is not None and self._is_spoken(region):
            spoken = self._region_attribution(region)
            if spoken is not None:
                return spoken
        cues = self._sentence_cache.get(sent_index, [])
        chosen = self._labelled(anchor) or governing_cue(anchor, cues)
        if chosen is None:
            chosen = governing_noun(anchor, self._noun_cache.get(sent_index, []))
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
        if self.chooser is None or in_region(anchor.idx, self.regions) is not None:
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
            subject = subject_of(verb)
            if subject is not None and in_region(subject.idx, self.regions) is not None:
                subject = self._name_after_quote(subject, verb)
            if subject is None or anchor in subject.subtree:
                continue
            subject = relative_antecedent(subject)
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

    def _labelled(self, anchor: Token) -> Attribution | None:
        """ "(organisers' estimate: 90,000 people; police estimate: 25,000)": a figure
        written right after "<source>'s estimate:" is that source's, as a label names
        its value, however the parse hangs the list together."""
        first = anchor.left_edge
        if first.i < 2 or first.nbor(-1).text != ":":
            return None
        label = first.nbor(-2)
        if label.lemma_.lower() not in SOURCE_DOCUMENTS:
            return None
        owner = next(
            (
                c
                for c in label.children
                if c.dep_ in {"poss", "compound", "nmod"} and c.pos_ in {"NOUN", "PROPN"}
            ),
            None,
        )
        return self._possessor(owner, label.lower_, "indirect") if owner is not None else None

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
