"""Everyday words for the review's technical terms, so a reader's question finds the review's wording.

"How do cancer cells get into the bloodstream?" shares no word with "… invade into the
circulation", and the embedding model does not close that gap reliably. Each entry below is a
pattern for an everyday phrasing and the term a biomedical text uses for it; a question using
the phrasing is also searched for the term, as one concept (see `Retriever.query`). Entries are
general medical vocabulary, not the review's sentences; an entry whose term the review never
uses is dropped when the retriever loads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import terms

# (everyday phrasing as a regular expression, matched case-insensitively on word boundaries; term)
LAY_TERMS: tuple[tuple[str, str], ...] = (
    # Where cancer goes and how
    (r"blood[- ]?streams?", "circulation"),
    (r"(?:new|growing|grow|form|forming|sprouting) (?:new )?blood vessels?", "angiogenesis"),
    (r"blood vessel (?:growth|formation)|blood supply", "angiogenesis"),
    (r"(?:cells? )?lining (?:of )?(?:the )?(?:tumou?r )?(?:blood )?vessels?", "endothelial cells"),
    (r"vessel linings?|vessel walls?", "endothelial cells"),
    (r"lymph (?:vessels?|system|channels?)", "lymphatic vessels"),
    (r"(?:secondary|new|daughter) (?:tumou?rs|growths)", "metastases"),
    (r"(?:original|first|starting|initial) tumou?r|original cancer", "primary tumor"),
    (r"spread(?:s|ing)? (?:of )?(?:the )?(?:cancer|tumou?rs?)|cancer spread", "metastasis"),
    (r"(?:break|breaking|broke|broken) (?:away|off|loose)", "detachment"),
    (
        r"(?:get|gets|getting|enter|enters|entering|slip|slips) into (?:the )?(?:blood ?stream|blood vessels?|blood)",
        "intravasation",
    ),
    (
        r"(?:leave|leaves|leaving|exit|exits|exiting|squeeze out of) (?:the )?(?:blood ?stream|blood vessels?|blood)",
        "extravasation",
    ),
    (r"take root|takes root|taking root|set up home", "colonization"),
    (r"sleeping|asleep|inactive|hibernating|lying low", "dormant"),
    (r"(?:come|comes|coming) back|returns? of (?:the )?cancer", "recurrence"),
    (r"outlook|survival chances?|chances? of survival", "prognosis"),
    (r"cancer cells? (?:in|traveling in|travelling in|circulating in) the blood", "circulating tumor cells"),
    (r"clumps?(?: of (?:cancer )?cells)?", "clusters"),
    (r"belly|abdominal cavity|body cavity", "peritoneal"),
    # Cells and what surrounds a tumor
    (r"white blood cells?", "immune cells"),
    (r"(?:scavenger|cleanup|clean-up|cell-eating|garbage) (?:immune )?cells?|big eaters?", "macrophages"),
    (r"connective[- ]tissue cells?|support(?:ing)? cells?|scar[- ]forming cells?", "fibroblasts"),
    (r"(?:stem cells? from (?:the )?|bone[- ]marrow )(?:bone[- ]marrow|stem cells?)", "mesenchymal stem cells"),
    (r"(?:blood )?clotting cells?", "platelets"),
    (r"(?<!natural )killer cells?", "NK cells"),  # "natural killer" is already the NK abbreviation
    (r"killer T cells?", "cytotoxic T cells"),
    (r"suppressor T cells?", "regulatory T cells"),
    (r"(?:tumou?r|cancer)(?:'s)? (?:surroundings|neighbou?rhood|environment)", "tumor microenvironment"),
    (r"surroundings of (?:a|the) tumou?r", "tumor microenvironment"),
    (r"sheet[- ](?:like|forming) cells?|lining cells?|skin[- ]like cells?", "epithelial cells"),
    (r"scaffold(?:ing)?|mesh (?:around|between) cells", "extracellular matrix"),
    # Processes
    (r"self[- ]eating|self[- ]digestion|(?:cell|cellular) recycling", "autophagy"),
    (r"cell suicide|self[- ]destruct(?:ion)?|programmed (?:cell )?death", "apoptosis"),
    (r"(?:die|dies|dying|death) (?:when|after|once|from being) (?:detached|cut loose)", "anoikis"),
    (r"stick|sticks|sticking|stickiness|glue|gluing", "adhesion"),
    (r"crawl|crawling|wander|wandering|move|moving|movement", "migration"),
    (r"multiply|multiplies|multiplying", "proliferation"),
    (r"draws? in|brings? in|lures?|calls? in|summon", "recruit"),
    (
        r"(?:hid(?:e|es|ing)|dodg(?:e|es|ing)|evad(?:e|es|ing)|escap(?:e|es|ing)) (?:from )?(?:the )?immune",
        "immune escape",
    ),
    (r"(?:low|lack of|shortage of|starved of) oxygen", "hypoxia"),
    (r"(?:fat|fats|fatty) (?:metabolism|processing|use|burning)", "lipid metabolism"),
    (r"(?:processing|burning|use) of fats?", "lipid metabolism"),
    (r"sugar", "glucose"),
    (r"protein[- ]?(?:cutting|chopping|digesting|dissolving) enzymes?", "proteases"),
    (r"enzymes? that (?:cut|chop|digest|dissolve) proteins?", "proteases"),
    (r"(?:tiny|little|small) (?:bubbles|packages|sacs|parcels)", "extracellular vesicles"),
    (r"chemical (?:messengers?|signals?)|messenger (?:molecules|proteins)", "cytokines"),
    (r"growth signals?", "growth factors"),
    (r"(?:RNAs?|genes?) that (?:do not|don't) (?:code|make) (?:for )?proteins?", "non-coding RNA"),
    # Treatment
    (r"chemo", "chemotherapy"),
    (r"radiation(?: therapy| treatment)?", "radiotherapy"),
    (r"immune[- ](?:based )?(?:therapy|therapies|treatments?|drugs?)", "immunotherapy"),
    (r"brakes? on the immune system|immune brakes?|checkpoint drugs?", "immune checkpoint inhibitors"),
    (r"operations?|surgical removal|(?:cut|cutting|taken|removed) out", "surgery"),
    (r"(?:drug|treatment) trials?|tested in (?:people|patients|humans)", "clinical trials"),
    (r"starv\w* (?:the )?tumou?rs? of blood|blood[- ]vessel[- ]blocking", "anti-angiogenic"),
    # Organs and cancers
    (r"food ?pipe|gullet|o?esophag(?:us|eal)", "esophageal"),
    (r"liver cancer", "hepatocellular carcinoma"),
    (r"bowel cancer|colon cancer", "colorectal cancer"),
    (r"stomach cancer", "gastric cancer"),
    (r"skin cancer", "melanoma"),
    (r"pancreas", "pancreatic"),
)


@dataclass(frozen=True)
class LayTerm:
    pattern: re.Pattern
    term: str


class LayVocabulary:
    """The entries of LAY_TERMS whose term the review uses, ready to match questions."""

    def __init__(self, known_terms: set[str] | dict[str, float]):
        self.known_terms = known_terms
        self.entries = [
            LayTerm(re.compile(rf"(?<![\w-])(?:{pattern.lower()})(?![\w-])"), term)
            for pattern, term in LAY_TERMS
            if all(t in known_terms for t in terms(term))
        ]

    def found(self, question: str) -> list[tuple[str, str]]:
        """(phrase as the question writes it, the review's term) for each everyday phrasing in it.

        A question that already uses the term gets nothing for it, nor does a single word the
        review uses itself: the question's word finds the review's as it is, and the term would
        pull in every passage about it ("fatty" and the review's "high-fat diet")."""
        folded = question.lower().replace("’", "'")
        have = set(terms(question))
        out: list[tuple[str, str]] = []
        for entry in self.entries:
            match = entry.pattern.search(folded)
            if not match or set(terms(entry.term)) <= have or entry.term in (t for _, t in out):
                continue
            words = match.group().split()
            if len(words) == 1 and all(t in self.known_terms for t in terms(words[0])):
                continue
            out.append((match.group(), entry.term))
        return out
