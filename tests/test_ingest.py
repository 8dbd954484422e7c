"""Ingestion of the review as it is: structure, citations, tables, page breaks, Greek letters."""

import re

import pytest

from qa_service.ingest import PassageKind, parse_citation_numbers, reference_title


def test_title_authors_and_abstract(review):
    assert review.title == "Tumor metastasis: Mechanistic insights and therapeutic interventions"
    assert review.authors == ["Mengmeng Liu", "Jing Yang", "Bushu Xu", "Xing Zhang"]
    abstract = [p for p in review.passages if p.section == "abstract"]
    assert abstract and abstract[0].sentences[0].text.startswith("Cancer metastasis is responsible")


def test_numbered_sections_found_in_order(review):
    numbers = [s.number for s in review.sections if s.number[0].isdigit()]
    assert numbers == [
        "1",
        "2",
        "2.1",
        "2.2",
        "2.2.1",
        "2.2.2",
        "2.2.3",
        "2.2.4",
        "2.2.5",
        "2.2.6",
        "2.2.7",
        "2.2.8",
        "2.3",
        "2.4",
        "2.5",
        "3",
        "3.1",
        "3.2",
        "3.2.1",
        "3.2.2",
        "3.2.3",
        "3.3",
        "3.3.1",
        "3.3.2",
        "3.4",
        "4",
    ]
    assert review.section("2.2.8").title == "Neutrophil extracellular traps (NETs)"


def test_unnumbered_subheadings_under_immune_cells(review):
    headings = [p.heading for p in review.passages if p.section == "2.2.1" and p.heading]
    assert list(dict.fromkeys(headings)) == ["TAMs", "Tregs", "Neutrophils"]
    assert review.section_path("2.2.1", "Tregs") == (
        "2 Components and mechanisms involved in metastasis › 2.2 The most important soil factor: TME"
        " › 2.2.1 Immune cells › Tregs"
    )


def test_references_numbered_to_406(review):
    # The source list runs 1–406 but has no entry 212 (it jumps from 211 to 214, 213).
    assert max(review.references) == 406
    assert set(range(1, 407)) - set(review.references) == {212}
    assert review.references[1].startswith("Siegel RL, Miller KD, Jemal A. Cancer statistics, 2020.")
    assert review.references[406].startswith("Janssen LME")


@pytest.mark.parametrize(
    ("number", "title"),
    [
        (1, "Cancer statistics, 2020"),
        (6, "James Ewing lecture. The process of metastasis"),  # a title of two sentences
        (406, "The immune system in cancer metastasis: friend or foe?"),  # ends with "?", not "."
        (
            332,
            "Galunisertib plus gemcitabine vs. gemcitabine for first-line treatment of patients with"
            " unresectable pancreatic cancer",
        ),
        (4, "The distribution of secondary growths in cancer of the breast"),  # a reprint: "… breast. 1889."
        (
            59,
            "Small cell lung cancer stem cells display mesenchymal properties and exploit immune checkpoint"
            " pathways in activated cytotoxic T lymphocytes",
        ),  # "[published online ahead of print …]"
    ],
)
def test_reference_titles_lie_between_the_authors_and_the_journal(review, number, title):
    assert reference_title(review.references[number]) == title


@pytest.mark.parametrize(
    "marker, numbers",
    [
        ("98–100", (98, 99, 100)),
        ("26,27", (26, 27)),
        ("4–6", (4, 5, 6)),
        ("³¹⁷⁻³²⁰", (317, 318, 319, 320)),
        ("¹", (1,)),
        ("1,2", (1, 2)),
    ],
)
def test_citation_markers_expand(marker, numbers):
    assert parse_citation_numbers(marker) == numbers


def test_no_citation_marker_left_in_text(review):
    for passage in review.passages:
        for sentence in passage.sentences:
            assert "^{" not in sentence.text
            assert not re.search(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]", sentence.text), sentence.text


def _sentence(review, start):
    return next(s for p in review.passages for s in p.sentences if s.text.startswith(start))


