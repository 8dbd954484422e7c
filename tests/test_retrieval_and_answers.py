"""Retrieval, answer composition, abstention and follow-ups with the real model (marked `model`)."""

import os
import re
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from qa_service.answer import ABSTAIN_MESSAGE, cited_numbers
from qa_service.chat import Turn, resolve
from qa_service.retrieve import Fusion

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    "question, section",
    [
        ("What do regulatory T cells secrete?", "2.2.1"),
        ("What do TECs do in metastasis?", "2.2.4"),
        ("How are neutrophil extracellular traps involved in metastasis?", "2.2.8"),
        ("Which drugs inhibit the VEGF receptor to block angiogenesis?", "3.2.3"),
        ("What is the role of autophagy in metastasis?", "2.3"),
    ],
)
def test_hybrid_retrieval_finds_the_section(engine, question, section):
    hits = engine.retriever.search(engine.retriever.query(question), 5)
    assert section in [h.chunk.section for h in hits]


def test_a_sentence_that_abbreviates_answers_a_question_that_spells_out(engine):
    # "… while the recruitment of TAMs requires the participation of CCL2": the model reads the
    # sentence as written far from the question (0.33); spelled out, it is close (0.66).
    answer = engine.ask("Which chemokines are needed to recruit tumor-associated macrophages?")
    assert "CCL2" in answer.answer


def test_abbreviation_expansion_both_ways(engine):
    assert "tumor-associated macrophages" in engine.retriever.query("What do TAMs secrete?").expansions
    assert "TAMs" in engine.retriever.query("What do tumor-associated macrophages secrete?").expansions


@pytest.mark.parametrize(
    "question, wanted",
    [
        # Everyday words the review never uses for what it calls angiogenesis and immune escape.
        ("Which signal is the strongest driver of blood vessel growth in tumors?", "VEGF is the most effective"),
        ("Which molecules on cancer cells let them hide from the immune system after EMT?", "PD-L1"),
        ("Why do tumours of the gullet stop responding to immune drugs?", "esophageal cancer"),
    ],
)
def test_everyday_words_find_the_reviews_terms(engine, question, wanted):
    answer = engine.ask(question)
    assert not answer.abstained and wanted in answer.answer


def test_abbreviation_and_long_form_count_as_one_concept(engine):
    """A sentence that says "ECM" matches a question about the ECM exactly as well as one that
    says "extracellular matrix", however the question names it."""
    composer = engine.composer
    texts = [s.text for s in engine.index.sentences]

    def first(test) -> int:
        return next(i for i, text in enumerate(texts) if test(text) and "matter" not in text.lower())

    short = first(lambda t: "ECM" in t and "extracellular matrix" not in t.lower())
    long = first(lambda t: "extracellular matrix" in t.lower() and "ECM" not in t)
    for phrasing in ("Why does the ECM matter?", "Why does the extracellular matrix matter?"):
        weights = composer._weights(engine.retriever.query(phrasing), "")
        assert composer._coverage(short, weights) == pytest.approx(composer._coverage(long, weights))


def test_words_only_the_cited_titles_hold_count_a_little(engine):
    """ "awaken" is not in the sentence on how NETs wake dormant cells, but in the title it cites."""
    composer = engine.composer
    laminin = next(i for i, s in enumerate(engine.index.sentences) if "sequentially cleave laminin" in s.text)
    weights = composer._weights(engine.retriever.query("What awakens dormant cancer cells?"), "")
    with_titles = composer._coverage(laminin, weights)
    settings = composer.settings
    composer.settings = replace(settings, title_term_weight=0.0)
    try:
        alone = composer._coverage(laminin, weights)
    finally:
        composer.settings = settings
    assert alone < with_titles < 1.0


@pytest.mark.parametrize(
    ("question", "section", "heading"),
    [
        ("According to the abstract, what is metastasis responsible for?", "abstract", ""),
        ("What do the conclusions say about tumor immunotherapy?", "4", ""),
        ("Which agents in Table 2 target LAG-3?", "3.3.2", "Table 2"),
    ],
)
def test_a_part_the_question_names_is_searched_first(engine, question, section, heading):
    hits = engine.retriever.search(engine.retriever.query(question), 3)
    assert all(h.chunk.section == section and h.chunk.heading.startswith(heading) for h in hits)


