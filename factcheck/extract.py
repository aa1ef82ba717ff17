"""A Document into Claims: each figure with what it counts, what happened, where, when, who said.

The figure finder (`figures.py`) and the attributor (`attribution/`) do the
hard parts; this stage walks the dependency parse from each figure to its
counted noun ("four of his men" -> man) and its predicate ("14 rockets that
landed" -> land), collects the places and times of its sentence, and writes
one `Claim` per figure with full provenance (document, sentence, offsets).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from factcheck.attribution import CUE_VERBS, SPEECH_CUES, DocumentAttributor
from factcheck.attribution.cues import cue_lemma
from factcheck.figures import (
    CURRENCY_SYMBOLS,
    MONTH_NAMES,
    PERCENT_WORDS,
    SCALE_WORDS,
    FigureMention,
    find_figures,
)
from factcheck.measure import PERSON_NOUNS, SETTLEMENT_NOUNS
from factcheck.measure.lexicon import (
    AMOUNT_VERBS,
    CHANGE_WORDS,
    MONEY_UNITS,
    OUTCOME_NOUNS,
    OUTCOME_PREDICATES,
    TIME_UNITS,
    YIELDING_PREDICATES,
)
from factcheck.model import Attribution, Claim, Document
from factcheck.nlp import entity_of, sentence_entities, sentence_number, sentence_of
from factcheck.story import names_of
from factcheck.times import YEAR, resolve_time
from factcheck.workers import forked_map

PLACE_LABELS = {"GPE", "LOC", "FAC"}
SITE_NOUNS = {
    "base", "airbase", "airport", "airfield", "field", "oilfield", "camp", "village", "town",
    "city", "square", "station", "bank", "branch", "school", "hospital", "port", "mosque",
    "church", "prison", "district", "province", "region", "stadium", "park", "plant",
}  # fmt: skip
# Reporting verbs tell who spoke, not what happened to the counted thing.
SPEECH_PREDICATES = {"say", "tell", "tweet", "add", "state", "write", "post", "accord"}
NOUN_ALIASES = {"people": "person", "persons": "person", "%": "percent"}
# "put the figure at 70": the frame noun says nothing about what is counted.
GENERIC_FRAME_NOUNS = {"figure", "number", "total", "count", "estimate", "tally", "amount"}
TALLY_NOUNS = {"number", "total", "count", "tally"}
"""Frame nouns whose owner is what is counted ("the strikers' numbers"), not a source."""
FRAME_PREDICATES = {"put", "estimate", "count", "tally", "number", "place"}
NON_NOUNS = {"%", "percent", "per", "cent"} | set(CURRENCY_SYMBOLS) | set(SCALE_WORDS)


def extract_claims(document: Document, *, nlp: Language) -> list[Claim]:
    """Every checkable figure in `document` as a Claim, in reading order."""
    return claims_from_doc(document, nlp(document.body))


@dataclass(frozen=True)
class Extraction:
    """What one parse of an article yields: its claims and its name profile (`story.py`)."""

    claims: list[Claim]
    names: dict[str, int]


def extract_documents(
    documents: Sequence[Document],
    *,
    nlp: Language,
    batch_size: int = 32,
    processes: int = 1,
    progress: Callable[[int], None] | None = None,
) -> list[Extraction]:
    """Claims and name profiles for many documents, parsed in batches (spaCy's `pipe`).

    With `processes` > 1 and more than two batches of documents, the parsing
    runs in that many worker processes (`workers.forked_map`), and so does the
    extraction: the `factcheck_claims` component turns each parsed Doc into its
    `Extraction` where it was parsed, and only that small result comes back (not
    the Doc, whose serialization and a serial extraction in this process were a
    third of the time). A text longer than `PIECE_CHARS` is parsed in pieces here
    and extracted from the joined Doc, as before.
    """
    if len(documents) <= 2 * batch_size:
        processes = 1
    add_claims_component(nlp)
    results: list[Extraction] = []
    for extraction in _extractions(nlp, documents, batch_size=batch_size, processes=processes):
        results.append(extraction)
        if progress is not None:
            progress(1)
    return results


CLAIMS_COMPONENT = "factcheck_claims"
"""The last pipe of `nlp.load_nlp`'s pipeline: a Doc with a `_Wanted` context -> its claims."""
_ADDING = threading.Lock()


@dataclass(frozen=True)
class _Wanted:
    """The `as_tuples` context that asks `factcheck_claims` for one document's claims.

    Any other context (or none: a plain `nlp(text)`) leaves the Doc as it is,
    so the component never gets in the way of code that wants the parse.
    """

    document: Document


@Language.factory(CLAIMS_COMPONENT)
def make_claims_component(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """The `factcheck_claims` pipe (a factory, so it is rebuilt in spaCy's worker processes)."""
    return claims_component


def claims_component(doc: Doc) -> Doc:
    """Extract in the worker: replace a wanted Doc by an empty one carrying its `Extraction`.

    spaCy hands a pipe's context along as `doc._context` (that is how
    `as_tuples` reaches the workers and comes back); the empty Doc makes the
    trip back cost nothing but the claims themselves.
    """
    wanted = getattr(doc, "_context", None)
    if not isinstance(wanted, _Wanted):
        return doc
    extraction = Extraction(claims_from_doc(wanted.document, doc), names_of(doc))
    done = Doc(doc.vocab, words=[])
    done._context = extraction
    return done


def add_claims_component(nlp: Language) -> None:
    """Make sure `nlp` ends with `factcheck_claims` (`load_nlp` adds it; others get it here)."""
    if CLAIMS_COMPONENT in nlp.pipe_names:
        return
    with _ADDING:  # two sessions of the UI may ask at once
        if CLAIMS_COMPONENT not in nlp.pipe_names:
            nlp.add_pipe(CLAIMS_COMPONENT, last=True)


def _extractions(
    nlp: Language, documents: Sequence[Document], *, batch_size: int, processes: int
) -> Iterator[Extraction]:
    """One `Extraction` per document, in order: short bodies through the component in
    `nlp.pipe` (in worker processes, `workers.forked_map`, when there are several), long
    ones parsed in pieces and extracted here.

    The short bodies go to one pool of workers however many long ones lie between
    them: each pool starts its own worker processes and ends waiting for the slowest,
    so restarting it around every long article cost seconds per restart. The results
    are read lazily, so the workers keep parsing while a long article is parsed here.
    """
    short = [d for d in documents if len(d.body) <= PIECE_CHARS]
    if processes > 1 and short:
        chunks = [short[n : n + WORKER_CHUNK] for n in range(0, len(short), WORKER_CHUNK)]
        done = forked_map(_extract_chunk, (nlp, batch_size), chunks, processes=processes)
        parsed: Iterator[Extraction] = (e for chunk in done for e in chunk)
    else:
        parsed = _parsed_here(nlp, short, batch_size=batch_size)
    for document in documents:
        if len(document.body) <= PIECE_CHARS:
            yield next(parsed)
            continue
        (doc,) = parse_in_pieces(nlp, [document.body])
        yield Extraction(claims_from_doc(document, doc), names_of(doc))
    for _ in parsed:  # read to its end, so its workers are told to stop and exit in order
        pass


WORKER_CHUNK = 8
"""Articles a worker process gets at a time: small, so the two workers end together
(the last chunk of a worker is all the other waits for)."""


def _extract_chunk(state: tuple[Language, int], documents: Sequence[Document]) -> list[Extraction]:
    """The extractions of some short documents, in a worker process (`workers.forked_map`)."""
    nlp, batch_size = state
    return list(_parsed_here(nlp, documents, batch_size=batch_size))


def _parsed_here(
    nlp: Language, documents: Sequence[Document], *, batch_size: int
) -> Iterator[Extraction]:
    """The extractions of short documents parsed in this process: the `factcheck_claims`
    pipe extracts each Doc as it leaves the parser."""
    parsed = nlp.pipe(
        ((d.body, _Wanted(d)) for d in documents), as_tuples=True, batch_size=batch_size
    )
    for _, extraction in parsed:
        yield extraction


PIECE_CHARS = 10_000
"""Longest text spaCy parses at once. Its parse holds memory in proportion to the
whole text (about 3 KB a character: 1 GB for a 300 KB article, 3.4 GB for 1 MB);
a long body is parsed in pieces cut at paragraph breaks and joined back into one
`Doc`, so memory stays bounded and every offset and later pass is unchanged."""
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+")


def text_pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """`text` in pieces of at most about `size` characters that join back to `text` exactly.

    Each piece ends after a paragraph break when one falls in its second half,
    else after a line break, else after a sentence end, else at a space: a
    paragraph break already ends a sentence (`nlp.line_breaks_end_sentences`),
    so the parse of the pieces is that of the whole.
    """
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start + size // 2 : start + size]
        cut = None
        for pattern in (_PARAGRAPH_BREAK, _LINE_BREAK, _SENTENCE_END, re.compile(r"\s+")):
            ends = [m.end() for m in pattern.finditer(window) if m.end() < len(window)]
            if ends:
                cut = start + size // 2 + ends[-1]
                break
        cut = cut or start + size
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def parse_in_pieces(
    nlp: Language, texts: Iterable[str], *, batch_size: int = 32, processes: int = 1
) -> Iterator[Doc]:
    """One parsed `Doc` per text, in order; a long text is parsed piece by piece.

    Short texts go through `nlp.pipe` in batches as before. A text longer than
    `PIECE_CHARS` is cut by `text_pieces` and its pieces parsed one at a time
    (a batch of 32 pieces would again hold the whole text's parse in memory),
    then joined with `Doc.from_docs`, whose text is the original exactly.
    """
    run: list[str] = []
    for text in texts:
        if len(text) <= PIECE_CHARS:
            run.append(text)
            continue
        if run:
            yield from nlp.pipe(run, batch_size=batch_size, n_process=processes)
            run = []
        docs = list(nlp.pipe(text_pieces(text), batch_size=1))
        yield Doc.from_docs(docs, ensure_whitespace=False)
    if run:
        yield from nlp.pipe(run, batch_size=batch_size, n_process=processes)


def extract_all(
    documents: Sequence[Document],
    *,
    nlp: Language,
    batch_size: int = 32,
    progress: Callable[[int], None] | None = None,
) -> list[list[Claim]]:
    """Claims for many documents, parsed in batches (spaCy's `pipe`)."""
    extractions = extract_documents(documents, nlp=nlp, batch_size=batch_size, progress=progress)
    return [e.claims for e in extractions]


def claims_from_doc(document: Document, doc: Doc) -> list[Claim]:
    """Claims from an already parsed body of `document` (offsets shifted by body_start)."""
    offset = document.body_start
    attributor = DocumentAttributor(doc, offset=offset)
    claims: list[Claim] = []
    mentions = find_figures(doc, offset=offset, text=document.text)
    for number, mention in enumerate(mentions):
        claim = _claim(document, mention, attributor, number)
        claims.append(_with_elided_noun(claim, claims, mention))
    claims = _with_settings(claims, doc, offset=offset)
    return without_restatements(_listed_owners(claims, mentions, offset=offset))


SETTING_PLACES = 6
"""Places a setting keeps, the latest first: enough for a city, its region and its country
named in the opening paragraphs, and few enough that comparing two settings stays cheap."""


def _with_settings(claims: list[Claim], doc: Doc, *, offset: int) -> list[Claim]:
    """Each claim whose sentence names no place, with the places the article named before
    it, the latest first (`Claim.setting`): a report names its city once and then counts
    in it. All of them, not only the last: "In neighbouring Iraq, rockets hit a base"
    and then the base's name set the scene together for "Two personnel were injured"."""
    named: list[tuple[int, tuple[str, ...]]] = []
    for sent in doc.sents:
        found = places(sent)
        if found:
            named.append((sent.start_char + offset, found))
    result = []
    for claim in claims:
        before = [
            p for start, found in reversed(named) if start < claim.sentence_start for p in found
        ]
        if claim.places or not before:
            result.append(claim)
        else:
            result.append(replace(claim, setting=tuple(dict.fromkeys(before))[:SETTING_PLACES]))
    return result


RESTATEMENT_GAP = re.compile(r"\s*\(\s*(?:about|some|around|approximately|roughly|nearly)?\s*")
"""What stands between a figure and its conversion in parentheses: "58 km (36 miles)"."""


def without_restatements(claims: list[Claim]) -> list[Claim]:
    """Claims without the conversions written in parentheses after a figure.

    "about 58 km (36 miles) south-west", "130 pounds (59 kg)": the second figure is the
    first in another unit, one quantity written twice, and would otherwise pair with
    the other outlets' figures as a report of its own. A conversion between
    currencies stays: "€110 billion ($158 billion)" gives the dollar amount at the
    day's rate, which outlets report, and dispute, as an amount of its own; it keeps
    the figure it converts (`Claim.converted_from`).
    """
    kept: list[Claim] = []
    for claim in claims:
        restated = _restatement(kept[-1], claim) if kept else None
        if restated == "unit":
            continue
        if restated == "currency":
            claim = replace(claim, converted_from=kept[-1].figure_text)
        kept.append(claim)
    return kept


def _restatement(first: Claim, second: Claim) -> str | None:
    """ "unit" when `second` is `first` again in another unit in parentheses, "currency"
    when it is the amount in another currency, None when it is a figure of its own."""
    if first.sentence_start != second.sentence_start or not first.unit or not second.unit:
        return None
    units = {first.unit.lower(), second.unit.lower()}
    between = first.sentence[first.figure_in_sentence[1] : second.figure_in_sentence[0]]
    if len(units) < 2 or "percent" in units or RESTATEMENT_GAP.fullmatch(between) is None:
        return None
    money = len(units & MONEY_UNITS)
    return "currency" if money == 2 else "unit" if money == 0 else None


def _with_elided_noun(claim: Claim, earlier: list[Claim], mention: FigureMention) -> Claim:
    """ "24 rockets were loaded. Eighteen were launched": a bare count takes the noun
    of the count just before it, within two sentences."""
    if claim.noun is not None or mention.kind != "count" or not earlier:
        return claim
    if _population_frame(mention.anchor) is not None:
        return claim  # "a city of 500,000": its people, not the count before
    estimate = _an_estimate(mention.anchor)
    subset = _of_the_ones_before(mention.anchor)
    argument = mention.anchor.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj", "attr"}
    if not (argument or estimate or subset):
        return claim
    previous = earlier[-1]
    if claim.sentence_start - previous.sentence_start > 400:
        return claim
    if previous.noun is None and (previous.predicate is None or not estimate):
        return claim
    if previous.unit is not None:
        return claim  # "a 19-year-old ... one of three": an age or an amount counts nothing
    existential = any(c.dep_ == "expl" for c in mention.anchor.head.children)
    if claim.predicate in FRAME_PREDICATES or existential or estimate:
        # "The ministry put the figure at 310,000" or "witnesses said there were 50,000"
        # give their own figure for the measure just reported: the counted thing and
        # what happened to it both carry over. ("Two were in serious condition" does
        # not: it may be a part of the count before.)
        return replace(claim, noun=previous.noun, predicate=previous.predicate)
    if claim.predicate is not None and (previous.noun or "").lower() in OUTCOME_NOUNS:
        return claim  # "Nine were injured. Thousands marched": the marchers were not hurt
    if subset and claim.predicate is None:
        # "seven bullets struck him, three of them from the rear": three bullets struck
        return replace(claim, noun=previous.noun, predicate=previous.predicate)
    return replace(claim, noun=previous.noun)


def _of_the_ones_before(anchor: Token) -> bool:
    """ "three of them", "two of those": a part of the things just counted, whatever
    place the parser gives the phrase in its clause."""
    return any(obj.lower_ in SUBSET_PRONOUNS for obj in _of_objects(anchor))


def _of_objects(token: Token) -> Iterator[Token]:
    """The objects of the token's "of" phrases ("two of the nine shells" -> shells)."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            yield from (obj for obj in prep.children if obj.dep_ == "pobj")


def _an_estimate(anchor: Token) -> bool:
    """Is a bare number someone's estimate of the measure just reported?

    "(organisers' estimate: 90,000 people; police estimate: 25,000)", "the
    police are saying at least 40,000" and "organisers claimed up to 80,000": the
    number stands after an estimate noun or as what a source says, so it counts
    what the figure before it counted.
    """
    head = anchor.head
    if anchor.dep_ in {"appos", "attr", "dep", "npadvmod"} and head.pos_ == "NOUN":
        return head.lemma_.lower() in GENERIC_FRAME_NOUNS
    if anchor.dep_ == "attr" and head.pos_ == "AUX":  # "the union's estimate was 12,000"
        return any(
            c.dep_ == "nsubj" and c.lemma_.lower() in GENERIC_FRAME_NOUNS for c in head.children
        )
    if anchor.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
        return _reports(head.head)  # "while organisers claimed up to 80,000"
    return anchor.dep_ in {"dobj", "ccomp"} and head.pos_ == "VERB" and _reports(head)


def _claim(
    document: Document, mention: FigureMention, attributor: DocumentAttributor, number: int
) -> Claim:
    figure = mention.figure
    sent = sentence_of(mention.anchor)
    attribution = attributor.attribute(mention.anchor)
    noun_token = counted_noun(mention)
    verb = outcome_conjunct(predicate_token(mention, noun_token))
    noun = mention.noun_hint or _lemma(noun_token)
    if noun is None and mention.kind == "percent":
        noun = "percent"
    if noun is None and mention.kind == "money":
        noun = (figure.unit or "money").lower()
    sentence_start = sent.start_char + document.body_start
    return Claim(
        id=f"{document.id}:{number}",
        doc_id=document.id,
        sentence=sent.text.rstrip(),
        start=figure.start,
        end=figure.end,
        value=figure.value,
        low=figure.low,
        high=figure.high,
        qualifier=figure.qualifier,
        figure_text=figure.text,
        unit=figure.unit,
        noun=noun,
        predicate=verb.lemma_.lower() if verb is not None else None,
        actor=(
            age_owner(mention.anchor)
            if mention.kind == "age"
            else actor(mention, noun_token, verb, attribution, offset=document.body_start)
        ),
        places=places(sent),
        times=tuple(_times(sent, document.published)),
        earlier_date=None if document.published else month_or_year(sent),
        speaker=attribution.speaker,
        speaker_role=attribution.role,
        cue=attribution.cue,
        quote=attribution.quote,
        sentence_start=sentence_start,
        sentence_index=sentence_number(mention.anchor),
        speaker_start=attribution.speaker_start,
        speaker_end=attribution.speaker_end,
        negated=_negated(mention.anchor),
        generic=_generic(mention.anchor) or _conditional(mention.anchor),
        entities=tuple(_entities(sent, attribution, offset=document.body_start)),
        owners=tuple(owners(mention, sent, attribution, offset=document.body_start)),
        part_of=whole_of(mention, sent),
        subject=subject_of(mention, noun_token, verb),
        head=head_of(mention, noun_token, verb),
        modifiers=tuple(dict.fromkeys(modifiers(mention, noun_token, verb))),
        governor=governor_of(mention, noun_token, verb),
    )


def _lemma(token: Token | None) -> str | None:
    if token is None:
        return None
    if token.pos_ in {"ADJ", "VERB"}:
        return token.lower_  # a nominal adjective or participle: "the number of injured"
    lemma = token.lemma_.lower() if token.pos_ != "PROPN" else token.lower_
    return NOUN_ALIASES.get(token.lower_, NOUN_ALIASES.get(lemma, lemma))


def _is_noun(token: Token) -> bool:
    return token.pos_ in {"NOUN", "PROPN"} and token.lower_ not in NON_NOUNS and not token.like_num


def _of_object(token: Token, preps: frozenset[str] = frozenset({"of"})) -> Token | None:
    """ "four of his men", "dozens of people", "45% of voters" -> the object of "of"."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for obj in child.children:
                if obj.dep_ == "pobj" and _is_noun(obj):
                    return obj
    return None


def counted_noun(mention: FigureMention) -> Token | None:
    """The noun the figure counts, found by walking up the number's attachments."""
    token = mention.anchor
    if mention.kind == "zero":
        head = token.head
        return head if token.lower_ == "no" and _is_noun(head) else _of_object(token)
    if mention.kind in {"money", "percent", "quantity"}:
        return _measured_thing(mention)
    seen = 0
    while seen < 4:
        seen += 1
        found = _of_object(token)
        if found is not None:
            return found
        if token.dep_ in {"nummod", "quantmod", "compound", "amod", "nmod", "npadvmod"}:
            head = token.head
            if _is_noun(head) and head.i > token.i:
                return _partitive_object(head)
            if head.lower_ in NON_NOUNS or head.like_num:
                token = head
                continue
            if _is_noun(head):
                return _partitive_object(head)
        if token.lower_ in PERCENT_WORDS and token.head is not token:
            token = token.head
            continue
        break
    return _noun_from_context(token)


PARTITIVE_NOUNS = {"piece", "item", "pair", "set", "kind", "type", "sort"}
"""Nouns that count portions of something else: "12 pieces of equipment" counts equipment."""


def _partitive_object(noun: Token) -> Token:
    """ "12 pieces of fire apparatus" -> apparatus; any other noun is itself what is counted."""
    if noun.lemma_.lower() in PARTITIVE_NOUNS:
        return _of_object(noun) or noun
    return noun


def _measured_thing(mention: FigureMention) -> Token | None:
    """Money, percentages and quantities measure something named nearby.

    "$3 million in damage" -> damage, "45% of voters" -> voter, "2.4 tons of
    cocaine" -> cocaine, "unemployment rose 3.2 percent" -> unemployment, "a
    $35,000 reward" -> reward. A bare "30 kilometres" measures nothing countable.
    """
    relative = relative_to(mention)
    if relative is not None:
        return None  # "14 km north of Dovren": Dovren is the point, not what is measured
    candidates = [mention.anchor, mention.last, *mention.last.ancestors][:4]
    preps = frozenset({"of"} if mention.kind == "quantity" else {"of", "in", "for", "on"})
    for token in candidates:
        found = _of_object(token, preps)
        if found is not None and found.ent_type_ not in {"DATE", "TIME", "GPE", "LOC"}:
            return found
    for token in candidates:
        head = token.head
        if token.dep_ in {"compound", "nmod", "amod", "nummod", "quantmod"} and _is_noun(head):
            if head.i > mention.last.i and mention.kind != "quantity":
                return head  # "a $35,000 reward", "a 5% rise"
    if mention.kind == "quantity":
        return None
    top = mention.last if mention.last.lower_ in PERCENT_WORDS else mention.anchor
    while top.dep_ in {"nummod", "quantmod", "compound", "pobj", "prep"} and top.head is not top:
        if top.head.pos_ in {"VERB", "AUX"}:
            break
        top = top.head
    verb = top.head if top.head.pos_ in {"VERB", "AUX"} else None
    if verb is not None and top.dep_ == "dobj":
        if verb.lemma_.lower() not in SUBJECT_MEASURED_VERBS:
            return None  # "the Owls offered $160 million": the subject gave it
    if verb is not None and top.dep_ in {"dobj", "npadvmod", "pobj", "prep", "attr", "advmod"}:
        for child in verb.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and _is_noun(child):
                return child  # "unemployment rose 3.2 percent"
    return None


SUBJECT_MEASURED_VERBS = CHANGE_WORDS | AMOUNT_VERBS
"""Verbs whose subject is what a money or percent object measures ("sales fell 3%")."""


def _noun_from_context(token: Token) -> Token | None:
    """A bare number ("the toll rose to 7", "put the crowd at 20,000") takes its frame's noun."""
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in {"to", "at", "of"}:
        verb = head.head
        if verb.pos_ in {"VERB", "AUX"}:
            # "put the crowd at 20,000"; but the subject of saying or estimating is the
            # source ("organisers claimed up to 80,000"), never the thing counted
            deps = ("dobj", "nsubjpass") if _reports(verb) else ("dobj", "nsubjpass", "nsubj")
            for dep in deps:
                for child in verb.children:
                    if child.dep_ == dep and _is_noun(child) and child.pos_ != "PROPN":
                        if child.lemma_.lower() in GENERIC_FRAME_NOUNS:
                            return _framed_thing(child)
                        return child
        elif _is_noun(verb) and _population_frame(token) is None:
            return verb  # "a toll of 7"; "a city of 500,000" counts its people
    if token.dep_ in {"attr", "dobj"} and head.pos_ in {"VERB", "AUX"}:
        if _reports(head):
            return None  # "the police are saying at least 40,000": the police said it
        for child in head.children:
            if child.dep_ == "nsubj" and _is_noun(child) and child.lemma_ not in {"it", "that"}:
                if child.lemma_.lower() in GENERIC_FRAME_NOUNS:
                    return _framed_thing(child)  # "the union's estimate was 12,000"
                return child  # "the death toll was 7"
    return None


def predicate_token(mention: FigureMention, noun: Token | None) -> Token | None:
    """What happened to the counted thing: the nearest verb, preferring a relative clause.

    Reporting verbs ("said", "tweeted") say who spoke, not what happened: None.
    """
    start = noun or mention.anchor
    frame = _population_frame(start) or _estimated_thing(start) or _clause_it_is_subject_of(start)
    if frame is not None:
        return frame
    while start.dep_ in {"nmod", "compound", "amod"} and start.head.pos_ == "NOUN":
        start = start.head  # "an eight-year offer": what happened to the offer
    for child in start.children:
        if child.dep_ in {"relcl", "acl"} and child.pos_ == "VERB":
            return child
    below = start
    for ancestor in [start, *start.ancestors]:
        if ancestor.pos_ == "VERB" and ancestor is not start:
            lemma = ancestor.lemma_.lower()
            reports = lemma in SPEECH_PREDICATES or (
                lemma in CUE_VERBS and lemma not in {"estimate", "count", "put"}
            )
            if reports and not _times_the_act(ancestor, below):
                return _participle_on(start)
            return ancestor
        below = ancestor
        if ancestor.dep_ in {"ccomp", "ROOT"} and ancestor.pos_ != "VERB" and ancestor is not start:
            break
    return _participle_on(start)


def _times_the_act(verb: Token, branch: Token) -> bool:
    """ "questioned for nine hours", "spoke for 40 minutes": a figure in a phrase on a
    verb of speaking that reports nothing (no clause of what was said) measures the act
    itself, so the verb is its predicate, not a reporting verb to look past."""
    if branch.dep_ not in {"prep", "npadvmod"}:
        return False
    return not any(c.dep_ in {"ccomp", "xcomp", "parataxis"} for c in verb.children)


def _participle_on(noun: Token) -> Token | None:
    """A verb form written on the counted noun ("the 11 fired shots", "two wounded men"):
    what befell the things when no clause around them says it. The parser also reads a
    clause this way when its subject is long ("the sergeant and 26-year-old fired 11
    shots")."""
    for child in noun.children:
        if child.dep_ == "amod" and child.pos_ == "VERB" and child.tag_ in {"VBN", "VBD"}:
            return child
    return None


def outcome_conjunct(verb: Token | None) -> Token | None:
    """Of coordinated verbs that share the figure ("one man was shot and killed", "two
    guards were attacked and wounded"), the one that says what befell the counted: the
    measure is the deaths or the injured, not the shooting.

    A conjunct with its own subject or object is another clause ("shot two guards and
    killed a driver"), and a verb that already names an outcome is kept, unless it is one
    that yields (`YIELDING_PREDICATES`: "shot").
    """
    if verb is None or verb.lemma_.lower() in DECIDING_OUTCOMES:
        return verb
    for conjunct in verb.conjuncts:
        if conjunct.i < verb.i or conjunct.pos_ != "VERB":
            continue
        if conjunct.lemma_.lower() not in DECIDING_OUTCOMES:
            continue
        if any(c.dep_ in CLAUSE_ARGUMENTS for c in conjunct.children):
            continue
        return conjunct
    return verb


DECIDING_OUTCOMES = OUTCOME_PREDICATES - YIELDING_PREDICATES
"""Outcome verbs that decide the measure whatever they are coordinated with ("killed")."""
CLAUSE_ARGUMENTS = {"nsubj", "nsubjpass", "dobj", "dative", "attr"}
"""Dependents that give a coordinated verb a clause of its own ("... and killed a driver")."""


def _clause_it_is_subject_of(phrase: Token) -> Token | None:
    """ "Organisers claimed up to 80,000 joined the march": the verb whose subject the
    figure is, where the parse made the figure the object of the verb of saying and
    left the clause after it without a subject (a complement clause without "that")."""
    verb = phrase.head
    if phrase.dep_ != "dobj" or verb.pos_ != "VERB" or not _reports(verb):
        return None
    for clause in verb.rights:
        if clause.dep_ == "ccomp" and clause.pos_ == "VERB" and clause.i > phrase.i:
            if not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in clause.children):
                return clause
    return None


def _estimated_thing(phrase: Token) -> Token | None:
    """ "Police put the rally at 12,000 people": the rally is what was counted.

    The people are its unit; what happened to them is the rally (a crowd), as
    "put the death toll at 30 people" counts the dead.
    """
    if phrase.dep_ != "pobj" or phrase.head.lower_ != "at":
        return None
    verb = phrase.head.head
    # "put the rally, held to protest the tax, at 12,000": the parse may hang "at" on the
    # clause in between
    for _ in range(2):
        if verb.lemma_.lower() in FRAME_PREDICATES or verb.dep_ != "advcl":
            break
        verb = verb.head
    if verb.lemma_.lower() not in FRAME_PREDICATES:
        return None
    for child in verb.children:
        # a name is never the thing counted; a lower-case word tagged as one ("march",
        # read as the month) is
        if child.dep_ == "dobj" and _is_noun(child) and not child.text[:1].isupper():
            if child.lemma_.lower() in GENERIC_FRAME_NOUNS:
                return _framed_thing(child)
            return child
    return None


def _framed_thing(frame: Token) -> Token | None:
    """ "the number of injured", "the strikers' numbers", "the death toll": what a frame
    noun ("number", "figure", "total", "estimate") is the number of, or None.

    The thing may be a nominal adjective ("the injured", "the dead"), which the
    parse tags as an adjective or a participle.
    """
    for child in frame.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ in {"pobj", "amod"} and obj.pos_ in {"NOUN", "ADJ", "VERB"}:
                    return obj if obj.lower_ not in NON_NOUNS and not obj.like_num else None
        if child.dep_ == "poss" and child.pos_ == "NOUN" and frame.lemma_.lower() in TALLY_NOUNS:
            return child  # "the strikers' numbers"; "the union's estimate" names a source
        if child.dep_ in {"compound", "amod"} and child.pos_ in {"NOUN", "ADJ"}:
            if child.lemma_.lower() in {"death", "casualty", "injury", "crowd", "arrest"}:
                return child  # "the casualty figure"
    return None


def _reports(verb: Token) -> bool:
    """Is `verb` one of saying or estimating ("are saying", "claimed", "estimated"), whose
    subject is the source of a figure, never the thing it counts?"""
    lemma = verb.lemma_.lower()
    return lemma in SPEECH_PREDICATES or lemma in SPEECH_CUES or lemma in FRAME_PREDICATES


def _population_frame(phrase: Token) -> Token | None:
    """ "home to 85,000 people", "a town of 9,000 people": the word that says the
    people counted live somewhere (a population), whatever verb the sentence has."""
    if phrase.dep_ != "pobj":
        return None
    preposition = phrase.head
    holder = preposition.head
    if preposition.lower_ == "to" and holder.lower_ == "home":
        return holder
    if preposition.lower_ == "of" and holder.lemma_.lower() in SETTLEMENT_NOUNS:
        return holder
    return None


def _settled_place(phrase: Token) -> str | None:
    """The place a population belongs to when the frame stands beside its name:
    "Ostrelna Island, home to 200,000 people", "Darsk, a city of 500,000"."""
    frame = _population_frame(phrase)
    if frame is None:
        return None
    place = frame.head if frame.dep_ == "appos" else None
    if place is None and frame.i > 1 and frame.doc[frame.i - 1].text == ",":
        place = frame.doc[frame.i - 2]  # the parser may hang "home" from the verb instead
    if place is None or place.pos_ not in {"PROPN", "NOUN"}:
        return None
    words = [t for t in place.lefts if t.dep_ == "compound"] + [place]
    return " ".join(t.lower_ for t in words)


ACTOR_LABELS = {"PERSON", "ORG", "NORP", "GPE"}


def age_owner(anchor: Token) -> str | None:
    """Whose age: "Eric Kirkpatrick, 61," -> Eric Kirkpatrick; "a 16-year-old son" -> son."""
    token = anchor
    for _ in range(4):
        if token.head is token:
            return None
        token = token.head
        if token.pos_ in {"PROPN", "NOUN"} and token.lemma_.lower() not in {"year", "-"}:
            entity = entity_of(token)
            return (entity.text if entity is not None else token.text).strip()
    return None


def actor(
    mention: FigureMention,
    noun: Token | None,
    verb: Token | None,
    attribution: Attribution,
    *,
    offset: int,
) -> str | None:
    """Who did it, when a name says so: "the Nationals offered $160 million" -> Nationals.

    Only a named subject (or passive agent) of the predicate counts, and never the
    figure's own phrase ("14 rockets landed") or the speaker. A verb of saying or
    estimating names a source, not who did it ("$184 million reported by Lynch",
    "NBC estimated the crowd at 70"). `verb` is the figure's predicate
    (`predicate_token`).
    """
    if verb is None or _reports(verb):
        return None
    figure_tokens = {mention.anchor.i, *(t.i for t in (noun.subtree if noun is not None else ()))}
    arguments, lost = _arguments(verb)
    for child in arguments:
        candidate = None
        if child.dep_ == "nsubj" or child is lost:
            candidate = child
        elif child.dep_ == "agent":
            candidate = next((c for c in child.children if c.dep_ == "pobj"), None)
        if candidate is None or candidate.i in figure_tokens:
            continue
        if candidate.ent_type_ not in ACTOR_LABELS and candidate.pos_ != "PROPN":
            candidate = _named_modifier(candidate)  # "the Rovers team offered": the Rovers
            if candidate is None:
                continue
        entity = entity_of(candidate)
        name = entity.text if entity is not None else candidate.text
        start = (entity[0] if entity is not None else candidate).idx + offset
        lo, hi = attribution.speaker_start, attribution.speaker_end
        if lo is not None and hi is not None and lo <= start < hi:
            continue
        return name.strip()
    return None


HEARER_VERBS = {
    "tell", "inform", "warn", "assure", "remind", "notify", "brief", "ask", "advise",
    "promise", "show", "convince", "persuade", "caution", "urge",
}  # fmt: skip
"""Reporting verbs whose object is the one told ("told the board the team offered"), not a
subject the parser took from the clause after them."""


def _named_modifier(noun: Token) -> Token | None:
    """The name a common noun is compounded with ("the Rovers team", "the Varnese army")."""
    for child in noun.children:
        if child.dep_ == "compound" and (child.ent_type_ in ACTOR_LABELS or child.pos_ == "PROPN"):
            return child
    return None


def _arguments(verb: Token) -> tuple[list[Token], Token | None]:
    """The verb's dependents with its `lost_subject` after them, and that subject."""
    lost = lost_subject(verb)
    return [*verb.children, *([lost] if lost is not None else [])], lost


def lost_subject(verb: Token) -> Token | None:
    """The subject the parser gave away: in "Kowal reported the Rovers offered $9 million"
    it may read "the Rovers" as what was reported, leaving "offered" a clause without a
    subject. A saying verb's object right before such a clause is its subject (except for
    verbs of telling someone)."""
    if verb.dep_ != "ccomp" or any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in verb.children):
        return None
    saying = verb.head
    if cue_lemma(saying) not in SPEECH_CUES or cue_lemma(saying) in HEARER_VERBS:
        return None
    objects = [c for c in saying.children if c.dep_ == "dobj" and c.i < verb.i]
    return objects[-1] if objects else None


