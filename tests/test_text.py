"""Small text helpers (term extraction, acronym spelling, Greek clean-up) and the text cues answers use."""

import re
from dataclasses import replace

import numpy as np
import pytest

from qa_service.answer import _OPENS_WITH_REFERENCE, _spelled_out, measures, states_asked_quantity
from qa_service.retrieve import Fusion
from qa_service.text import TrackedText, normalize_greek, terms


def _spells(acronym: str, text: str) -> bool:
    return _spelled_out(acronym, re.split(r"[\s\-]+", text))


@pytest.mark.parametrize(
    "acronym, text, expected",
    [
        ("LDH", "patients with normal lactate dehydrogenase and fewer sites", True),
        ("NSCLC", "non-small-cell lung cancer", True),
        ("EZH2", "enhancer of zeste homolog 2", True),
        ("CAR-T", "surgery, chemotherapy, and radiotherapy are the three", False),
        ("CAR-T", "cancer cells are targeted", False),
        ("HPV", "high expression of PD-L1 in the level of", False),
    ],
)
def test_acronym_spelled_out(acronym, text, expected):
    assert _spells(acronym, text) is expected


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("TGF- β 1 and NF- κ B", "TGF-β1 and NF-κB"),
        ("Wnt/ β -catenin", "Wnt/β-catenin"),
        ("IL-1 β , IL-8", "IL-1β, IL-8"),
    ],
)
def test_greek_spacing(raw, clean):
    assert normalize_greek(TrackedText.from_source(raw, 0)).text == clean


def test_terms_split_hyphens_and_drop_question_words():
    assert terms("What do tumor-associated macrophages secrete?") == [
        "tumor-associ",
        "tumor",
        "associ",
        "macrophag",
        "secret",
    ]


def test_en_dash_and_hyphen_compounds_match():
    """The review writes "invasion–metastasis"; a question types "invasion-metastasis"."""
    assert terms("the invasion–metastasis cascade") == terms("the invasion-metastasis cascade")
    assert "invasion-metastasi" in terms("invasion–metastasis")


def test_a_sentence_opening_with_this_brings_its_antecedent(hashing_engine):
    from qa_service.answer import _Candidate

    composer, index = hashing_engine.composer, hashing_engine.index
    target = next(
        i
        for i, s in enumerate(index.sentences)
        if i and s.text.startswith("This ") and index.sentence_passage[i] == index.sentence_passage[i - 1]
    )
    hit = hashing_engine.retriever.search(hashing_engine.retriever.query(index.sentences[target].text), 1)[0]
    chosen = composer._add_back_referring([_Candidate(target, hit, 1.0, 1.0, 1.0)], words=0, max_words=200)
    assert {c.sentence_id for c in chosen} >= {target - 1, target}


def _scores_with_and_without(engine, question: str, bonus: str, value: float):
    """The question's query and its candidate sentences' scores with the bonus at 0 and at `value`."""
    composer, retriever = engine.composer, engine.retriever
    query = retriever.query(question)
    hits = retriever.search(query, 6)
    settings = composer.settings
    scores = []
    try:
        for setting in (0.0, value):
            composer.settings = replace(settings, **{bonus: setting})
            scores.append({c.sentence_id: c.score for c in composer._candidates(query, hits, question)})
    finally:
        composer.settings = settings
    return query, scores[0], scores[1]


def _gains(engine, question: str, bonus: str, value: float) -> tuple[dict[int, float], dict[int, float]]:
    """The candidates' scores without the bonus, and what the bonus adds to those it changes."""
    _, plain, scored = _scores_with_and_without(engine, question, bonus, value)
    return plain, {i: scored[i] - plain[i] for i in plain if scored[i] != plain[i]}