def test_table_rows_do_not_crowd_out_the_prose(engine):
    from qa_service.retrieve import ROWS_PER_TABLE

    hits = engine.retriever.search(engine.retriever.query("Which long non-coding RNAs drive metastasis?"), 6)
    rows = [h for h in hits if h.chunk.heading.startswith("Table 1")]
    assert len(rows) <= ROWS_PER_TABLE and len(hits) == 6


def test_a_row_sharing_no_word_with_the_question_is_not_an_answer(engine):
    """Every row of Table 2 sits under a caption about checkpoint inhibitors; a question about
    them in general gets prose, while a question naming the table gets its rows."""
    general = engine.ask("Why are checkpoint inhibitors exciting?")
    assert not general.abstained and "Target:" not in general.answer
    listed = engine.ask("Which drugs are listed in Table 2?")
    assert listed.answer.count("Target:") >= 3


def test_rows_of_a_table_are_never_redundant(engine):
    """Rows share their column names, so their embeddings are alike; each still holds its own drug."""
    composer = engine.composer
    rows = sorted(composer._table_rows[next(t for t in composer._table_rows if t.startswith("Table 2"))])
    vectors = engine.index.sentence_vectors
    threshold = composer.settings.redundancy
    alike = [(a, b) for a in rows for b in rows if a < b and float(vectors[a] @ vectors[b]) > threshold]
    assert alike and not any(composer._redundant(a, b) for a, b in alike)
    answer = engine.ask("Which PD-1 inhibitors have reached the market?").answer
    assert all(drug in answer for drug in ("Nivolumab", "Pembrolizumab", "Dostarlimab", "Toripalimab"))


def test_only_a_named_part_narrows_the_search(engine):
    assert engine.retriever.named_part("How did the introduction of ICIs change treatment?") == []
    assert engine.retriever.named_part("What is metastasis?") == []


def test_misspelling_is_corrected(engine):
    assert "extracellular" in engine.retriever.correct_spelling("neutrophill extracelular traps")
    assert engine.retriever.correct_spelling("Where do tumour cells go?") == "Where do tumor cells go?"


@pytest.mark.parametrize(
    "question",
    ["What decides each stage of the spread?", "Does regular exercise help?", "Do teams of cells migrate?"],
)
def test_an_english_word_is_not_respelled_into_a_review_word(engine, question):
    # decides/decades, regular/regulator, teams/TAMs, where/were: close in letters, not typos.
    assert engine.retriever.correct_spelling(question) == question


@pytest.mark.parametrize(
    "question, expected",
    [
        ("Which inhibitory cytokines do Tregs secrete?", ["IL-10", "IL-35"]),
        ("What percentage of cancer deaths does metastasis account for?", ["90%"]),
        ("Who proposed the EMT concept and when?", ["1982"]),
        # a table's note states a fact; only its abbreviation list is not an answer
        ("Where does the information on the drugs in Table 2 come from?", ["ClinicalTrials.gov"]),
    ],
)
def test_answers_contain_the_facts(engine, question, expected):
    answer = engine.ask(question)
    assert not answer.abstained
    for fact in expected:
        assert fact in answer.answer


def test_every_marker_has_a_citation_and_back(engine):
    for question in (
        "How do TAMs promote metastasis?",
        "Which PD-1 inhibitors are on the market?",
        "What is anoikis resistance?",
    ):
        answer = engine.ask(question)
        numbers = cited_numbers(answer.answer)
        assert numbers and sorted(set(numbers)) == [c.n for c in answer.citations]
        for citation in answer.citations:
            assert citation.quote and all(q in citation.text for q in re.split(r"(?<=\.) ", citation.quote))
            assert all(r.text for r in citation.references)


def test_answer_is_copied_from_the_review(engine, review):
    corpus_sentences = {s.text for p in review.passages for s in p.sentences}
    answer = engine.ask("How do cancer-associated fibroblasts promote metastasis?")
    for sentence in re.split(r" \[\d+\] ?", answer.answer):
        if sentence:
            assert sentence in corpus_sentences


def test_citation_references_come_from_the_bibliography(engine, review):
    answer = engine.ask("What do regulatory T cells secrete?")
    numbers = {r.number for c in answer.citations for r in c.references}
    assert numbers and all(review.references[n] for n in numbers)