def test_citations_kept_per_sentence(review):
    assert _sentence(review, "First, Tregs secrete inhibitory cytokines").references == (98, 99, 100)
    assert _sentence(review, "Stephen Paget and James Ewing proposed").references == (4, 5, 6)
    assert _sentence(review, "According to the Global Cancer Statistics, 2020").references == (1,)


def test_page_break_word_split_is_rejoined(review):
    text = " ".join(p.text for p in review.passages)
    assert "Finally, factors produced by myeloid-derived suppressor cells" in text
    assert "divided into radical surgery, local surgery, and palliative surgery" in text
    assert "pro- duced" not in text and "rad- ical" not in text


def test_sentence_continuing_after_blank_line_and_figure_is_one_sentence(review):
    sentence = _sentence(review, "Cell adhesion molecules, such as E-cadherin, N-cadherin, and β-catenin")
    assert "are closely related to EMT and are regulated by EMT-related transcription factors" in sentence.text


def test_greek_letters_normalized(review):
    text = " ".join(p.text for p in review.passages)
    for fixed in ("TGF-β", "β-catenin", "NF-κB", "TNF-α", "IL-1β", "TGF-β1"):
        assert fixed in text
    assert "TGF- β" not in text and "β -catenin" not in text and "NF- κ B" not in text


def test_licence_footer_is_not_a_passage(review):
    assert not any("Creative Commons" in p.text or "© 2021" in p.text for p in review.passages)


def test_figure_captions_are_passages(review):
    figures = {p.heading: p for p in review.passages if p.kind is PassageKind.FIGURE}
    assert sorted(figures) == ["Figure 1", "Figure 2", "Figure 3"]
    assert figures["Figure 1"].text.startswith("Overview of the metastatic cascade.")
    assert figures["Figure 1"].section == "2.1"


def test_table_rows_carry_columns_and_row_group(review):
    rows = [p for p in review.passages if p.kind is PassageKind.TABLE_ROW]
    table1 = [p for p in rows if p.heading.startswith("Table 1")]
    table2 = [p for p in rows if p.heading.startswith("Table 2")]
    assert len(table1) == 25
    # A blank first cell continues the group above: H19's three cancer types.
    h19 = [p.text for p in table1 if "long non-coding RNA: H19;" in p.text]
    assert len(h19) == 3 and any("Cancer type: Prostate cancer" in t for t in h19)
    assert table1[1].sentences[0].references == (258,)
    # Table 2 continues after a page break with a repeated header, which is not a row.
    assert not any("Target: Target" in p.text for p in table2)
    pd1 = [p.text for p in table2 if p.text.startswith("Target: PD-1;")]
    assert len(pd1) == 10 and "On the market: Pembrolizumab" in pd1[1]
    assert any(
        p.text == "Target: Dual PD-L1/TGF-β; Phase I: Y101D; Phase II: SHR1701; Phase III: M7824." for p in table2
    )


def test_sentence_spans_point_into_the_source(review):
    from tests.conftest import CORPUS

    source = CORPUS.read_text(encoding="utf-8")
    sentence = _sentence(review, "Cancer is one of the main diseases threatening human health.")
    assert source[sentence.start : sentence.end] == sentence.text


def test_et_al_typo_does_not_split_a_sentence(review):
    assert _sentence(review, "Ricardo et. Al. reported that blocking CXCL5/CXCR2 signaling")


def test_a_cited_full_stop_ends_a_sentence_after_a_single_capital(review):
    # "… the down-regulation of TGF β I.²⁵⁸ Similar to H19, …": "I." is not an initial here.
    sentence = _sentence(review, "However, in prostate cancer, the opposite phenomenon")
    assert sentence.text.endswith("TGF β I.") and sentence.references == (258,)
    following = _sentence(review, "Similar to H19, lncRNA-PNUTS serves as a competitive sponge")
    assert following.text.startswith("Similar to H19") and following.references == (259,)