def test_a_sentence_next_to_the_best_one_joins_the_answer_at_a_lower_score(hashing_engine):
    """A list often follows the sentence that sets it up ("… herbal compounds …" then "Triptolide, …")."""
    from qa_service.answer import _Candidate

    composer, index = hashing_engine.composer, hashing_engine.index
    passage = index.sentence_passage
    first = next(
        i
        for i in range(len(index.sentences) - 1)
        if passage[i] == passage[i + 1]
        and len(index.sentences[i].text.split()) < 30
        and len(index.sentences[i + 1].text.split()) < 30
    )
    elsewhere = next(i for i in range(len(index.sentences)) if passage[i] not in (passage[first], passage[first] - 1))
    ratio = (composer.settings.keep_ratio + composer.settings.neighbour_ratio) / 2

    def candidate(sentence_id: int, score: float) -> _Candidate:
        return _Candidate(sentence_id, None, score, score, 0.0)

    chosen = composer._select(
        [candidate(first, 1.0), candidate(elsewhere, ratio), candidate(first + 1, ratio)], max_items=3, max_words=90
    )
    assert [c.sentence_id for c in chosen] == [first, first + 1]


def test_a_row_winning_narrowly_does_not_turn_the_answer_into_the_table(hashing_engine):
    """The prose often states what a row lists; only a clear win, or a question about a table, lists rows."""
    from qa_service.answer import _Candidate

    composer, retriever, index = hashing_engine.composer, hashing_engine.retriever, hashing_engine.index
    row = next(i for i in composer._row_sentences if "M7824" in index.sentences[i].text)
    prose = next(i for i, s in enumerate(index.sentences) if "fusion protein, M7824" in s.text)
    margin = composer.settings.rows_margin

    def choose(question: str, gap: float) -> tuple[list[int], bool]:
        query = retriever.query(question)
        hit = retriever.search(query, 6)[0]
        ranked = [_Candidate(row, hit, 1.0 + gap, 0.5, 0.5), _Candidate(prose, hit, 1.0, 0.5, 0.5)]
        chosen, rows = composer._choose(query, ranked, "")
        return [c.sentence_id for c in chosen], rows

    chosen, rows = choose("Which fusion protein blocks both PD-L1 and TGF-β?", margin / 2)
    assert not rows and prose in chosen
    chosen, rows = choose("Which fusion protein blocks both PD-L1 and TGF-β?", margin * 2)
    assert rows and set(chosen) <= composer._row_sentences
    chosen, rows = choose("Which agent in the table blocks both PD-L1 and TGF-β?", margin / 2)
    assert rows and set(chosen) <= composer._row_sentences


def test_a_quantity_stated_in_figures_is_preferred_to_one_in_words(hashing_engine):
    from qa_service.answer import _Candidate, asked_quantities

    composer, index = hashing_engine.composer, hashing_engine.index
    settings = composer.settings

    def sentence(fragment: str) -> _Candidate:
        sentence_id = next(i for i, s in enumerate(index.sentences) if fragment in s.text)
        return _Candidate(sentence_id, None, 1.0, 1.0, 1.0)

    share = asked_quantities("What share of cancer deaths does metastasis cause?")
    figures = sentence("metastasis accounts for about 90% of death")
    words = sentence("Metastasis accounts for the great majority of cancer-related deaths")
    neither = sentence("Tumor metastasis is one of the hallmarks of tumor malignancy")
    assert composer._quantity_bonus(figures, share) == pytest.approx(settings.quantity_bonus + settings.figures_bonus)
    assert composer._quantity_bonus(words, share) == pytest.approx(settings.quantity_bonus)
    assert composer._quantity_bonus(neither, share) == 0.0
    # a number that is not a share ("2020", "18.1 million") is not a share in figures
    other_number = sentence("According to the Global Cancer Statistics, 2020")
    assert composer._quantity_bonus(other_number, share) == pytest.approx(settings.quantity_bonus)


def test_words_that_set_a_sentence_apart_weigh_more_than_the_topic_every_candidate_shares(hashing_engine):
    """'first' decides between sentences on lncRNAs in metastasis; 'lncRNA' and 'metastasis' do not."""
    question = "Which lncRNA was the first found to be associated with metastasis?"
    _, plain, scored = _scores_with_and_without(hashing_engine, question, "discriminative_weight", 0.1)
    sentences = hashing_engine.index.sentences
    gain = {i: scored[i] - plain[i] for i in plain}

    def holds(i: int, *words: str) -> bool:
        return all(re.search(rf"\b{w}", sentences[i].text, re.I) for w in words)

    apart = [i for i in gain if holds(i, "first", "lncRNA", "associated", "metastasis")]
    topic_only = [i for i in gain if holds(i, "lncRNA", "metastasis") and not holds(i, "first")]
    assert apart and topic_only
    assert min(gain[i] for i in apart) > max(gain[i] for i in topic_only) > 0


