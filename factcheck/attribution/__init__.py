"""Who said it: the speaker, cue and quote kind that govern each figure.

News attribution is mostly indirect ("X said that ...", "..., X said",
"according to X") and often spans sentences: a quotation runs on after its
cue ('Marotto tweeted: "... Two personnel sustained minor injuries."'), into
the next quotation ('"...," X said. "..."') and across paragraphs, and
pronouns point back to the last speaker ("It added that ..."). Reports also
hide in nouns: "under her plan", "in the latest poll", "by one estimate",
"the agency's estimated 40,000". The parser (spaCy's dependency parse and
entities) tells us the grammar; this stage reads attribution off it, one
document at a time, keeping a short memory of who spoke last so that pronouns
and "the statement said" resolve.

The stage has these modules: `cues.py` (the words that report),
`quotes.py` (where the quotations are), `sources.py` (the phrase a source is
written in), `names.py` (name or role, person or body, and who a pronoun
stands for), `governing.py` (which cue of a sentence reports a figure),
`attributor.py` (`DocumentAttributor`, reading one document in order),
`candidates.py` (what the learned cue chooser sees) and `model.py` (the
chooser itself, its weights in `model.json`).
"""

from factcheck.attribution.attributor import DocumentAttributor
from factcheck.attribution.candidates import candidate_cues, choosing_with
from factcheck.attribution.cues import CUE_VERBS, SPEECH_CUES
from factcheck.attribution.model import (
    LEMMA,
    MODEL_PATH,
    RARE_LEMMA,
    THRESHOLD,
    CueChooser,
    load_chooser,
    write_chooser,
)
from factcheck.attribution.quotes import QuoteRegions, in_region, quote_regions

__all__ = [
    "CUE_VERBS",
    "LEMMA",
    "MODEL_PATH",
    "RARE_LEMMA",
    "SPEECH_CUES",
    "THRESHOLD",
    "CueChooser",
    "DocumentAttributor",
    "QuoteRegions",
    "candidate_cues",
    "choosing_with",
    "in_region",
    "load_chooser",
    "quote_regions",
    "write_chooser",
]
