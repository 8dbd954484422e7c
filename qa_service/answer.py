"""Answer composition: pick the review's own sentences that answer the query, cite them, or abstain.

Sentences of the retrieved chunks are scored against the query (dense
similarity from vectors computed at build time, IDF-weighted term coverage,
the same coverage weighed by what sets one candidate apart from the others,
and as context the similarity of the chunk they came from and of the sentences
around them in their paragraph); the best few that are not
redundant are kept in reading order, each followed by a [n] marker whose
citation names the passage and the review's bibliography entries.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import cached_property

from .index import Index, cited_titles
from .ingest import PassageKind
from .lay import without_phrases
from .retrieve import Hit, Query, asked_abbreviations
from .text import STOPWORDS, english, name_key, near_english, terms

ABSTAIN_MESSAGE = "The review does not cover this question."
# A name: a word with a capital after its first letter or with a digit (HPV, CAR-T, IT1208), or a
# capitalized word (Japan); capitalized words that open a sentence are only names if acronym-like.
_NAME = re.compile(r"\b[A-Za-z][\w\-]*(?:[A-Z]|\d)[\w\-]*\b|\b[A-Z][a-z]{2,}\b")
_ACRONYM = re.compile(r"[A-Za-z]*[A-Z0-9][A-Za-z0-9\-]*[A-Z0-9][A-Za-z0-9\-]*")
# A code typed in lower case, as chat users do: letters with digits ("brca1", "il-6", "pd-l1") or
# with one letter after a hyphen ("car-t", "tgf-b"); read as its upper-case form. Not English
# compounds ("add-on", "run-in", "pre-op") nor a Roman numeral ("stage-iv").
_LOWER_CASE_CODE = re.compile(r"\b[a-z]+(?:\d[a-z\d]*|-[a-hj-uwyz]|-[a-z]?\d+[a-z]?)\b")
# A sentence that leans on the one before it.
_BACK_REFERENCE = re.compile(
    r"^(These|This|Such|Those)\b|\bthe above\b|\b(these|such) (cells|characteristics|features)\b"
)
# A question word holding a review word this long, or starting with this many of its letters,
# is built from the review's vocabulary ("neovascularization", "vasculature").
# (Shorter pieces, "tumor", "human", would make almost any compound look like the review's.)
_BUILDING_BLOCK = 6
_SHARED_START = 7
# … or is the first letters of one of its words, at least this many: a word cut short, as chat
# users write them ("abbrev", "immuno"); shorter starts ("meta", "anti") begin too many words.
_TRUNCATED = 5
# Longer "words" in a question are not words: they are unknown without further checks.
_LONGEST_WORD = 45
# A sentence that cannot stand alone: it opens by pointing at the one before ("These cells …",
# "Blocking one of these steps …").
_OPENS_WITH_REFERENCE = re.compile(r"^(This|These|Such|Those|It|They|Its|Their)\b|^(?:\S+\s+){1,3}(?:these|those)\s")
_LONG_FORM_GLUE = {"of", "and", "to", "for", "in"}  # "enhancer of zeste homolog 2"
# A rough cue that a question asks for several things: it opens "What are …", or a word ending
# in "s" (not "-ss", "-is", "-us", nor "does", "its" …) is among the first four after its opening
# "what/which" ("Which inhibitory cytokines …", "Which steps …"). Without a part-of-speech tagger
# a verb passes too ("Which protein promotes …"); the bonus it gives is small.
_NOT_PLURAL = r"(?!(?:does|is|was|has|this|its|his|thus|as|whereas)\b)"
_ASKS_FOR_SEVERAL = re.compile(
    rf"^\s*(?:what|which)\s+(?:are|were|(?:{_NOT_PLURAL}[\w-]+\s+){{0,3}}?{_NOT_PLURAL}[\w-]*[^siu\W]s)\b", re.I
)
# A sentence in which the authors point at their own text rather than state a finding ("Here, we
# will describe in detail …", "The process of EMT is shown in Figure 2.", "… so we will not describe
# them in detail."): it answers a question about the review, not about its subject.
_SIGNPOST = re.compile(
    r"^(?:Here|In this review|In summary, this review)\b|\bwe (?:will|summariz|describ|briefly)"
    r"|\bis shown in (?:Fig|Table)|\bwill not describe|^As mentioned above\b",
    re.I,
)
# Words of a question about who paid for the review, which its acknowledgments answer.
_PAID_FOR = "funded funding grant sponsor financial"
# A question about the review itself, its figures or its conclusions, which signposts do answer.
_ASKS_ABOUT_THE_REVIEW = re.compile(
    r"\b(?:review|authors?|paper|article|overview|cover|summar\w*|figures?|fig|tables?|we|conclu\w*)\b", re.I
)
# What a question's wording asks for, how a sentence that gives it reads, and the setting that
# says how much such a sentence gains:
# - the foremost one ("the main forces", "the most potent factor", "the leading cause"): a sentence
#   ranking one first ("… are the main forces to promote metastasis", "VEGF is the most effective
#   cytokine …"), not "the primary tumor", "leading to" or "for the most part";
# - a reason ("Why …?"): a sentence giving a cause ("due to", "because", "the main cause of");
# - drugs ("Which drugs …?", "What medicines …?", "Which inhibitors …?"): a sentence naming one by
#   its nonproprietary name, whose stem says what it is ("-mab" an antibody, "-ib" a kinase
#   inhibitor, "-platin", "-taxel", "-rubicin" …), rather than one that only says "drugs targeting
#   angiogenesis have been approved".
_ANSWER_CUES = (
    (
        re.compile(
            r"\b(?:most|main|major|primary|principal|chief|predominant|leading|biggest|largest|greatest"
            r"|strongest|commonest|best|top)\b",
            re.I,
        ),
        re.compile(
            r"\b(?:the|one of the)\s+(?:most(?!\s+part\b)|main|major|primary(?!\s+tumou?rs?\b|\s+sites?\b)"
            r"|principal|chief|predominant|leading(?!\s+to\b)|largest|greatest|strongest|best)\b",
            re.I,
        ),
        "answer_cue_bonus",
    ),
    (
        re.compile(r"^\s*why\b|\bhow come\b|\bfor what reason\b", re.I),
        re.compile(
            r"\b(?:because|due to|owing to|attributed to|caused by|results? from|resulting from"
            r"|the (?:main |major )?(?:reason|cause)s? (?:is|are|of|for))\b",
            re.I,
        ),
        "answer_cue_bonus",
    ),
    (
        re.compile(
            r"\b(?:which|what)\s+(?:[\w-]+\s+){0,3}?(?:drugs?|medicines?|medications?|inhibitors?|agents?"
            r"|antibod(?:y|ies)|compounds?|therap(?:y|ies)|treatments?)\b",
            re.I,
        ),
        re.compile(r"\b[A-Za-z]{3,}(?:mab|ib|cept|platin|taxel|rubicin|limus)\b"),
        "drug_name_bonus",
    ),
)
# A question about a table ("In the checkpoint inhibitor table, which …") is answered with its rows.
_NAMES_A_TABLE = re.compile(r"\btables?\b", re.I)
# A sentence that lists: "such as", "including", "involves", or "A, B, and C".
_ENUMERATES = re.compile(r"\b(?:such as|including|include[sd]?|involv(?:e|es|ed|ing))\b|,[^,]+,[^,]+\band\b")


# Expected answer types. A question asking for a quantity is answered only by sentences that
# state one; otherwise its answer is about the topic, not the thing asked ("In what year was
# pembrolizumab first approved?" answered with sentences on its approvals that give no year).
# A number, not a name's digits: "2020", "90%", "8.3", "1-3", "3-year"; not "IL-10", "CD36", "4-1BB".
_DIGITS = r"(?<![\w\-/.])\d+(?:[.,]\d+)*(?:[-–]\d+(?:[.,]\d+)*)?"
_NUMBER = _DIGITS + r"(?![\w/]|-\d|-[A-Z])"
# Numbers that state no quantity: figure, table, section and phase numbers, and the number ending a
# name the sentence abbreviates ("B7 homolog 3 (B7-H3)", "chemokine ligand 11 (CXCL11)").
_NOT_A_QUANTITY = re.compile(
    r"\b(?:Fig(?:ure)?s?\.?|Tables?|[Ss]ections?|Phases?)\s+\d+[A-Za-z]?\b|(?<=[A-Za-z] )\d+(?=\s*\()"
)
_COUNT_WORDS = (
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|millions?)\b"
)


def _what_is_the(nouns: str) -> str:
    """ "What is the [up to three words] NOUN …?", unless it asks what that quantity goes with
    ("What is a high level of MMP-9 associated with?") or the noun starts another term ("rate-limiting")."""
    return (
        rf"\bwhat\s+(?:is|was|are|were)\s+(?:the|a|an)\s+(?:[\w-]+\s+){{0,3}}?(?:{nouns})(?![\w-]|\s+limiting|\s+forms?|\s+response|\s+dependen)"
        r"(?![^?]*\b(?:associated|linked|related|correlated|due|attributed)\b)"
    )


_QUANTITIES = (
    # a year
    (
        "year",
        re.compile(
            r"\b(?:what|which)\s+year\b"
            r"|\bwhen\s+(?:was|were|did)\b[^?]*\b(?:approv|discover|propos|publish|introduc|first|identif|describ)",
            re.I,
        ),
        re.compile(r"(?<![\w-])(?:1[6-9]|20)\d\d(?![\w-])"),
        None,
    ),
    # a share or a frequency
    (
        "share",
        re.compile(
            r"\b(?:what|which)\s+(?:%|per\s?cent(?:age)?\b|proportion\b|share\b|fraction\b)|\bhow\s+(?:often|frequently)\b|"
            + _what_is_the("rate|percentage|proportion|incidence|prevalence"),
            re.I,
        ),
        re.compile(rf"%|\bper\s?cent\b|{_NUMBER}|\b(?:half|third|quarter|majority|minority)\b", re.I),
        re.compile(r"\d\s*(?:%|per\s?cent\b)", re.I),
    ),
    # a count; the rows of a table answer it too (listed, they are counted)
    ("count", re.compile(r"\bhow\s+many\b", re.I), re.compile(rf"{_NUMBER}|{_COUNT_WORDS}", re.I), re.compile(_NUMBER)),
    # a duration
    (
        "duration",
        re.compile(
            r"\bhow\s+long\b|\b(?:median|mean|average)\s+(?:[\w-]+\s+){0,2}?(?:survival|follow-up|duration)\b", re.I
        ),
        re.compile(rf"{_NUMBER}|{_COUNT_WORDS}|\b(?:years?|decades?|months?|weeks?|days?|hours?)\b", re.I),
        re.compile(_NUMBER),
    ),
    # a dose: a number with a unit of dose ("42 patients" or "8.3 months" is not one)
    (
        "dose",
        re.compile(r"\bhow\s+much\b[^?]*\b(?:dose|dosage)|" + _what_is_the("dose|dosage|doses"), re.I),
        re.compile(
            _DIGITS + r"\s*(?:mg/kg|mg/m2|mg/m²|mcg|[mµμn]?g|milligrams?|micrograms?|grams?|IU|units|Gy|mL)\b",
            re.I,
        ),
        None,
    ),
    # an amount: a cost, a level, a ratio, a schedule
    (
        "amount",
        re.compile(
            r"\bhow\s+much\b[^?]*\b(?:cost|price|pay)|"
            + _what_is_the("schedule|cost|price|level|concentration|hazard\s+ratio|odds\s+ratio"),
            re.I,
        ),
        re.compile(_NUMBER),
        None,
    ),
)
# A measure that qualifies what a question asks ("the 5-year survival rate", "metastases smaller than
# 5 millimeters", "stage IV"): when the review never states that measure, it does not answer the
# question, however close its sentences on the same topic ("the 3-year survival rate") come.
_NUMBER_WORDS = dict(
    zip("one two three four five six seven eight nine ten eleven twelve".split(), map(str, range(1, 13)), strict=True)
)
_UNITS = {
    "year": "year", "month": "month", "week": "week", "day": "day", "hour": "hour",
    "mm": "mm", "millimeter": "mm", "millimetre": "mm", "cm": "cm", "centimeter": "cm", "centimetre": "cm",
    "gy": "gy", "gray": "gy", "mg": "mg", "milligram": "mg",
}  # fmt: skip
_MEASURE = re.compile(
    rf"(?<![\w.\-])(?P<number>\d+(?:\.\d+)?|{'|'.join(_NUMBER_WORDS)})[\s-]?"
    rf"(?P<unit>{'|'.join(sorted(_UNITS, key=len, reverse=True))})s?(?![\w])"
    r"|\bstage\s+(?P<stage>iv|i{1,3}|[1-4](?!\s+of\b))(?![\w])",  # not "stage 2 of the cascade"
    re.I,
)
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}


def measures(text: str) -> set[str]:
    """The measures a text states, in one spelling: "5-year", "five years" -> "5 year"; "stage IV" -> "stage 4"."""
    found = set()
    for match in _MEASURE.finditer(text):
        if match.group("stage"):
            stage = match.group("stage").lower()
            found.add(f"stage {_ROMAN.get(stage, stage)}")
        else:
            number, unit = match.group("number").lower(), _UNITS[match.group("unit").lower()]
            if (number, unit) != ("one", "day"):  # "Will we one day …?" names no measure
                found.add(f"{_NUMBER_WORDS.get(number, number)} {unit}")
    return found


# What states each kind in figures rather than words ("about 90%", not "the great majority"); a
# kind stated only in figures maps to itself.
_IN_FIGURES = {states: figures or states for _, _, states, figures in _QUANTITIES}


def asked_quantities(question: str, *, rows: bool = False) -> list[re.Pattern]:
    """What an answer must state for each kind of quantity the question asks for (a year, a share,
    a count, a duration, a dose, an amount); a table's `rows` answer a count by being listed."""
    return [states for kind, asks, states, _ in _QUANTITIES if asks.search(question) and not (rows and kind == "count")]