@pytest.mark.parametrize(
    "question, several",
    [
        ("Which inhibitory cytokines are released by regulatory T cells?", True),
        ("What are the main features of cancer stem cells?", True),
        ("Which steps of metastasis involve lncRNAs?", True),
        ("Which protein is switched off when EMT starts?", False),
        ("What does MSC stand for?", False),
        ("How do TAMs promote metastasis?", False),
    ],
)
def test_a_question_asking_for_several_things_prefers_sentences_that_list(hashing_engine, question, several):
    plain, gained = _gains(hashing_engine, question, "enumeration_bonus", 0.05)
    if not several:
        assert not gained
        return
    listing = {
        i for i in plain if re.search(r"such as|including|, [^,]+, [^,]+ and ", hashing_engine.index.sentences[i].text)
    }
    assert listing and listing <= set(gained)
    assert all(g == pytest.approx(0.05) for g in gained.values())


@pytest.mark.parametrize(
    "question, foremost",
    [
        ("What are the main drivers of metastasis?", True),
        ("Which cytokine is the most potent at promoting angiogenesis?", True),
        ("What is the leading cause of cancer deaths?", True),
        ("How do EVs mainly act in bone metastasis?", False),  # "mainly" ranks nothing
        ("How do TAMs promote metastasis?", False),
    ],
)
def test_a_question_for_the_foremost_one_prefers_sentences_ranking_one_first(hashing_engine, question, foremost):
    plain, gained = _gains(hashing_engine, question, "answer_cue_bonus", 0.1)
    if not foremost:
        assert not gained
        return
    sentences = hashing_engine.index.sentences
    assert gained and all(g == pytest.approx(0.1) for g in gained.values())
    for i in plain:
        text = sentences[i].text
        ranks = re.search(r"\bthe (?:most|main|major) (?!part\b)", text) is not None
        # "the primary tumor", "leading to" and "for the most part" rank nothing
        assert (i in gained) == ranks or re.search(r"\bthe (?:primary|leading|largest|greatest|strongest|best)", text)


@pytest.mark.parametrize(
    "question, asks_why",
    [
        ("Why is autophagy a double-edged sword in metastasis?", True),
        ("how come cancer returns soon after surgery", True),
        ("What causes cancer deaths?", False),  # its own word "causes" already counts
    ],
)
def test_a_why_question_prefers_sentences_giving_a_cause(hashing_engine, question, asks_why):
    plain, gained = _gains(hashing_engine, question, "answer_cue_bonus", 0.1)
    if not asks_why:
        assert not gained
        return
    sentences = hashing_engine.index.sentences
    cause = (
        r"\b(?:because|due to|owing to|attributed to|caused by|results? from|the (?:main )?(?:reason|cause)s? \w+)\b"
    )
    giving = {i for i in plain if re.search(cause, sentences[i].text)}
    assert giving and set(gained) == giving


@pytest.mark.parametrize(
    "question, asks_for_drugs",
    [
        ("Which drugs target angiogenesis?", True),
        ("which inhibitors target SRC kinases", True),
        ("How does angiogenesis promote metastasis?", False),
    ],
)
def test_a_question_asking_which_drugs_prefers_sentences_naming_one(hashing_engine, question, asks_for_drugs):
    plain, gained = _gains(hashing_engine, question, "drug_name_bonus", 0.25)
    if not asks_for_drugs:
        assert not gained
        return
    sentences = hashing_engine.index.sentences
    naming = {i for i in plain if re.search(r"\b\w+(?:mab|nib|platin)\b", sentences[i].text)}
    assert naming and naming <= set(gained)
    assert all(
        re.search(r"\b[A-Za-z]{3,}(?:mab|ib|cept|platin|taxel|rubicin|limus)\b", sentences[i].text) for i in gained
    )