def subject_of(mention: FigureMention, noun: Token | None, verb: Token | None) -> str | None:
    """The predicate's subject, lower-case, when it is not the figure's own phrase.

    "The quake killed 12" -> "quake"; "the hearing lasted 3 hours" -> "hearing";
    "police put the crowd at 20,000" -> "police". Kept as written (a name stays a
    name), so the measure can read what did it or what lasted.
    """
    if verb is None:
        return None
    own = {mention.anchor.i, *(t.i for t in (noun.subtree if noun is not None else ()))}
    arguments, lost = _arguments(verb)
    for child in arguments:
        if (child.dep_ not in {"nsubj", "nsubjpass"} and child is not lost) or child.i in own:
            continue
        if child.pos_ == "PRON" or child.like_num:
            return None
        entity = entity_of(child)
        if entity is not None:
            return entity.text.strip().lower()
        return child.lemma_.lower() if child.pos_ == "NOUN" else child.lower_
    return None


def _head_token(mention: FigureMention, noun: Token | None) -> Token | None:
    """The noun the figure's phrase is a modifier of ("an eight-year offer" -> offer)."""
    token = noun if noun is not None else mention.last
    if noun is None and mention.last.dep_ not in {"compound", "amod", "nmod", "nummod"}:
        token = mention.anchor
    for _ in range(3):
        if token.dep_ not in {"compound", "amod", "nmod", "nummod", "quantmod"}:
            return None
        head = token.head
        if head.i <= max(token.i, mention.last.i) or head.pos_ not in {"NOUN", "PROPN"}:
            return None
        if head.lower_ not in NON_NOUNS and head.lemma_.lower() not in {"year", "-"}:
            return head if head is not noun else None
        token = head
    return None