def states_quantities(text: str, quantities: list[re.Pattern]) -> bool:
    """True when the text states a quantity of each kind asked (see asked_quantities)."""
    text = _NOT_A_QUANTITY.sub(" ", text)
    return all(states.search(text) for states in quantities)


def states_asked_quantity(question: str, text: str, *, rows: bool = False) -> bool:
    """False when the question asks for a quantity and the text states none of that kind."""
    return states_quantities(text, asked_quantities(question, rows=rows))


def _spelled_out(acronym: str, words: list[str]) -> bool:
    """True when consecutive words spell the acronym: each letter opens the next word or follows
    within the current one ("LDH" in "normal lactate dehydrogenase and")."""
    letters = [c.lower() for c in acronym if c.isalnum()]

    def match(letter_index: int, word_index: int, position: int) -> bool:
        if letter_index == len(letters):
            return True
        letter = letters[letter_index]
        word = words[word_index].lower() if word_index < len(words) else ""
        # Only the last letter may come from inside a word ("lactate dehydrogenase" spells LDH,
        # "chemotherapy and radiotherapy" does not spell CAR-T).
        last = letter_index == len(letters) - 1
        inside = word.find(letter, position + 1) if word and position == 0 and last else -1
        if inside > 0 and match(letter_index + 1, word_index, inside):
            return True
        following = word_index + 1
        while following < len(words) and words[following].lower() in _LONG_FORM_GLUE:
            following += 1  # "of", "and" … join a long form's words but spell nothing
        if following >= len(words) or words[following].lower() in STOPWORDS:
            return False
        return words[following][0].lower() == letter and match(letter_index + 1, following, 0)

    return any(
        w[:1].lower() == letters[0] and w.lower() not in STOPWORDS and match(1, i, 0) for i, w in enumerate(words)
    )