@pytest.mark.parametrize(
    "question",
    [
        "How do I bake sourdough bread?",
        "Who won the football world cup in 2014?",
        "What is the capital of Peru?",
        "How do I configure a Kubernetes ingress?",
    ],
)
def test_off_topic_questions_abstain(engine, question):
    answer = engine.ask(question)
    assert answer.abstained and answer.answer == ABSTAIN_MESSAGE and answer.citations == []


@pytest.mark.parametrize(
    "question",
    ["In what year was pembrolizumab first approved?", "What is the recommended dose of atezolizumab?"],
)
def test_a_quantity_the_review_never_states_is_not_answered_with_other_sentences(engine, question):
    # The review names both drugs and their approvals, but gives no year and no dose.
    assert engine.ask(question).abstained


def test_a_measure_the_review_never_states_is_not_answered_with_another(engine):
    # The review gives 3-year survival rates, never 5-year ones, and no tumor sizes.
    for question in (
        "What is the five-year survival rate for metastatic pancreatic cancer?",
        "Can a scan find metastases smaller than 5 mm?",
    ):
        assert engine.ask(question).abstained, question
    stated = "What was the 3-year overall survival with dabrafenib plus trametinib?"
    assert engine.composer.unstated_measures(stated) == []
    assert not engine.ask(stated).abstained


@pytest.mark.parametrize(
    "question, quantity",
    [
        ("In what year was the epithelial-mesenchymal transition first proposed?", "1982"),
        ("How many new cancer cases were there worldwide in 2020?", "18.1 million"),
    ],
)
def test_a_quantity_the_review_states_is_answered(engine, question, quantity):
    answer = engine.ask(question)
    assert not answer.abstained and quantity in answer.answer


def test_a_followups_pronoun_keeps_the_answer_on_what_the_earlier_question_named(engine):
    # "tested in patients" reaches every trial in the review; "it" is ADH-1, and only ADH-1's do.
    first = "What is ADH-1?"
    history = [Turn("user", first), Turn("assistant", engine.ask(first).answer)]
    answer = engine.ask("Has it been tested in patients yet?", history)
    assert not answer.abstained and answer.citations
    assert all("ADH-1" in citation.quote for citation in answer.citations)


def test_a_what_about_followup_asks_for_the_quantity_its_question_asked(engine):
    first = "In what year was the epithelial-mesenchymal transition first proposed?"
    history = [Turn("user", first), Turn("assistant", "…")]
    assert engine.ask("What about TAMs?", history).abstained  # the review gives no year for TAMs
    answer = engine.ask("What about neutrophil extracellular traps?", history)
    assert not answer.abstained and "2004" in answer.answer


@pytest.mark.parametrize(
    "first, followup",
    [
        ("What does Figure 3 show in panel A?", "And in panel B?"),
        ("What does panel A of Figure 1 show?", "And panel B?"),
    ],
)
def test_a_short_followup_in_words_the_review_never_uses_is_answered_from_its_context(engine, first, followup):
    # "panel" is not a word of the review; most of the follow-up's own words are new to it.
    history = [Turn("user", first), Turn("assistant", engine.ask(first).answer)]
    assert not engine.ask(followup, history).abstained


def test_a_new_topic_after_a_conversation_is_answered_as_if_asked_first(engine):
    history = []
    for earlier in ["What do regulatory T cells secrete?", "Which cells do they suppress?"]:
        history += [Turn("user", earlier), Turn("assistant", engine.ask(earlier, history).answer)]
    answer = engine.ask("What is autophagy?", history)
    assert answer.query == "What is autophagy?"
    assert answer.answer == engine.ask("What is autophagy?").answer
    assert "lysosome-dependent" in answer.answer


def test_followup_uses_history(engine):
    history = [Turn("user", "What do regulatory T cells secrete?"), Turn("assistant", "…")]
    answer = engine.ask("Which cells do they suppress?", history)
    assert "regulatory T cells" in answer.query
    assert not answer.abstained and "NK cells" in answer.answer