def head_of(mention: FigureMention, noun: Token | None, verb: Token | None) -> str | None:
    """ "an eight-year offer" -> "offer", "a 3-hour hearing" -> "hearing": what a figure
    describes when it is not what it counts. A duration or an age belongs to it.

    A length of time can also name what lasted with "of" ("eight days of riots",
    "after 30 hours of deliberation"), or be the object of a relative clause of
    lasting on it ("a hearing that lasted four hours"): that noun is what the days or
    hours belong to, whatever verb the sentence hangs them on.
    """
    head = _head_token(mention, noun)
    if head is None and noun is not None and noun.lemma_.lower() in TIME_UNITS:
        head = _of_object(noun) or _what_lasted(verb)
    return head.lemma_.lower() if head is not None else None


LASTING_VERBS = {"last", "take", "run", "go"}
"""Verbs whose object is how long their subject went on ("the hearing lasted four hours")."""


def _what_lasted(verb: Token | None) -> Token | None:
    """The noun a relative clause of lasting is on: "a hearing that lasted four hours"."""
    if verb is None or verb.lemma_.lower() not in LASTING_VERBS or verb.dep_ != "relcl":
        return None
    return verb.head if _is_noun(verb.head) else None


def governor_of(mention: FigureMention, noun: Token | None, verb: Token | None) -> str | None:
    """The verb or event noun whose argument the figure's phrase is, when not the predicate.

    "Police arrested 23 men who fled" -> "arrest" (the predicate is the relative
    clause's "flee"); "the arrest of 23 men" and "the deaths of three workers" ->
    the event noun the phrase is "of". None when it is the predicate itself.
    """
    phrase = noun if noun is not None else mention.anchor
    while phrase.dep_ in {"nummod", "quantmod", "compound", "amod"} and phrase.head is not phrase:
        phrase = phrase.head
    head = phrase.head
    if phrase.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        event = head.head
    elif phrase.dep_ in {"dobj", "nsubjpass", "nsubj"} and head.pos_ == "VERB":
        event = head
    else:
        return None
    if verb is not None and event.i == verb.i:
        return None
    return event.lemma_.lower()