@dataclass(frozen=True)
class AnswerSettings:
    # The weights and thresholds were chosen on the dev split of eval/qa.jsonl with
    # `qa-service eval --split dev`; the test split reports them (see eval/README.md).
    # A sentence's score: similarity to the question, share of the question's term weight it
    # contains, and the similarity of the whole chunk around it (context). (Dev, with the keep
    # ratio below: 0.9/0.7 beat 0.5/0.9 on evidence 0.923 -> 0.938 and facts 0.896 -> 0.903;
    # a pairwise logistic regression on the same features also weighs the words above the context.)
    dense_weight: float = 1.0
    lexical_weight: float = 0.9
    context_weight: float = 0.7
    # The context is half the chunk's similarity and half the mean similarity of the sentences around
    # the sentence in its paragraph, up to local_window each side: a chunk holding several paragraphs
    # can be close to a question as a whole while the paragraph a sentence sits in is about something
    # else, or the other way round. (Dev: evidence cited 0.939 -> 0.940, facts 0.913 -> 0.920, all
    # facts 0.906 -> 0.916, follow-ups 0.914 -> 0.923, near-domain abstention 0.76 -> 0.75; windows
    # of 2 and 4 and shares of 0.6 and 0.7 gain too, a share of 0.3 or a window of 1 loses.)
    local_context_share: float = 0.5
    local_window: int = 3
    # A follow-up's answer should rarely repeat a sentence the conversation already gave …
    repeat_penalty: float = 0.3
    # … and is often beside one: sentences in the passages of earlier answers get a little more.
    nearby_bonus: float = 0.1
    # Weight of words that only the earlier question contributes to a follow-up's query (the
    # names it holds weigh in full: see Composer._weights).
    context_term_weight: float = 0.5
    # Concise: up to 3 sentences within 90 words (dev: median 56 words).
    max_sentences: int = 3
    max_words: int = 90
    # A further sentence must score this share of the best one to be added (dev: 0.75 beat 0.8
    # and 0.78, which cut answers to a median 54-56 words; 0.7 lengthened them to 66).
    keep_ratio: float = 0.75
    # … or this share when it stands next to a chosen sentence in its passage: a sentence that
    # sets up a list is often the best match and the list itself the one after it (dev and a
    # fresh blind set: one case better each at 0.7 and 0.65, none worse; 0.6 lengthens answers).
    neighbour_ratio: float = 0.7
    # Table questions list rows; up to this many, within this many words.
    max_rows: int = 8
    max_row_words: int = 110
    # … when a row beats the best sentence of prose by this much: the review often states in prose
    # what a row lists ("a fusion protein, M7824, which blocks both PD-L1 and TGF-β …"), and a row
    # winning narrowly made the answer a list of the table's rows. (Dev: evidence cited 0.948 ->
    # 0.952, 2 cases better, none worse, at 0.06-0.1; at 0.2 a table question loses its rows.)
    rows_margin: float = 0.08
    # Abstain when no sentence is near the question in meaning and words: on the dev split,
    # off-topic questions score at most 0.40 on dense + 0.5 x coverage, answerable ones 0.42+ …
    min_support: float = 0.3
    # … or when most of the question's term weight is on words the review never uses and the
    # nearest sentence is still far (dev: off-topic 0.45-1.0 unseen; answerable at 0.35+ dense).
    max_unseen: float = 0.5
    unseen_dense: float = 0.35
    redundancy: float = 0.9  # cosine above which two sentences say the same thing
    # "What does RAMS11 stand for?": the sentence that defines it, "… (RAMS11)", comes first.
    definition_bonus: float = 0.5
    # A question asking for several things ("Which cytokines …?") prefers a sentence that lists
    # them (dev, with the weights above: facts 0.899 -> 0.906, evidence 0.935 -> 0.941 at 0.1
    # against none; 0.05, 0.15 and 0.2 lower).
    enumeration_bonus: float = 0.1
    # A question asking for the foremost one or for a reason prefers a sentence that gives it (see
    # _ANSWER_CUES). Dev: evidence cited 0.940 -> 0.948 (5 cases better, none worse) at 0.1; the
    # foremost cue alone gains 4 at 0.05-0.15 and loses one at 0.2, the reason cue 1 at 0.1-0.3.
    # "mainly" is no cue: "How do EVs mainly act in bone metastasis?" then preferred "in brain
    # metastasis, EVs mainly mediate …".
    answer_cue_bonus: float = 0.1
    # A question asking which drugs prefers a sentence naming one (see _ANSWER_CUES). Dev: evidence
    # cited 0.951 -> 0.954, facts 0.926 -> 0.932 at 0.25-0.3 (4 better, none worse, all four asking
    # for the approved anti-angiogenic drugs); 0.2 gains 3 and loses 1, 0.4-0.5 lose 2.
    drug_name_bonus: float = 0.25
    # A question asking for a quantity ("In what year …", "How many …") is abstained on when the
    # sentences chosen state none of its kind; when they do, sentences stating it get this bonus
    # (dev: one case better at 0.05-0.2, none worse).
    expect_quantity: bool = True
    quantity_bonus: float = 0.1
    # … and this much more when they state it in figures rather than words ("about 90%", not "the
    # great majority"; dev: three questions on metastasis's share of deaths now answered with its
    # 90%, none worse, at 0.2-0.5; 0.1 half of that).
    figures_bonus: float = 0.2
    # A question naming a part of the review ("According to Table 1, …", "the conclusions") is
    # answered from it when it can be: its sentences get this bonus (dev: one case better at
    # 0.1-0.4, none worse; retrieval already searches that part first).
    named_part_bonus: float = 0.2
    # Term coverage again, each question term weighed by how few of the candidate sentences hold
    # it: the words every candidate shares (the topic: "lncRNA", "metastasis") stop deciding, the
    # ones that set a sentence apart ("first") start to (dev facts 0.889 -> 0.896, evidence
    # 0.917 -> 0.923, follow-ups 0.86 -> 0.89 at 0.1; lower at 0.2-0.5).
    discriminative_weight: float = 0.1
    # Question words a sentence lacks but the titles of the papers it cites hold count this share of
    # their weight towards its coverage (with the titles' vectors, see TITLES_LIFT in index.py: dev
    # facts 0.905 -> 0.907, test evidence 0.922 -> 0.927; lower at 0.4).
    title_term_weight: float = 0.2
    # A signpost (see _SIGNPOST), or a figure's title ("Overview of the metastatic cascade."), is
    # marked down unless the question is about the review itself, far enough that one rarely leads an
    # answer ("What mechanisms drive the metastasis cascade?" was answered first with "Here, we will
    # describe in detail the major factors …", then with Figure 1's title). Dev: answers holding a
    # signpost 31 -> 8 of 662 standalone questions at 0.5, evidence cited and facts unchanged (0.2: 9,
    # evidence +1 case, but a signpost still led answers to such questions). So is a sentence of the
    # back matter unless the question shares a word with its section's title or asks who paid for
    # the review ("What does the review conclude?" was answered with the author contributions).
    signpost_penalty: float = 0.5
    # Add a chosen sentence's successor when it points back at it ("…the above characteristics").
    follow_back_references: bool = True
    include_antecedents: bool = True


