"""Text helpers shared by the stages: offset-tracked edits, Greek clean-up, term matching.

`TrackedText` lets ingestion rewrite PDF-converted text (drop citation markers,
re-join page breaks, fix Greek spacing) while remembering, for every character
that survives, where it came from in the source file; that is how each
sentence keeps its character span. Nothing here knows about the review itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import Stemmer
from spellchecker import SpellChecker

GREEK = "αβγδεκλμσω"


@dataclass(frozen=True)
class TrackedText:
    """A string plus the source offset of each of its characters."""

    text: str
    offsets: tuple[int, ...]

    @classmethod
    def from_source(cls, text: str, start: int) -> TrackedText:
        return cls(text, tuple(range(start, start + len(text))))

    def __len__(self) -> int:
        return len(self.text)

    def __add__(self, other: TrackedText) -> TrackedText:
        return TrackedText(self.text + other.text, self.offsets + other.offsets)

    def slice(self, start: int, end: int) -> TrackedText:
        return TrackedText(self.text[start:end], self.offsets[start:end])

    def span(self, start: int = 0, end: int | None = None) -> tuple[int, int]:
        """Source span [start, end) covered by text[start:end]."""
        end = len(self.text) if end is None else end
        if end <= start:
            anchor = self.offsets[start] if start < len(self.offsets) else self.offsets[-1]
            return anchor, anchor
        return self.offsets[start], self.offsets[end - 1] + 1

    def sub(self, pattern: str | re.Pattern, repl: str | Callable[[re.Match], str]) -> TrackedText:
        """re.sub that keeps offsets: replacement characters take the offset of the match start."""
        pieces: list[str] = []
        offsets: list[int] = []
        pos = 0
        for match in re.finditer(pattern, self.text):
            pieces.append(self.text[pos : match.start()])
            offsets.extend(self.offsets[pos : match.start()])
            new = repl(match) if callable(repl) else match.expand(repl)
            anchor = self.offsets[min(match.start(), len(self.offsets) - 1)] if self.offsets else 0
            pieces.append(new)
            offsets.extend([anchor] * len(new))
            pos = match.end()
        pieces.append(self.text[pos:])
        offsets.extend(self.offsets[pos:])
        return TrackedText("".join(pieces), tuple(offsets))

    def strip(self) -> TrackedText:
        left = len(self.text) - len(self.text.lstrip())
        right = len(self.text.rstrip())
        return self.slice(left, right)


# PDF conversion put spaces around Greek letters: "TGF- β 1", "β -catenin", "NF- κ B", "IL-1 β ,".
_GREEK_FIXES: tuple[tuple[str, str], ...] = (
    (rf"([-/])\s+([{GREEK}])", r"\1\2"),
    (rf"([{GREEK}])\s+-", r"\1-"),
    (rf"(\d)\s+([{GREEK}])(?![\w])", r"\1\2"),
    (rf"(?<=\S)([{GREEK}])\s+([A-Z0-9])(?=[\w\-]*(?:[\s,.;:)|]|$))", r"\1\2"),
    (rf"([{GREEK}])\s+([,.;:)])", r"\1\2"),
)

_SUPER_SUB = str.maketrans("⁺⁻₀₁₂₃₄₅₆₇₈₉", "+-0123456789")


def normalize_greek(text: TrackedText) -> TrackedText:
    """Remove the stray spaces the PDF conversion put around Greek letters."""
    for pattern, repl in _GREEK_FIXES:
        text = text.sub(pattern, repl)
    return text


def plain_symbols(text: str) -> str:
    """Map leftover super/subscript signs to ASCII ("CD4⁺" -> "CD4+", "β₆" -> "β6")."""
    return text.translate(_SUPER_SUB)


# Words that carry no topic: question words and English function words. Corpus-wide
# words ("cancer", "tumor") are kept; IDF already gives them little weight.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing done down during each
    few for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours
    yourself yourselves tell explain describe say says said review paper authors according
    there's what's whats kind kinds type types way ways role roles main mainly
    please give list name named mention mentioned much many""".split()
)

_stemmer = Stemmer.Stemmer("english")
_TOKEN = re.compile(rf"[A-Za-z0-9{GREEK}]+(?:[-/][A-Za-z0-9{GREEK}]+)*")


# Hyphen, non-breaking hyphen, figure and en dashes, minus: the review writes "invasion–metastasis"
# where a question types "invasion-metastasis". (Em dashes join clauses, not words.)
_DASHES = str.maketrans("\u2010\u2011\u2012\u2013\u2212", "-----")


def fold(text: str) -> str:
    """Case-fold and strip accents so "Tumour" and "tumour", "a–b" and "a-b" compare equal."""
    if text.isascii():  # no accents, dashes or super/subscripts to map: most questions
        return text.lower()
    text = unicodedata.normalize("NFKD", plain_symbols(text).translate(_DASHES))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer.stemWord(word)


def terms(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Stemmed lexical terms of a text; hyphenated words also yield their parts.

    >>> terms("Tumor-associated macrophages (TAMs) secrete TGF-β")
    ['tumor-associ', 'tumor', 'associ', 'macrophag', 'tam', 'secret', 'tgf-β', 'tgf', 'β']
    """
    out: list[str] = []
    for token in _TOKEN.findall(fold(text)):
        parts = [token] + (re.split(r"[-/]", token) if ("-" in token or "/" in token) else [])
        for part in parts:
            if not part or (not keep_stopwords and part in STOPWORDS):
                continue
            out.append(_stem(part))
    return out


_GREEK_NAMES = {"alpha": "α", "beta": "β", "gamma": "γ", "kappa": "κ", "delta": "δ"}


def name_key(word: str) -> str:
    """Compare names loosely: case, hyphens, a plural "s" and spelled-out Greek letters aside."""
    key = word.lower()
    for name, letter in _GREEK_NAMES.items():
        key = key.replace(name, letter)
    key = re.sub(r"[-/+]", "", key)
    return key[:-1] if len(key) > 2 and key.endswith("s") else key


@lru_cache(maxsize=1)
def english() -> SpellChecker:
    """pyspellchecker's American English word list (shipped in the package, read once)."""
    return SpellChecker(language="en")


def near_english(word: str) -> bool:
    """An English word, or one edit from one ("whcih"); not "denosumab"."""
    checker = english()
    lower = word.lower()
    return lower in checker or bool(checker.known(checker.edit_distance_1(lower)))