@pytest.mark.parametrize(
    "question, text, states",
    [
        ("In what year was EMT proposed?", "EMT was proposed by Greenberg and Hay in 1982.", True),
        ("In what year was EMT proposed?", "EMT was proposed by Greenberg and Hay.", False),
        ("When was nivolumab first approved?", "Nivolumab has been approved for melanoma.", False),
        ("In what year was SHR1701 approved?", "Phase II: SHR1701; Phase III: SHR-1316.", False),  # codes, not years
        ("What share of deaths does metastasis cause?", "Metastasis accounts for about 90% of deaths.", True),
        ("What share of deaths does metastasis cause?", "Metastasis causes the great majority of deaths.", True),
        ("What share of deaths does metastasis cause?", "Metastasis is the most common cause of death.", False),
        ("what % of deaths does metastasis cause?", "Metastasis causes deaths.", False),
        ("What is the recommended dose of nivolumab?", "Nivolumab blocks PD-1, as IL-10 or 4-1BB agents do.", False),
        # the number ending an abbreviated name, and a figure's number, state no quantity
        ("What is the recommended dose of ipilimumab?", "It blocks B7 homolog 3 (B7-H3) (Figure 2).", False),
        ("What is the recommended dose of nivolumab?", "Nivolumab is given at 1-3 mg/kg every 2 weeks.", True),
        ("What is the usual dose of pembrolizumab?", "Pembrolizumab 200mg is given every 3 weeks.", True),
        # a dose is a number with a unit of dose, not any number
        ("What is the recommended dose of pembrolizumab?", "Of 42 patients given pembrolizumab, 11 responded.", False),
        ("What is the dose response of TAMs to CSF1?", "TAMs respond to CSF1.", True),  # not a dose question
        ("How many CAF subtypes were found?", "Four CAF subtypes were found.", True),
        ("How many CAF subtypes were found?", "CAF subtypes were found by single-cell sequencing.", False),
        ("How many lncRNAs promote metastasis?", "They are listed in Table 1.", False),
        ("How long can cells stay dormant?", "Cells can remain dormant for years or even decades.", True),
        ("What is the median overall survival with galunisertib?", "Survival was better with it.", False),
        ("What is the median overall survival with galunisertib?", "It was 8.9 months.", True),
        # no quantity asked
        ("How do TAMs promote metastasis?", "TAMs secrete IL-10.", True),
        ("Why are low doses of chemotherapy given more often?", "Metronomic chemotherapy inhibits angiogenesis.", True),
        ("How much do cancer-associated fibroblasts contribute to metastasis?", "CAFs secrete TGF-β.", True),
        ("What is a high level of MMP-9 associated with?", "MMP-9 degrades the basement membrane.", True),
        ("What is the rate limiting enzyme of glycolysis?", "Hexokinase phosphorylates glucose.", True),
    ],
)
def test_a_question_asking_for_a_quantity_needs_an_answer_stating_one(question, text, states):
    assert states_asked_quantity(question, text) is states


@pytest.mark.parametrize(
    "text, stated",
    [
        ("What is the 5-year survival rate?", {"5 year"}),
        ("Who was still alive after five years?", {"5 year"}),
        ("the 3-year overall survival rate was 71%", {"3 year"}),
        ("Can PET-CT find metastases smaller than 5 millimeters?", {"5 mm"}),
        ("a median of 8.9 months", {"8.9 month"}),
        ("in stage IV pancreatic cancer", {"stage 4"}),
        ("adjuvant therapy for Stage III colon cancer", {"stage 3"}),
        # names and ranges are not measures
        ("IL-10, CD36 and B7-H3 in 2020", set()),
        ("within 2-3 days", set()),
        ("Will we one day be able to stop metastasis?", set()),
        ("What happens in stage 2 of the cascade?", set()),
    ],
)
def test_measures_are_read_in_one_spelling(text, stated):
    assert measures(text) == stated


def test_the_rows_of_a_table_answer_how_many_but_not_which_year():
    rows = "Target: PD-1; Phase I: CS1003; On the market: Nivolumab. Target: PD-1; On the market: Dostarlimab."
    assert not states_asked_quantity("How many PD-1 inhibitors are marketed?", rows)
    assert states_asked_quantity("How many PD-1 inhibitors are marketed?", rows, rows=True)
    assert not states_asked_quantity("In what year was nivolumab approved?", rows, rows=True)