MODIFIER_WORDS = 6
"""Longest prepositional phrase kept as a modifier (words), so a clause is not copied."""


def modifiers(mention: FigureMention, noun: Token | None, verb: Token | None) -> Iterator[str]:
    """Prepositional phrases on the figure, its noun, the noun it describes and its predicate.

    "9 km from the dam", "1,500 km south of the capital", "900 died in the
    district", "$40 million in stock": lower-case "prep object" phrases, dates
    and the counted noun's own "of" ("dozens of people") left out. The measure
    reads a distance's reference point and a figure's scope from them.
    """
    relative = relative_to(mention)
    if relative is not None:
        phrase = _phrase(relative, with_head=True)
        if phrase:
            yield phrase  # "14 km north of Dovren" -> "north of dovren"
    settled = _settled_place(noun or mention.anchor)
    if settled is not None:
        yield f"of {settled}"  # "Darsk, a city of 500,000" -> "of darsk"
    bases = [mention.anchor, mention.last, noun, _head_token(mention, noun), verb]
    seen: set[int] = set()
    figure = range(mention.first.i, mention.last.i + 1)
    for base in bases:
        if base is None or base.i in seen:
            continue
        seen.add(base.i)
        for child in base.children:
            if child.i in figure and child is not mention.last:
                continue
            if child.dep_ == "advmod" and child.pos_ in {"ADV", "ADJ", "NOUN"}:
                phrase = _phrase(child, with_head=True)  # "south of the capital", "away"
            elif child.dep_ == "prep":
                counted = noun is not None and any(c.i == noun.i for c in child.children)
                if counted and child.lower_ == "of":
                    continue  # "dozens of people": what is counted, not a modifier
                phrase = _phrase(child)
            else:
                continue
            if phrase:
                yield phrase