def test_what_about_followup_substitutes_the_subject(engine):
    resolved = resolve(
        "What about TAMs?", [Turn("user", "Which chemokines are needed to recruit Tregs?")], engine.index.abbreviations
    )
    assert resolved.query == "Which chemokines are needed to recruit TAMs?"
    # The subject asked about before may be a long form typed without its hyphen.
    before = [Turn("user", "Which chemokines are needed to recruit tumor associated macrophages?")]
    resolved = resolve("What about Tregs?", before, engine.index.abbreviations)
    assert resolved.query == "Which chemokines are needed to recruit Tregs?"


def test_it_after_a_which_question_means_the_thing_the_reply_named(engine):
    history = [
        Turn("user", "Which protein inhibits autophagy in nasopharyngeal carcinoma?"),
        Turn("assistant", "Annexin A1 (ANXA1) inhibits autophagy, promotes EMT in Phase III. [1]\n\nSources:\n[1] 2.3"),
    ]
    abbreviations = engine.index.abbreviations
    # The named thing, not a piece of its long name, nor another code, nor a phase.
    assert resolve("Which pathway does it activate?", history, abbreviations).query == (
        "Which pathway does it activate? (Which protein inhibits autophagy in nasopharyngeal carcinoma? ANXA1)"
    )
    reply = [history[0], Turn("assistant", "CCL5 recruits myeloid-derived suppressor cells (MDSCs). [1]")]
    assert resolve("How does it do that?", reply, abbreviations).query.endswith("carcinoma? CCL5)")
    # A question about a role is not answered by a name: "it" is the question's own subject.
    role = [Turn("user", "What role does TGF-β play in EMT?"), Turn("assistant", "TGF-β activates SMAD4. [1]")]
    assert "SMAD4" not in resolve("Which cells secrete it?", role, abbreviations).query
    # "they" may as well mean the question's own subject; without the reply there is nothing to add.
    assert "ANXA1" not in resolve("Which pathway do they activate?", history, abbreviations).query
    assert "ANXA1" not in resolve("Which pathway does it activate?", history[:1], abbreviations).query


def test_a_history_without_the_engines_replies_is_answered_as_if_they_were_there(engine):
    # A client may send only the user's side, or replies of its own; the engine then gives the
    # earlier question its own reply too.
    first = "What is H19's role in bladder cancer?"
    reply = engine.ask(first).answer
    with_reply = engine.ask("And in prostate cancer?", [Turn("user", first), Turn("assistant", reply)])
    user_only = engine.ask("And in prostate cancer?", [Turn("user", first)])
    assert user_only.answer == with_reply.answer
    edited = engine.ask("And in prostate cancer?", [Turn("user", first), Turn("assistant", "It binds EZH2.")])
    assert edited.answer == with_reply.answer
    # So the follow-up does not open with what the first answer already said about bladder cancer.
    opening = re.split(r" \[\d+\]", reply)[0]
    assert opening not in user_only.answer and "prostate cancer" in user_only.answer


def test_standalone_question_ignores_history(engine):
    history = [Turn("user", "What are NETs?")]
    assert engine.ask("What is the role of lipid metabolism in metastasis?", history).query == (
        "What is the role of lipid metabolism in metastasis?"
    )


@pytest.mark.parametrize("fusion", list(Fusion))
def test_every_fusion_answers(engine, fusion):
    assert not engine.ask("What are cancer-associated fibroblasts?", fusion=fusion).abstained


@pytest.mark.parametrize(
    "question",
    [
        "Can CAR-T cell therapy stop metastasis?",
        "What did the CheckMate-067 trial find?",
        "How common is metastatic cancer in Norway?",
        "Is heparanase a driver of metastasis?",
        "What does romiplostim do in metastatic cancer?",
    ],
)
def test_questions_naming_what_the_review_never_names_abstain(engine, question):
    assert engine.ask(question).abstained
    assert engine.composer.unknown_names(question) or engine.composer.unknown_words(question)


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("Does Keytruda help patients with metastatic melanoma?", "pembrolizumab"),
        ("Is doxorubicin a first-line chemotherapy drug?", "Adriamycin"),
    ],
)
def test_a_drug_named_by_another_name_the_vocabulary_knows_is_answered(engine, question, wanted):
    answer = engine.ask(question)
    assert not answer.abstained and wanted.lower() in answer.answer.lower()
    # … and one it does not know is still a name the review never uses.
    assert engine.ask(question.replace(question.split()[1], "Herceptin")).abstained