@dataclass(frozen=True)
class Reference:
    number: int
    text: str


@dataclass(frozen=True)
class Citation:
    n: int
    chunk_id: str
    section: str
    text: str
    quote: str
    references: list[Reference]

    def to_dict(self) -> dict:
        # By hand: dataclasses.asdict deep-copies field by field, which showed in the per-request profile.
        return {
            "n": self.n,
            "chunk_id": self.chunk_id,
            "section": self.section,
            "text": self.text,
            "quote": self.quote,
            "references": [{"number": r.number, "text": r.text} for r in self.references],
        }


@dataclass
class Answer:
    answer: str
    abstained: bool
    query: str
    citations: list[Citation]
    suggestions: list[str] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list, repr=False)
    id: str | None = None  # set when the answer is stored, so it can be rated

    def to_dict(self) -> dict:
        data = {"id": self.id} if self.id else {}
        data |= {
            "answer": self.answer,
            "abstained": self.abstained,
            "query": self.query,
            "citations": [c.to_dict() for c in self.citations],
        }
        if self.suggestions:
            data["suggestions"] = self.suggestions
        return data


@dataclass(frozen=True)
class _Weights:
    single: dict[str, float]  # term -> weight
    concepts: list[tuple[float, list[dict[str, float]]]]  # (weight, each form's term weights)

    @cached_property
    def total(self) -> float:
        return sum(self.single.values()) + sum(w for w, _ in self.concepts)

    @cached_property
    def terms(self) -> frozenset[str]:
        return frozenset(self.single).union(*(form for _, forms in self.concepts for form in forms))


def _held(present: frozenset[str], weights: _Weights) -> float:
    """The question's term weight that a set of terms holds."""
    held = sum(w for t, w in weights.single.items() if t in present)
    for concept_weight, forms in weights.concepts:
        held += concept_weight * max(sum(w for t, w in f.items() if t in present) / sum(f.values()) for f in forms)
    return held


@dataclass(frozen=True)
class _Candidate:
    sentence_id: int
    hit: Hit
    score: float
    dense: float
    coverage: float