def relative_to(mention: FigureMention) -> Token | None:
    """The word a measure phrase is relative to, when the phrase modifies it and it carries
    the point: "14 km north of Dovren", "30 km south-west of the capital", "seven km
    (4 miles) east of Darvan" (the converted figure through its apposition).

    The parser hangs the unit from the direction word (an adverbial noun phrase or a
    compound before it) or sets the two side by side (an apposition, or two adverbials
    of one verb); either way the direction word comes right after the measure and holds
    the "of" or "from" of a place: the place is the distance's reference point, never
    the thing measured.
    """
    unit = mention.last
    if unit.dep_ == "appos" and unit.head.i < unit.i:
        unit = unit.head  # "seven km (4 miles) east of ...": the figure it converts
    if unit.dep_ in {"npadvmod", "compound"} and unit.head.i > unit.i:
        return unit.head if _names_a_point(unit.head) else None
    converted = (c for c in unit.children if c.dep_ == "appos" and c.i > unit.i)
    inside = {t.i for c in converted if any(w.like_num for w in c.subtree) for t in c.subtree}
    after = next(
        (t for t in unit.doc[unit.i + 1 : unit.i + 12] if not t.is_punct and t.i not in inside),
        None,
    )
    if after is not None and after.dep_ == "compound" and after.head.i > after.i:
        after = after.head  # "south - west": the direction is the compound's head
    if after is None or after.head.i not in {unit.i, unit.head.i}:
        return None
    return after if _names_a_point(after) else None