@pytest.mark.parametrize(
    "question", ["According to the abstract, what drives metastasis?", "Which lncRNAs in Table 1 act in colon cancer?"]
)
def test_sentences_of_the_part_a_question_names_are_preferred(hashing_engine, question):
    query, plain, scored = _scores_with_and_without(hashing_engine, question, "named_part_bonus", 0.2)
    named = {i for chunk in query.named for i in hashing_engine.index.chunk_sentence_ids[chunk]}
    assert named and named & set(plain)  # the part is named and among the candidates
    assert {i for i in plain if scored[i] != plain[i]} == named & set(plain)
    assert all(scored[i] - plain[i] == pytest.approx(0.2) for i in named & set(plain))


@pytest.mark.parametrize(
    "sentence, leans_back",
    [
        ("These cells secrete IL-10.", True),
        ("It binds PD-L1.", True),
        ("Blocking one of these steps may block the formation of metastases.", True),
        ("Therefore, antagonizing those cytokines can inhibit metastasis.", True),
        ("Tregs secrete IL-10, and these cytokines suppress T cells.", False),  # the antecedent is in the sentence
        ("Metastasis is a complex process.", False),
    ],
)
def test_a_sentence_that_points_back_early_needs_the_one_before(sentence, leans_back):
    assert bool(_OPENS_WITH_REFERENCE.match(sentence)) is leans_back


def test_a_followup_naming_a_part_of_the_review_replaces_the_part_its_context_named(hashing_engine):
    retriever, chunks = hashing_engine.retriever, hashing_engine.index.chunks
    context = "According to Table 1, which lncRNAs promote metastasis in colorectal cancer?"

    def tables(own: str) -> set[str]:
        named = retriever.query(f"{own} ({context})", own_words=own).named
        return {chunks[i].heading.split(":")[0] for i in named}

    assert tables("And in Table 2?") == {"Table 2"}
    assert tables("How?") == {"Table 1"}  # an elliptical follow-up keeps its context's part
    # and the search ranks the part the follow-up names first, not its context's
    query = retriever.query(f"And in Table 2? ({context})", own_words="And in Table 2?")
    first = retriever.search(query, 3)
    assert {chunks[h.chunk_index].heading.split(":")[0] for h in first} == {"Table 2"}


def test_a_vector_close_to_every_probe_is_a_hub_and_its_own_sentences_do_not_count():
    from qa_service.retrieve import hubness

    probes = np.eye(4, dtype=np.float32)
    overview = np.full(4, 0.5, dtype=np.float32)  # as near to every probe as anything can be
    specific = probes[0]
    scores = hubness(np.stack([overview, specific]), probes, own=[[], [0]])
    assert scores[0] > scores[1]
    # Had its own sentence counted, the specific vector would look like a hub (similarity 1 to it).
    assert hubness(np.stack([specific]), probes, own=[[]])[0] > scores[1]


def test_the_dense_ranking_demotes_hubs(hashing_engine, monkeypatch):
    """Of two chunks about as close to a question, the one close to everything ranks second."""
    from qa_service import retrieve

    retriever = hashing_engine.retriever
    order = np.argsort(-retriever._chunk_hubness)
    hub, plain = (retriever._chunk_matrix[int(i)] for i in (order[0], order[-1]))
    allowance = retrieve.HUB_WEIGHT * float(retriever._chunk_hubness[order[0]] - retriever._chunk_hubness[order[-1]])
    # A question a little closer to the hub than to the other, by less than the hub's handicap.
    vector = next(
        v
        for t in np.linspace(0, 1, 201)
        for v in [(hub + plain + t * (hub - plain)) / np.linalg.norm(hub + plain + t * (hub - plain))]
        if 0 < float(v @ (hub - plain)) < allowance
    ).astype(np.float32)
    query = replace(retriever.query("What do regulatory T cells secrete?"), vector=vector)

    def ranks() -> tuple[int, int]:
        hits = retriever.search(query, len(hashing_engine.index.chunks), fusion=Fusion.DENSE)
        rank = {h.chunk_index: h.dense_rank for h in hits}
        return rank[int(order[0])], rank[int(order[-1])]

    hub_rank, plain_rank = ranks()
    assert plain_rank < hub_rank
    monkeypatch.setattr(retrieve, "HUB_WEIGHT", 0.0)
    hub_rank, plain_rank = ranks()
    assert hub_rank < plain_rank