class Composer:
    """Builds an Answer from a query and its hits; holds nothing per question."""

    def __init__(self, index: Index, idf: dict[str, float], unseen_idf: float, settings: AnswerSettings | None = None):
        self.index = index
        self.idf = idf
        self.unseen_idf = unseen_idf
        self.settings = settings or AnswerSettings()
        # A sentence matches the words of its own heading and section title too ("TAMs", "Table 2").
        self._sentence_terms = []
        for sentence, passage_index in zip(index.sentences, index.sentence_passage):
            passage = index.review.passages[passage_index]
            context = (
                passage.heading.split(":")[0]  # a row belongs to "Table 2", not to its caption's topic
                if passage.kind is PassageKind.TABLE_ROW
                else (f"{index.review.section(passage.section).title} {passage.heading}")
            )
            self._sentence_terms.append(frozenset(terms(f"{context} {sentence.text}")))
        # Words of the titles a sentence cites that it does not use itself.
        self._title_terms = [
            frozenset(terms(cited_titles(index.review.passages[p], sentence, index.review.references) or "")) - own
            for sentence, p, own in zip(index.sentences, index.sentence_passage, self._sentence_terms)
        ]
        self._not_answers = {
            i for i, sentence in enumerate(index.sentences) if sentence.text.startswith("Abbreviations:")
        }
        self._spelled: dict[str, bool] = {}  # acronym -> spelled out somewhere in the review
        self._names = set()
        for sentence in index.sentences:
            for token in re.findall(r"[\w\-/+]+", sentence.text):
                for part in [token, *re.split(r"[-/]", token)]:
                    if part:
                        self._names.add(name_key(part))
        for section in index.review.sections:
            for token in re.findall(r"[\w\-/+]+", section.title):
                self._names.add(name_key(token))
        # Every word the review uses, as stemmed terms, its bibliography's titles included
        # ("microRNAs" is only there).
        texts = [
            *(sentence.text for sentence in index.sentences),
            *(section.title for section in index.review.sections),
            *index.review.references.values(),
        ]
        self._vocabulary = {t for text in texts for t in terms(text)}
        words = {w.lower() for text in texts for w in re.findall(r"[A-Za-z]+", text)}
        # Words built from the review's ("neovascularization", "immunotherapeutic", "oligometastatic")
        # are not foreign to it: they hold one of its longer words or start like one.
        self._long_words = {w for w in words if len(w) >= _BUILDING_BLOCK}
        self._longest_word = max(map(len, words), default=0)
        self._word_starts = {w[:_SHARED_START] for w in words if len(w) >= _SHARED_START}
        self._word_beginnings = {w[:n] for w in words for n in range(_TRUNCATED, len(w))}
        self._table_rows: dict[str, list[int]] = {}
        for sentence_id, passage_index in enumerate(index.sentence_passage):
            passage = index.review.passages[passage_index]
            if passage.kind is PassageKind.TABLE_ROW:
                self._table_rows.setdefault(passage.heading, []).append(sentence_id)
        self._row_sentences = {i for rows in self._table_rows.values() for i in rows}
        self._enumerating = {i for i, sentence in enumerate(index.sentences) if _ENUMERATES.search(sentence.text)}
        # Per answer cue, the sentences that give what it asks for.
        self._giving = [
            {i for i, sentence in enumerate(index.sentences) if gives.search(sentence.text)}
            for _, gives, _ in _ANSWER_CUES
        ]
        # The sentences around each one in its paragraph, itself included (see local_context_share).
        passage_of = index.sentence_passage
        reach = self.settings.local_window
        self._around = [
            [j for j in range(max(0, i - reach), min(len(passage_of), i + reach + 1)) if passage_of[j] == passage]
            for i, passage in enumerate(passage_of)
        ]
        self._signposts = {i for i, sentence in enumerate(index.sentences) if _SIGNPOST.search(sentence.text)}
        # A figure caption's title ("Overview of the metastatic cascade.") names what the figure shows.
        self._signposts |= {
            i
            for i, p in enumerate(passage_of)
            if index.review.passages[p].kind is PassageKind.FIGURE and (i == 0 or passage_of[i - 1] != p)
        }
        self._measures = {m for sentence in index.sentences for m in measures(sentence.text)}
        # The back matter (acknowledgments, conflict of interest, ethics approval, data availability,
        # author contributions) says how the review was made, not what it says: per sentence, the
        # words of a question it may answer, its section's title and who paid for it.
        self._back_matter: dict[int, frozenset[str]] = {}
        for i, p in enumerate(passage_of):
            section = index.review.passages[p].section
            if section != "abstract" and not section[:1].isdigit():
                title = index.review.section(section).title
                self._back_matter[i] = frozenset(terms(f"{title} {_PAID_FOR}"))

    # --- scoring -------------------------------------------------------------------------
    def _weights(self, query: Query, focus: str) -> _Weights:
        """IDF weight of each query term; words only from the conversation's context count half, its names in full.

        An abbreviation and its long form are one concept: a sentence that says "MSCs" covers
        "mesenchymal stem cells" fully, and one that says both does not count it twice.
        """
        focus_terms = set(terms(focus))
        if focus:
            # What the follow-up's "it" or "they" stands for is what the earlier question named
            # ("Has it been tested in patients?" after "What is M7824?"): its names weigh as the
            # user's own words, the rest of the earlier question half.
            focus_terms |= self._names_in(query.text)

        def weight(term: str) -> float:
            factor = 1.0 if term in focus_terms or not focus else self.settings.context_term_weight
            return self.idf.get(term, self.unseen_idf) * factor

        in_concepts = {t for short, long in query.synonyms for t in (*short, *long)}
        single = {term: weight(term) for term in query.terms if term not in in_concepts}
        concepts = []
        for alternatives in query.synonyms:
            forms = [{t: weight(t) for t in form} for form in alternatives if form]
            if forms:
                concepts.append((max(max(f.values()) for f in forms), forms))
        return _Weights(single, concepts)

    def _names_in(self, text: str) -> set[str]:
        """Terms of the codes and abbreviations a text names ("M7824", "CCR4", "TAMs" and its long form)."""
        names = {t for word in re.findall(r"[\w\-]+", text) if _ACRONYM.fullmatch(word) for t in terms(word)}
        for short, long, _ in self.index.abbreviations.mentioned(text):
            names.update(terms(short))
            names.update(terms(long))
        return names

    def unseen_share(self, question: str) -> float:
        """Share of a question's term weight on words the review never uses."""
        weights = {t: self.idf.get(t, self.unseen_idf) for t in terms(question)}
        total = sum(weights.values())
        return sum(w for t, w in weights.items() if t not in self.idf) / total if total else 1.0

    def _coverage(self, sentence_id: int, weights: _Weights) -> float:
        """Share of the question's weight a sentence holds (its cited titles' words counting a
        little: see title_term_weight); a concept counts by its best-held form."""
        if not weights.total:
            return 0.0
        present = self._sentence_terms[sentence_id]
        held = _held(present, weights)
        titled = self._title_terms[sentence_id]
        if titled and not titled.isdisjoint(weights.terms):
            held += self.settings.title_term_weight * (_held(present | titled, weights) - held)
        return held / weights.total

    def _discriminating(self, ids: list[int], weights: _Weights) -> _Weights:
        """The question's term weights scaled by an IDF over the candidate sentences themselves."""
        present = [self._sentence_terms[i] for i in ids]

        def rarity(holders: int) -> float:
            return math.log((len(ids) + 1) / (holders + 0.5))

        single = {t: w * rarity(sum(t in p for p in present)) for t, w in weights.single.items()}
        concepts = [
            (w * rarity(sum(any(set(form) <= p for form in forms) for p in present)), forms)
            for w, forms in weights.concepts
        ]
        return _Weights(single, concepts)

    def _candidates(self, query: Query, hits: list[Hit], focus: str, said: str = "") -> list[_Candidate]:
        weights = self._weights(query, focus)
        seen: dict[int, Hit] = {}
        for hit in hits:
            for sentence_id in self.index.chunk_sentence_ids[hit.chunk_index]:
                # Abbreviation lists (under tables and figures) are metadata, not answers, while
                # a table's other notes state facts ("… data … from ClinicalTrials.gov"); and a
                # follow-up should not repeat what the conversation already said.
                if sentence_id in self._not_answers and not self._names_listed(query.text, sentence_id):
                    continue
                seen.setdefault(sentence_id, hit)
        ids = list(seen)
        if not ids:
            return []
        # Passages the conversation's earlier answers came from: a follow-up's answer is often beside them.
        said_passages = (
            {self.index.sentence_passage[i] for i, sentence in enumerate(self.index.sentences) if sentence.text in said}
            if said
            else set()
        )
        dense = self.index.sentence_similarity(query.vector, ids)
        s = self.settings
        local = self._discriminating(ids, weights) if s.discriminative_weight else None
        list_bonus = s.enumeration_bonus if _ASKS_FOR_SEVERAL.search(query.text) else 0.0
        cues = [
            (giving, getattr(s, bonus))
            for (asks, _, bonus), giving in zip(_ANSWER_CUES, self._giving, strict=True)
            if asks.search(focus or query.text)
        ]
        named = {i for chunk in query.named for i in self.index.chunk_sentence_ids[chunk]}
        signposts = set() if _ASKS_ABOUT_THE_REVIEW.search(query.text) else set(self._signposts)
        # "How does sunitinib work?" is not answered with "This work was supported by …".
        asked = set(query.terms)
        signposts |= {i for i, words in self._back_matter.items() if asked.isdisjoint(words)}
        nearby = sorted({j for i in ids for j in self._around[i]})
        closeness = dict(zip(nearby, (self.index.sentence_vectors[nearby] @ query.vector).tolist(), strict=True))
        out = []
        for sentence_id, similarity in zip(ids, dense):
            hit = seen[sentence_id]
            coverage = self._coverage(sentence_id, weights)
            if not coverage and sentence_id in self._row_sentences:
                # A table row shares no word with the question: its table's caption made it look
                # close (every row of Table 2 is "about" checkpoint inhibitors), not its cells.
                continue
            around = self._around[sentence_id]
            paragraph = sum(closeness[j] for j in around) / len(around)
            context = (1 - s.local_context_share) * hit.dense_score + s.local_context_share * paragraph
            score = (
                s.dense_weight * float(similarity)
                + s.lexical_weight * coverage
                + s.context_weight * context
                - (s.repeat_penalty if said and self.index.sentences[sentence_id].text in said else 0.0)
                + (s.nearby_bonus if self.index.sentence_passage[sentence_id] in said_passages else 0.0)
                + (s.definition_bonus if sentence_id in query.defining else 0.0)
                + (list_bonus if sentence_id in self._enumerating else 0.0)
                + sum(bonus for giving, bonus in cues if sentence_id in giving)
                + (s.named_part_bonus if sentence_id in named else 0.0)
                - (s.signpost_penalty if sentence_id in signposts else 0.0)
                + (s.discriminative_weight * self._coverage(sentence_id, local) if local is not None else 0.0)
            )
            out.append(_Candidate(sentence_id, hit, score, float(similarity), coverage))
        return sorted(out, key=lambda c: (-c.score, c.sentence_id))

    def _table_candidates(self, query: Query, best: _Candidate, focus: str) -> list[_Candidate]:
        """Every row of the best row's table, scored the same way, so a question gets all its rows."""
        table = self.index.review.passages[self.index.sentence_passage[best.sentence_id]].heading
        weights = self._weights(query, focus)
        rows = self._table_rows[table]
        dense = self.index.sentence_vectors[rows] @ query.vector
        s = self.settings
        out = [
            _Candidate(
                r,
                best.hit,
                s.dense_weight * float(d) + s.lexical_weight * self._coverage(r, weights),
                float(d),
                self._coverage(r, weights),
            )
            for r, d in zip(rows, dense)
        ]
        return sorted(out, key=lambda c: (-c.score, c.sentence_id))

    # --- selection -----------------------------------------------------------------------
    def _select(self, candidates: list[_Candidate], *, max_items: int, max_words: int) -> list[_Candidate]:
        best = candidates[0]
        chosen = [best]
        words = len(self.index.sentences[best.sentence_id].text.split())
        if self.settings.follow_back_references:
            chosen = self._add_back_referring(chosen, words, max_words)
            words = sum(len(self.index.sentences[c.sentence_id].text.split()) for c in chosen)
        for candidate in candidates[1:]:
            if candidate.sentence_id in {c.sentence_id for c in chosen}:
                continue
            if len(chosen) >= max_items or candidate.score < self.settings.neighbour_ratio * best.score:
                break
            if candidate.score < self.settings.keep_ratio * best.score and not self._beside(candidate, chosen):
                continue
            length = len(self.index.sentences[candidate.sentence_id].text.split())
            if words + length > max_words:
                continue
            if any(self._redundant(candidate.sentence_id, c.sentence_id) for c in chosen):
                continue
            chosen.append(candidate)
            words += length
        if self.settings.follow_back_references:
            chosen = self._add_back_referring(chosen, words, max_words)
        return sorted(chosen, key=lambda c: c.sentence_id)

    def _beside(self, candidate: _Candidate, chosen: list[_Candidate]) -> bool:
        """True when the candidate is next to a chosen sentence in the same passage."""
        passage = self.index.sentence_passage
        return any(
            abs(candidate.sentence_id - c.sentence_id) == 1 and passage[candidate.sentence_id] == passage[c.sentence_id]
            for c in chosen
        )

    def _redundant(self, sentence_id: int, other_id: int) -> bool:
        """Two sentences that say the same thing; two rows of a table never do, however alike
        their embeddings (sharing the column names, a quarter of Table 2's row pairs are cosine > 0.9)."""
        sentences = self.index.sentences
        if sentence_id in self._row_sentences and other_id in self._row_sentences:
            return sentences[sentence_id].text == sentences[other_id].text
        vectors = self.index.sentence_vectors
        return float(vectors[sentence_id] @ vectors[other_id]) > self.settings.redundancy

    def _add_back_referring(self, chosen: list[_Candidate], words: int, max_words: int) -> list[_Candidate]:
        """Keep an answer coherent: a chosen sentence's successor that points back at it ("These
        cells…", "…the above characteristics") often holds the answer it set up, and a chosen
        sentence that opens by pointing back ("This metabolic mode…") needs the one it points at."""
        ids = {c.sentence_id for c in chosen}
        for candidate in list(chosen):
            previous = candidate.sentence_id - 1
            text = self.index.sentences[candidate.sentence_id].text
            if (
                self.settings.include_antecedents
                and _OPENS_WITH_REFERENCE.match(text)
                and previous >= 0
                and previous not in ids
                and self.index.sentence_passage[previous] == self.index.sentence_passage[candidate.sentence_id]
            ):
                length = len(self.index.sentences[previous].text.split())
                if words + length <= max_words:
                    chosen.append(_Candidate(previous, candidate.hit, candidate.score, candidate.dense, 0.0))
                    ids.add(previous)
                    words += length
            following = candidate.sentence_id + 1
            if following >= len(self.index.sentences) or following in ids or following in self._not_answers:
                continue
            if self.index.sentence_passage[following] != self.index.sentence_passage[candidate.sentence_id]:
                continue
            text = self.index.sentences[following].text
            length = len(text.split())
            if _BACK_REFERENCE.search(text) and words + length <= max_words:
                chosen.append(_Candidate(following, candidate.hit, candidate.score, candidate.dense, 0.0))
                ids.add(following)
                words += length
        return chosen

    def compose(
        self, query: Query, hits: list[Hit], *, reported_query: str, focus: str = "", said: str = "", asked: str = ""
    ) -> Answer:
        """The extractive answer for `query`, or an abstention when the review does not cover it.

        `focus` is the user's own follow-up question (its words weigh double against the
        context's); `said` is what the assistant already answered in this conversation; `asked` is
        the question whose answer type is checked (by default `focus` or the query).
        """
        candidates = self._candidates(query, hits, focus, said)
        # A word inside an everyday phrasing the vocabulary knows ("Keytruda" for the review's
        # pembrolizumab) is not one the review never uses.
        asked_words = without_phrases(focus or query.text, query.everyday)
        if not candidates or self._should_abstain(asked_words, query.text, candidates, query.defining):
            return self.abstain(reported_query, hits)
        chosen, rows = self._choose(query, candidates, focus)
        quantities = asked_quantities(asked or focus or query.text, rows=rows) if self.settings.expect_quantity else []
        if quantities:
            if not self._states(chosen, quantities):
                return self.abstain(reported_query, hits)
            if not rows:
                # Of sentences about as good, one stating the quantity asked for comes first, and
                # one stating it in figures ("about 90%") before one in words ("the majority").
                preferred = [replace(c, score=c.score + self._quantity_bonus(c, quantities)) for c in candidates]
                chosen, _ = self._choose(query, sorted(preferred, key=lambda c: (-c.score, c.sentence_id)), focus)
        return self._cite(chosen, reported_query, hits)

    def _choose(self, query: Query, candidates: list[_Candidate], focus: str) -> tuple[list[_Candidate], bool]:
        """The sentences to answer with, or a table's rows when a row is clearly the best candidate
        or the question asks about a table."""
        best = candidates[0]
        prose = next((c for c in candidates if c.sentence_id not in self._row_sentences), None)
        if best.sentence_id in self._row_sentences and (
            prose is None
            or best.score - prose.score >= self.settings.rows_margin
            or _NAMES_A_TABLE.search(focus or query.text)
        ):
            rows = self._table_candidates(query, best, focus)
            return self._select(rows, max_items=self.settings.max_rows, max_words=self.settings.max_row_words), True
        return self._select(candidates, max_items=self.settings.max_sentences, max_words=self.settings.max_words), False

    def _quantity_bonus(self, candidate: _Candidate, quantities: list[re.Pattern]) -> float:
        """What stating the asked quantity adds to a candidate's score (more if in figures)."""
        if not self._states([candidate], quantities):
            return 0.0
        in_figures = self._states([candidate], [_IN_FIGURES[q] for q in quantities])
        return self.settings.quantity_bonus + (self.settings.figures_bonus if in_figures else 0.0)

    def _states(self, chosen: list[_Candidate], quantities: list[re.Pattern]) -> bool:
        return states_quantities(" ".join(self.index.sentences[c.sentence_id].text for c in chosen), quantities)

    def unknown_names(self, question: str) -> list[str]:
        """Names in the question (acronyms, codes, capitalized words) that the review never uses.

        "CAR-T", "HPV", "Japan", "KEYNOTE-189" (or "car-t", "brca1" typed in lower case): a
        question about something the review never names cannot be answered from it, however
        close its other words are. An acronym the review does not use but spells out ("LDH":
        "lactate dehydrogenase") counts as known.
        """
        names = []
        matches = [*_NAME.finditer(question), *_LOWER_CASE_CODE.finditer(question)]
        for match in sorted(matches, key=lambda m: m.start()):
            word = match.group()
            lower_case_code = match.re is _LOWER_CASE_CODE
            if lower_case_code:
                word = word.upper()
            before = question[: match.start()].rstrip()
            sentence_start = not before or before[-1] in ".?!:"
            if not lower_case_code and (
                word.isdigit() or word[0].islower() or (sentence_start and not _ACRONYM.fullmatch(word))
            ):
                continue  # "microRNA", "mTOR": lower-case compounds are vocabulary, not names
            # Of a compound, the parts that look like names must be known: "NID1-carrying" and
            # "TGF-β-induced" name NID1 and TGF-β, while "KEYNOTE-189" names KEYNOTE.
            parts = [p for p in re.split(r"[-/]", word) if p]
            named = [p for p in parts if not (p.isascii() and p.isalpha() and p.islower())] or parts
            if name_key(word) in self._names or all(name_key(p) in self._names for p in named):
                continue
            if _ACRONYM.fullmatch(word) and self._spelled_out_anywhere(word):
                continue
            names.append(word)
        return names

    def unstated_measures(self, question: str) -> list[str]:
        """Measures the question asks about ("5-year", "stage IV") that the review never states."""
        return sorted(measures(question) - self._measures)

    def unknown_words(self, question: str, *, most: int | None = None) -> list[str]:
        """Words of the question that neither the review (bibliography included) nor English knows.

        "denosumab", "microbiome", "quicksort": like an unknown name, such a word is what the
        question is about, and the review never mentions it. A typo of an English word ("whcih")
        or of the review's ("metastsis", corrected before this) is not one.
        """
        unknown = []
        for word in re.findall(r"[A-Za-z]+(?:['’][a-z]+)?", question):
            lower = word.lower().replace("’", "'")
            if len(word) < 5 or lower in english() or any(t in self._vocabulary for t in terms(lower)):
                continue
            if len(lower) > _LONGEST_WORD:
                unknown.append(word)  # no word; and the checks below grow with its length
            elif not (self._built_from_review(lower) or near_english(lower)):
                unknown.append(word)
            if most and len(unknown) >= most:
                break
        return unknown

    def _built_from_review(self, word: str) -> bool:
        """Holds one of the review's longer words or starts like one ("neovascularization"), or is
        one cut short as chat users write them ("abbrevs", "pembro")."""
        if word[:_SHARED_START] in self._word_starts:
            return True
        if (word[:-1] if word.endswith("s") else word) in self._word_beginnings:
            return True
        return any(
            word[start:end] in self._long_words
            for start in range(len(word))
            for end in range(start + _BUILDING_BLOCK, min(len(word), start + self._longest_word) + 1)
        )

    def _spelled_out_anywhere(self, acronym: str) -> bool:
        if acronym not in self._spelled:
            if len(self._spelled) > 10_000:  # user input fills it: keep it bounded
                self._spelled.clear()
            words = [re.split(r"[\s\-]+", s.text) for s in self.index.sentences]
            self._spelled[acronym] = any(_spelled_out(acronym, w) for w in words)
        return self._spelled[acronym]

    def _names_listed(self, question: str, sentence_id: int) -> bool:
        """An abbreviation list answers a question asking what one of its abbreviations stands for."""
        text = self.index.sentences[sentence_id].text
        return any(f"{abbreviation.lower()}," in text.lower() for abbreviation in asked_abbreviations(question))

    def _should_abstain(
        self, question: str, searched: str, candidates: list[_Candidate], defining: frozenset[int]
    ) -> bool:
        """`question` is what the user typed (less the everyday phrasings the vocabulary knows),
        `searched` what was searched for it: a follow-up's own
        words ("And in panel D?") are too few to say whether the review uses them, so the share of
        words it never uses is taken over the search, as the candidates' closeness is."""
        s = self.settings
        if self.unknown_names(question) or self.unknown_words(question, most=1) or self.unstated_measures(question):
            return True
        if any(c.sentence_id in defining for c in candidates):
            # The review defines the abbreviation asked about, whatever words ("stand", "short")
            # the question adds that it never uses.
            return False
        dense = max(c.dense for c in candidates)
        support = candidates[0].dense + 0.5 * max(c.coverage for c in candidates)
        return support < s.min_support or (self.unseen_share(searched) >= s.max_unseen and dense < s.unseen_dense)

    def abstain(self, reported_query: str, hits: list[Hit]) -> Answer:
        sections: list[str] = []
        for hit in hits[:3]:
            label = self.index.review.section_path(hit.chunk.section)
            if hit.dense_score >= 0.25 and label not in sections:
                sections.append(label)
        return Answer(ABSTAIN_MESSAGE, True, reported_query, [], sections, hits)

    def _cite(self, chosen: list[_Candidate], reported_query: str, hits: list[Hit]) -> Answer:
        """Join the sentences, each followed by [n]; one citation per cited passage chunk."""
        review = self.index.review
        numbers: dict[str, int] = {}
        quotes: dict[str, list[str]] = {}
        references: dict[str, list[int]] = {}
        parts = []
        for candidate in chosen:
            sentence = self.index.sentences[candidate.sentence_id]
            chunk_index = candidate.hit.chunk_index
            if candidate.sentence_id not in self.index.chunk_sentence_ids[chunk_index]:
                chunk_index = self.index.first_chunk_of_sentence[candidate.sentence_id]
            chunk = self.index.chunks[chunk_index]
            n = numbers.setdefault(chunk.id, len(numbers) + 1)
            quotes.setdefault(chunk.id, []).append(sentence.text)
            references.setdefault(chunk.id, []).extend(sentence.references)
            parts.append(f"{sentence.text} [{n}]")
        citations = []
        for chunk_id, n in numbers.items():
            chunk = self.index.chunks[self.index.chunk_index[chunk_id]]
            refs = [Reference(r, review.references.get(r, "")) for r in dict.fromkeys(references[chunk_id])]
            citations.append(
                Citation(
                    n,
                    chunk_id,
                    review.section_path(chunk.section, chunk.heading),
                    chunk.text,
                    " ".join(quotes[chunk_id]),
                    refs,
                )
            )
        return Answer(" ".join(parts), False, reported_query, citations, [], hits)


def cited_numbers(text: str) -> list[int]:
    """The [n] markers of an answer text, in order."""
    return [int(n) for n in re.findall(r"\[(\d+)\]", text)]