POINT_PREPOSITIONS = {"of", "from", "off"}
"""What joins a direction word to its point ("north of", "away from", "off the coast")."""


def _names_a_point(token: Token) -> bool:
    """A direction-like word ("north", "away", "short") with a place-like object after it."""
    if token.pos_ not in {"ADV", "ADJ", "NOUN", "ADP"}:
        return False
    return any(
        c.dep_ == "prep" and c.i > token.i and c.lower_ in POINT_PREPOSITIONS
        for c in token.children
    )


def _phrase(prep: Token, *, with_head: bool = False) -> str | None:
    """ "from the dam", "south of the capital": a preposition (or adverb) and its object."""
    if with_head:
        inner = next((c for c in prep.children if c.dep_ == "prep"), None)
        if inner is None:
            return prep.lower_ if prep.lower_ in {"away", "nationwide", "abroad"} else None
        rest = _phrase(inner)
        return f"{prep.lower_} {rest}" if rest else None
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is None or obj.ent_type_ in {"DATE", "TIME"} or obj.like_num:
        return None
    joined = {t.i for c in obj.children if c.dep_ in {"cc", "conj"} for t in c.subtree}
    words = [t for t in obj.subtree if not t.is_punct and t.i not in joined]
    if any(t.like_num for t in words):
        return None  # "at roughly 30,000 people", "in 54 games": a figure, not a scope
    if len(words) > MODIFIER_WORDS:
        words = [t for t in words if t.i <= obj.i][-MODIFIER_WORDS:]
    return " ".join([prep.lower_, *(t.lower_ for t in words)])