def test_a_sentence_is_read_in_its_paragraph_as_well_as_its_chunk(engine):
    # The sentence saying what M2 macrophages do sits in a paragraph on M1 and M2 macrophages; with
    # its chunk's closeness alone as context it lost to the sentence listing their markers.
    answer = engine.ask("What do M2 macrophages do?")
    assert not answer.abstained and "M2 macrophages tend to exert immune suppressive effects" in answer.answer


@pytest.mark.parametrize(
    ("question", "foremost"),
    [
        ("Which is the main cell group that inactivates effector T cells?", "The CD4+ Treg cell population"),
        (
            "Which cells are the main source of factors and enzymes in the tumor microenvironment?",
            "CAFs are the primary source",
        ),
    ],
)
def test_a_question_for_the_foremost_one_is_answered_by_the_sentence_ranking_it_first(engine, question, foremost):
    # Without the cue both led with a sentence on the same topic that ranks nothing first.
    answer = engine.ask(question)
    assert not answer.abstained and answer.answer.startswith(foremost)


def test_a_question_asking_which_drugs_is_answered_with_named_drugs(engine):
    # Without the preference it was answered with "drugs targeting … angiogenesis have been
    # approved" and two other sentences that name no drug.
    answer = engine.ask("Which treatments target angiogenesis?")
    assert not answer.abstained and "pazopanib" in answer.answer and "bevacizumab" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "What mechanisms drive the metastasis cascade?",
        "Which therapies target angiogenesis?",
        "What cellular components of the TME matter in metastasis?",
    ],
)
def test_the_authors_signposts_do_not_answer_questions_on_the_subject(engine, question):
    # "Here, we will describe in detail …", "… so we will not describe them in detail."
    answer = engine.ask(question)
    assert not answer.abstained
    assert "Here, we" not in answer.answer and "we will not describe" not in answer.answer
    # … nor do the figures' titles ("Overview of the metastatic cascade.").
    assert "Overview of the metastatic cascade." not in answer.answer
    assert "TME involved in the processes" not in answer.answer


def test_a_question_about_the_review_itself_is_answered_by_its_signposts(engine):
    answer = engine.ask("What does this review summarize?")
    assert not answer.abstained and "we summarized" in answer.answer
    answer = engine.ask("What does Figure 1 show?")
    assert not answer.abstained and "Overview of the metastatic cascade." in answer.answer


def test_the_back_matter_answers_only_questions_on_how_the_review_was_made(engine):
    for question in ["How does sunitinib work?", "What does the review conclude?"]:
        answer = engine.ask(question).answer
        assert "This work was supported" not in answer and "data curation" not in answer, question
    assert "National Natural Science Foundation" in engine.ask("Who funded this review?").answer
    assert "data curation" in engine.ask("What are the authors' contributions?").answer


def test_asking_what_the_review_concludes_searches_its_conclusions(engine):
    conclusions = {i for i, c in enumerate(engine.index.chunks) if c.section == "4"}
    for question in ["What does the review conclude?", "What do the authors conclude about immunotherapy?"]:
        assert set(engine.retriever.named_part(question)) == conclusions, question
    answer = engine.ask("What does the review conclude?")
    assert any(citation.section.startswith("4 Conclusions") for citation in answer.citations)


@pytest.mark.parametrize(
    "question",
    ["Which cancers is pembrolizumab (Keytruda) approved for?", "Is Keytruda (pembrolizumab) approved for melanoma?"],
)
def test_a_drug_glossed_with_its_brand_name_is_answered(engine, question):
    answer = engine.ask(question)
    assert not answer.abstained and "pembrolizumab" in answer.answer.lower()


@pytest.mark.parametrize(
    "question",
    [
        "Which immunotherapeutic drugs target TAMs?",  # built from the review's "immunotherapy"
        "whcih cytokines do Tregs secrete?",  # a typo of an English word
        "Which microRNA does H19 encode?",  # only the bibliography says "microRNAs"
        "what do the abbrevs TIM-3 and LAG-3 stand for",  # "abbreviations" cut short
    ],
)
def test_words_near_the_reviews_own_are_not_unknown(engine, question):
    assert engine.composer.unknown_words(question) == []
    assert not engine.ask(question).abstained


