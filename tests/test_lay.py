"""Everyday phrasings matched to the review's terms (no model, no index)."""

from qa_service.lay import LayVocabulary, anchors
from qa_service.text import terms

KNOWN = set(terms("circulation intravasation angiogenesis chemotherapy esophageal immune escape"))


def test_an_everyday_phrasing_brings_the_reviews_term():
    found = LayVocabulary(KNOWN).found("How do cancer cells get into the Bloodstream?")
    assert found == [("bloodstream", "circulation"), ("get into the bloodstream", "intravasation")]
    assert LayVocabulary(KNOWN).found("Is chemo given before the food pipe is removed?") == [
        ("chemo", "chemotherapy"),
        ("food pipe", "esophageal"),
    ]


def test_words_inside_other_words_are_not_phrasings():
    assert LayVocabulary(KNOWN).found("Do chemokines decide the cells' fate?") == []  # "chemo" in "chemokines"


def test_a_question_already_using_the_term_gets_nothing_more():
    assert LayVocabulary(KNOWN).found("Does chemo differ from chemotherapy?") == []


def test_terms_the_review_never_uses_are_not_added():
    # "radiotherapy" is not among the known terms: "radiation" brings nothing.
    assert LayVocabulary(KNOWN).found("Does radiation help?") == []
    assert LayVocabulary(KNOWN | {"radiotherapi"}).found("Does radiation help?") == [("radiation", "radiotherapy")]


def test_a_single_everyday_word_the_review_uses_itself_is_left_alone():
    # Were "chemo" a word of the review, the question's word would find it as written.
    assert LayVocabulary(KNOWN | set(terms("chemo"))).found("Is chemo given first?") == []
    assert LayVocabulary(KNOWN).found("Is chemo given first?") == [("chemo", "chemotherapy")]
    # A phrase is expanded even when the review uses each of its words.
    known = KNOWN | set(terms("get into blood"))
    assert LayVocabulary(known).found("How do they get into the blood?") == [("get into the blood", "intravasation")]


def test_brand_names_and_everyday_verbs_bring_the_reviews_terms():
    known = set(terms("pembrolizumab degrade extracellular matrix drugs"))
    found = LayVocabulary(known).found("Which medicines, like Keytruda, stop tumours that break down the scaffolding?")
    assert ("keytruda", "pembrolizumab") in found
    assert ("break down", "degrade") in found
    assert ("scaffolding", "extracellular matrix") in found
    assert ("medicines", "drugs") in found


def test_a_phrasing_glossing_its_term_is_recognized_but_adds_nothing():
    vocabulary = LayVocabulary(set(terms("pembrolizumab glycolysis")))
    question = "Which cancers is pembrolizumab (Keytruda) approved for?"
    phrasings = vocabulary.phrasings(question)
    assert vocabulary.found(question, phrasings) == []
    assert vocabulary.glossed(question, phrasings) == ["keytruda"]
    # Named beside the term but not as its gloss, the phrase is no gloss.
    question = "Who described the Warburg effect, and why do tumors use glycolysis?"
    assert vocabulary.glossed(question, vocabulary.phrasings(question)) == []


def test_a_name_holding_a_phrasing_is_not_that_phrasing():
    known = set(terms("apoptosis insidious"))
    assert LayVocabulary(known).found("How does programmed cell death work?") == [
        ("programmed cell death", "apoptosis")
    ]
    assert LayVocabulary(known).found("What does programmed death ligand 1 do?") == []  # PD-L1
    assert LayVocabulary(known).found("Is programmed cell death protein 1 a target?") == []  # PD-1
    assert LayVocabulary(known).found("Does it grow with no warning signs?") == [("no warning signs", "insidious")]
    assert LayVocabulary(known).found("Were there no signs of cancer after surgery?") == []


def test_every_entry_compiles_and_none_matches_nothing():
    from qa_service.lay import LAY_TERMS

    vocabulary = LayVocabulary({t for _, term in LAY_TERMS for t in terms(term)})
    assert len(vocabulary.entries) == len(LAY_TERMS)
    assert not [e.term for e in vocabulary.entries if e.pattern.fullmatch("")]


def test_anchors_are_in_every_match(review):
    """The substring test that skips entries never skips one that matches."""
    from qa_service.lay import LAY_TERMS

    assert anchors("(?:break|breaks|broke) down") == (" down",)
    assert anchors("blood[- ]?streams?|blood supply") == (" supply", "stream")
    vocabulary = LayVocabulary({t for _, term in LAY_TERMS for t in terms(term)})
    assert all(entry.anchors for entry in vocabulary.entries)
    texts = [s.text.lower() for p in review.passages for s in p.sentences] + [
        "how do tumour cells get into the blood stream and break through the wall?",
        "does keytruda or chemo after the operation help once it has spread to the lymph glands?",
    ]
    for entry in vocabulary.entries:
        for text in texts:
            if entry.pattern.search(text):
                assert any(anchor in text for anchor in entry.anchors), (entry.pattern.pattern, text)


def test_phrases_are_taken_out_as_whole_words():
    from qa_service.lay import without_phrases

    assert without_phrases("What restricts cells at rest?", ["at rest"]) == "What restricts cells  ?"
    assert without_phrases("Is the cancer spreading?", ["cancer spread"]) == "Is the cancer spreading?"
    assert without_phrases("The tumour’s surroundings", ["tumour's surroundings"]) == "The  "


def test_a_thing_described_by_what_it_does_brings_its_term():
    from qa_service.lay import described

    known = set(terms("macrophages neutrophils lymphatic endothelial cells E-cadherin"))
    vocabulary = LayVocabulary(known)

    def found_terms(question: str) -> list[str]:
        return [term for _, term in vocabulary.found(question)]

    assert "macrophages" in found_terms("What do the germ-swallowing white blood cells do in a tumor?")
    assert "macrophages" in found_terms("Which immune cells, in the end, gobble up the dead cells?")
    assert "neutrophils" in found_terms("Are the immune cells that kill bacteria on the tumor's side?")
    assert "lymphatic endothelial cells" in found_terms("What do the cells that line the lymph vessels do?")
    assert "E-cadherin" in found_terms("Which proteins glue cells together?")
    # Either word alone, or the two too far apart, describe nothing.
    assert found_terms("Do cancer cells eat sugar?") == []
    assert found_terms("Do tumours swallow up much of the body's sugar supply before any immune cells arrive?") == []
    pattern = described(r"swallow|engulf", r"cells?", within=2)
    assert anchors(pattern) == ("engulf", "swallow")


def test_a_phrasing_written_with_hyphens_is_the_same_phrasing():
    from qa_service.lay import hyphens_too

    known = set(terms("platelets circulation"))
    assert LayVocabulary(known).found("What do the tiny blood-clotting cells do?") == [
        ("blood-clotting cells", "platelets")
    ]
    assert LayVocabulary(known).found("Do they get into the blood-stream?") == [("blood-stream", "circulation")]
    # Spaces inside a character class stay as written, and an escaped bracket opens none.
    assert hyphens_too(r"self[- ]eating cells?") == r"self[- ]eating[ -]cells?"
    assert hyphens_too(r"\[a b") == r"\[a[ -]b"