def places(sent: Span) -> tuple[str, ...]:
    """Named places of a sentence: GPE/LOC/FAC entities and named sites ("al-Omar base").

    Read once per sentence: each of its figures and the article's settings
    (`_with_settings`) ask for them.
    """
    known = sent.doc.user_data.setdefault("factcheck_places_by_sentence", {})
    key = (sent.start, sent.end)
    if key not in known:
        known[key] = tuple(_places_in(sent))
    return known[key]


def _places_in(sent: Span) -> list[str]:
    found: list[str] = []
    for ent in sentence_entities(sent):
        is_site = ent[-1].lemma_.lower() in SITE_NOUNS
        if ent.label_ in PLACE_LABELS or (ent.label_ == "ORG" and is_site):
            root = ent.root
            if root.dep_ in {"compound", "amod", "nmod", "npadvmod", "poss"} and not is_site:
                continue  # "US troops", "Iraq's forces": a modifier, not where it happened
            found.append(ent.text.strip())
    for token in sent:
        if token.lemma_.lower() in SITE_NOUNS and token.pos_ == "NOUN":
            names = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
            if names and not token.ent_type_:
                site = sent.doc[names[0].i : token.i + 1].text
                if not any(site in place or place in site for place in found):
                    found.append(site)
    return list(dict.fromkeys(found))


NAME_LABELS = {"PERSON", "ORG", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}


def _names_the_speaker(ent: Span, attribution: Attribution | Claim, *, offset: int) -> bool:
    """Does the entity overlap the speaker's span (document offsets)?"""
    lo, hi = attribution.speaker_start, attribution.speaker_end
    if lo is None or hi is None:
        return False
    return ent.start_char + offset < hi and lo < ent.end_char + offset


def _entities(sent: Span, attribution: Attribution, *, offset: int) -> Iterator[str]:
    """Names the sentence is about (the actors), leaving out who said it."""
    seen: set[str] = set()
    for ent in sentence_entities(sent):
        if ent.label_ not in NAME_LABELS or _names_the_speaker(ent, attribution, offset=offset):
            continue
        name = ent.text.strip()
        if name.lower() not in seen:
            seen.add(name.lower())
            yield name


OWNER_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
OWNER_DISTANCE = 4
"""How many dependency arcs a name may be from the figure to count as its owner."""


def _tree_distance(a: Token, b: Token) -> int:
    path_a = {t.i: n for n, t in enumerate([a, *a.ancestors])}
    for n, token in enumerate([b, *b.ancestors]):
        if token.i in path_a:
            return path_a[token.i] + n
    return len(a.doc)


def owners(
    mention: FigureMention, sent: Span, attribution: Attribution, *, offset: int
) -> list[str]:
    """The names closest to the figure in the parse: whose figure it is.

    In "the Rovers' $140 million offer trails the Owls' $160 million bid" each
    amount belongs to its own team, while the sentence as a whole names both.
    Only the nearest names (within `OWNER_DISTANCE` arcs) count, ties kept (a
    list in parentheses often parses with every team equally near); the
    speaker is never an owner, nor is whoever the figure is given to.
    """
    anchor = mention.anchor
    near: list[tuple[int, str]] = []
    for ent in _owner_names(sent, attribution, offset=offset):
        if ent.start <= anchor.i < ent.end:
            continue
        distance = min(_tree_distance(anchor, token) for token in ent)
        if distance <= OWNER_DISTANCE:
            near.append((distance, ent.text.strip()))
    closest = min((d for d, _ in near), default=None)
    return [name for d, name in near if d == closest]


def _owner_names(sent: Span, attribution: Attribution | Claim, *, offset: int) -> list[Span]:
    """The names of `sent` that may own a figure: never the speaker, nor whoever the
    figure is given to ("the Owls offered Kovac $160 million": the Owls own it)."""
    return [
        ent
        for ent in sentence_entities(sent)
        if ent.label_ in OWNER_LABELS
        and not _names_the_speaker(ent, attribution, offset=offset)
        and not _receives(ent)
    ]


def _receives(ent: Span) -> bool:
    """Is the name whoever something is given or told to ("offered Kovac", "told the
    Varta news agency", "an offer to Kovac")?"""
    root = ent.root
    if root.dep_ == "compound":
        root = root.head
    return root.dep_ == "dative" or (root.dep_ == "pobj" and root.head.lower_ == "to")


def _listed_owners(
    claims: list[Claim], mentions: Sequence[FigureMention], *, offset: int
) -> list[Claim]:
    """ "The Rovers bid $160 million, the Owls between $140 and $150 million": in a
    sentence listing figures of one kind for several names, each figure belongs to
    the name written last before it, with no figure of its kind in between.

    The parse of such lists (gapped clauses, parentheses) rarely hangs each amount
    on its own name; the order of the words does.
    """
    result = list(claims)
    by_sentence: dict[int, list[int]] = {}
    for k, claim in enumerate(claims):
        by_sentence.setdefault(claim.sentence_start, []).append(k)
    for indices in by_sentence.values():
        if len(indices) < 2:
            continue
        sent = sentence_of(mentions[indices[0]].anchor)
        for k in indices:
            claim = claims[k]
            same_kind = [j for j in indices if _kind(claims[j]) == _kind(claim)]
            if len(same_kind) < 2:
                continue
            names = _owner_names(sent, claim, offset=offset)
            if len({ent.text for ent in names}) < 2:
                continue
            start = mentions[k].first.i
            earlier = [j for j in same_kind if mentions[j].first.i < start]
            after = max((mentions[j].last.i for j in earlier), default=-1)
            before = [ent for ent in names if after < ent.start and ent.end <= start]
            if before:
                name = before[-1].text.strip()
                actor = claim.actor if claim.actor == name else None  # a gapped clause's verb
                result[k] = replace(claim, owners=(name,), actor=actor)
    return result


def _kind(claim: Claim) -> tuple[str | None, str | None]:
    """What a figure is a figure of, for telling list items apart: its unit, or the
    counted noun when it has none ("$160 million", "eight years", "40 people")."""
    return (claim.unit, claim.noun if claim.unit is None else None)