def test_an_acronym_the_review_spells_out_is_not_unknown(engine):
    # The review writes "lactate dehydrogenase", never "LDH"; "microRNA" is vocabulary, not a name.
    assert engine.composer.unknown_names("Did survival differ with normal LDH?") == []
    assert engine.composer.unknown_names("Which microRNA does H19 encode?") == []
    assert engine.composer.unknown_names("Is CAR-T used in Japan?") == ["CAR-T", "Japan"]


def test_a_code_typed_in_lower_case_is_a_name(engine):
    """Chat users type "car-t", "brca1", "pd-l1": unknown ones are abstained on, known ones are not."""
    assert engine.composer.unknown_names("can car-t cells stop metastasis") == ["CAR-T"]
    assert engine.composer.unknown_names("is brca1 linked to metastasis") == ["BRCA1"]
    assert engine.ask("can car-t cells stop metastasis").abstained
    for known in ("what does pd-l1 do in tumors", "il-6 and tregs", "what are cd8 t cells", "what do t-cells do"):
        assert engine.composer.unknown_names(known) == []
    # English compounds and Roman numerals are not codes
    for plain in ("is add-on therapy used in stage-iv disease", "what happens in the run-in period", "pre-op imaging"):
        assert engine.composer.unknown_names(plain) == []
    assert not engine.ask("what does pd-l1 do in tumors").abstained


def test_a_known_name_joined_to_a_plain_word_is_not_unknown(engine):
    question = "How do NID1-carrying vesicles from liver cancer cells prepare the lung?"
    assert engine.composer.unknown_names(question) == []
    assert not engine.ask(question).abstained
    assert engine.composer.unknown_names("What did KEYNOTE-189 show?") == ["KEYNOTE-189"]
    # Digits and Greek letters are part of a name: "IL-37" and "IFN-λ" are not the review's.
    assert engine.composer.unknown_names("Does IL-37 or IFN-λ matter?") == ["IL-37", "IFN-λ"]


@pytest.mark.parametrize(
    "question, definition",
    [
        ("What does KDM6A stand for?", "lysine (K)-specific demethylase 6A (KDM6A)"),
        ("what is MLCK short for", "myosin light chain kinase (MLCK)"),
        ("What does the abbreviation CCAT2 mean?", "colon cancer-associated transcript 2 (CCAT2)"),
    ],
)
def test_asking_what_an_abbreviation_stands_for_gets_the_sentence_defining_it_first(engine, question, definition):
    answer = engine.ask(question)
    assert not answer.abstained
    assert definition in answer.answer.split(" [1]")[0]


def test_only_questions_about_an_abbreviation_look_up_its_definition(engine):
    assert engine.retriever.defining_sentences("What does SRC stand for?")
    assert engine.retriever.defining_sentences("what does src stand for")
    assert not engine.retriever.defining_sentences("By what means does SRC promote EMT?")
    assert not engine.retriever.defining_sentences("What do high SRC levels mean for patients?")
    assert not engine.retriever.defining_sentences("What was the mean age of the NSCLC patients?")
    assert engine.ask("What does XQZ9 stand for?").abstained  # the review never defines it


def test_a_followup_does_not_inherit_the_definition_lookup(engine):
    history = [Turn("user", "What does EMT stand for?"), Turn("assistant", "…")]
    answer = engine.ask("Is it approved in Japan?", history)
    assert answer.abstained  # "Japan" is still a name the review never uses


def test_questions_are_embedded_by_the_exported_encoder_with_the_models_vectors(engine):
    from qa_service.embed import OnnxQueryEmbedder, load_embedder

    assert isinstance(engine.embedder, OnnxQueryEmbedder)
    questions = ["What are TAMs?", "Which cytokines do regulatory T cells secrete?", "metastasis " * 300]
    model_vectors = load_embedder(engine.settings.model).embed(questions)
    assert np.abs(engine.embedder.embed(questions) - model_vectors).max() < 1e-5


def test_answering_never_imports_torch(engine):
    probe = (
        "import sys; from qa_service import QAEngine; "
        "assert QAEngine.load(rebuild=False).ask('What are TAMs?').citations; "
        "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))"
    )
    env = os.environ | {"QA_SERVICE_INDEX_DIR": str(engine.settings.index_dir)}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
