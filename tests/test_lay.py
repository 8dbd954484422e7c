"""Everyday phrasings matched to the review's terms (no model, no index)."""

from qa_service.lay import LayVocabulary
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
    # "chemo" inside "chemokines", "fat" inside "fate": no match.
    assert LayVocabulary(KNOWN).found("Do chemokines decide the cells' fate?") == []


def test_a_question_already_using_the_term_gets_nothing_more():
    assert LayVocabulary(KNOWN).found("Does chemo differ from chemotherapy?") == []


def test_terms_the_review_never_uses_are_not_added():
    # "radiotherapy" is not among the known terms: "radiation" brings nothing.
    assert LayVocabulary(KNOWN).found("Does radiation help?") == []
    assert LayVocabulary(KNOWN | {"radiotherapi"}).found("Does radiation help?") == [("radiation", "radiotherapy")]


def test_a_single_everyday_word_the_review_uses_itself_is_left_alone():
    # The review says "high-fat diet": "fatty" matches its words as they are, "lipid" would pull
    # in every lipid-metabolism sentence instead.
    known = KNOWN | set(terms("lipid fat fatty"))
    assert LayVocabulary(known).found("Could fatty food make it spread?") == []
    assert LayVocabulary(known - set(terms("fatty"))).found("Could fatty food make it spread?") == [("fatty", "lipid")]