def _times(sent: Span, published: str | None) -> Iterator[str]:
    for ent in sentence_entities(sent):
        if ent.label_ in {"DATE", "TIME"}:
            # without a day of publication the phrase is resolved against today: not cached
            resolved = _resolved(ent.text, published) if published else resolve_time(ent.text, None)
            if resolved:
                yield resolved


@functools.lru_cache(maxsize=8192)
def _resolved(expression: str, published: str) -> str | None:
    """`resolve_time` of a phrase in an article of a known day, cached.

    dateparser takes milliseconds a phrase, and an article names the same few
    times ("on Friday", "last week") in sentence after sentence, each asked
    again for every figure of the sentence: a third of the extraction of a long
    article went there.
    """
    return resolve_time(expression, published)


MONTHS = MONTH_NAMES | {"jan.", "feb.", "aug.", "sept.", "oct.", "nov.", "dec."}
_DAY = re.compile(r"([12]?\d|3[01])(st|nd|rd|th)?")


def month_or_year(sent: Span) -> str | None:
    """ "In February, a gunman killed five": the date phrase placing a figure in a month
    or year, or None.

    News dates its own event by weekday ("on Sunday"); a month or a year names
    an earlier one ("in February", "in 2003", "last year", "a 2019 quake"). Without the
    article's date this cannot be resolved (`times.py`), but it still says the
    figure may belong to another event.
    """
    doc = sent.doc
    for ent in sentence_entities(sent):
        if ent.label_ != "DATE":
            continue
        words = [t.lower_ for t in ent]
        before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        placed = before in {"in", "since", "during"} or words[0] == "last"
        # "a 2019 quake", "the 1967 killings": a year written on the event it dates
        attributive = ent.root.dep_ in {"compound", "nmod", "amod", "nummod", "poss"}
        placed = placed or (attributive and bool(YEAR.fullmatch(ent.text.strip("'s "))))
        day = any(_DAY.fullmatch(word) for word in words)  # "the 5th of May": a day
        if (
            placed
            and not day
            and (set(words) & MONTHS or YEAR.search(ent.text) or words[-1] == "year")
        ):
            return ent.text.strip()
    return None


GENERIC_MODALS = {"can", "could", "may", "might"}


SUBSET_PRONOUNS = {"them", "those", "these", "whom", "which"}
SUBSET_PREPOSITIONS = {"including", "among"}
GROUP_WORDS = {"person", "people", "personnel", "other", "casualty", "victim", "staff", "crew"}
"""Person nouns that name a whole group, not one kind of person within it."""
KINDS_OF_PERSON = PERSON_NOUNS - GROUP_WORDS


def whole_of(mention: FigureMention, sent: Span) -> str | None:
    """The number of the same sentence that `mention` counts a part of, or None.

    "two of the nine shells launched" -> "nine"; "hurt 60 residents, 22 of them
    in Dorran" and "Nine shells hit the pier, including four near the ferry" ->
    the figure before. A part and its whole are two quantities, and so are a part
    and another article's whole: matching keeps them apart (`match.same_thing`).
    The whole must be a report of its own (its own verb: "launched", "hurt"): in
    "two of the four hikers drowned" the four only name the group, and the two
    are the count of the drowned. "four of his men" has no size at all.
    """
    anchor = mention.anchor
    span = range(mention.first.i, mention.last.i + 1)
    for obj in _of_objects(anchor):
        if obj.lower_ in SUBSET_PRONOUNS:
            return _number_before(sent, mention.first.i)
        size = [t for t in obj.children if t.dep_ == "nummod" and t.i not in span]
        said_of_whole = any(t.dep_ in {"acl", "relcl"} for t in obj.children)
        if size and said_of_whole:
            return size[0].text
    phrase = anchor  # "including three children": the phrase the number counts in
    while phrase.dep_ in {"nummod", "quantmod", "compound"} and phrase.head.i > phrase.i:
        phrase = phrase.head
    if phrase.dep_ == "pobj" and phrase.head.lower_ in SUBSET_PREPOSITIONS:
        return _number_before(sent, mention.first.i)
    return _group_of(phrase)


def _group_of(noun: Token) -> str | None:
    """The group that "two women" counts a kind of, in "two women and one man died".

    Counts of different kinds of person set side by side break one group down:
    each is a part of it ("three guards - two women and a man -" names the
    whole; otherwise the breakdown stands for it). A kind of person counted
    alone, or next to a count of something else ("3 dead and 12 injured"), is
    no part.
    """
    if noun.lemma_ not in KINDS_OF_PERSON or not noun.conjuncts:
        return None
    counted = any(
        other.lemma_ in KINDS_OF_PERSON
        and other.lemma_ != noun.lemma_
        and any(c.dep_ in {"nummod", "det"} for c in other.children)
        for other in noun.conjuncts
    )
    if not counted:
        return None
    members = [noun, *noun.conjuncts]
    first = min(members, key=lambda t: t.i)
    if first.dep_ == "appos":  # "the three guards - two women and a man -"
        size = [c for c in first.head.children if c.dep_ == "nummod"]
        if size:
            return size[0].text
    last = max(members, key=lambda t: t.i)
    return noun.doc[first.left_edge.i : last.right_edge.i + 1].text


def _number_before(sent: Span, before: int) -> str | None:
    """The nearest number word of `sent` before token `before` (the size of the whole)."""
    for token in reversed(sent.doc[sent.start : before]):
        if token.like_num and token.pos_ == "NUM":
            return token.text
    return None


def _generic(anchor: Token) -> bool:
    """ "A magnitude 6 quake can cause severe damage": a general truth, not a report.

    An indefinite figure phrase ("a ...") under a modal of possibility says what
    such a thing may do; it counts nothing that happened.
    """
    phrase = anchor
    while phrase.dep_ in {"nummod", "quantmod", "compound", "amod", "nmod"}:
        phrase = phrase.head
    if not any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in phrase.children):
        return False
    verb = phrase.head if phrase.dep_ in {"nsubj", "nsubjpass"} else None
    return verb is not None and any(
        c.dep_ == "aux" and c.lower_ in GENERIC_MODALS for c in verb.children
    )


CONDITION_WORDS = {"when", "whenever", "if", "unless"}
"""Words that open a clause of condition or habit ("when one is killed", "if 20 people die")."""


def _conditional(anchor: Token) -> bool:
    """ "When one is killed, all of us lose", "if 20 people die, the minister must resign":
    a figure in a present-tense clause of condition or habit says what happens in general
    or might happen, not what did. A past-tense one ("when 14 rockets landed") reports."""
    verb = _clause_verb(anchor)
    if verb is None or verb.dep_ != "advcl":
        return False
    if not any(c.dep_ in {"mark", "advmod"} and c.lower_ in CONDITION_WORDS for c in verb.children):
        return False
    tenses = {verb.tag_} | {c.tag_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    return bool(tenses & {"VBZ", "VBP"}) and not tenses & {"VBD", "MD"}


def _negated(anchor: Token) -> bool:
    """ "did not kill 14": the figure is denied, not asserted."""
    verb = _clause_verb(anchor)
    return verb is not None and any(c.dep_ == "neg" for c in verb.children)


def _clause_verb(anchor: Token) -> Token | None:
    """The nearest verb at or above the figure: the one whose clause it is in."""
    return next((t for t in [anchor, *anchor.ancestors] if t.pos_ in {"VERB", "AUX"}), None)
