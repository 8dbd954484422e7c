"""Abbreviations the review defines in-line, harvested at index time to expand queries.

"tumor-associated macrophages (TAMs)" teaches that "TAM" and "tumor-associated
macrophage" name the same thing, so a question using either finds passages
using the other. Long forms are found with the Schwartz & Hearst (2003)
algorithm ("A simple algorithm for identifying abbreviation definitions in
biomedical text"); Table notes' "SF, long form;" lists are read too.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .text import GREEK, fold, terms

_SHORT_FORM = re.compile(rf"\(([A-Za-z0-9{GREEK}][\w{GREEK}/\-+]{{0,11}})\)")
_NOTE_ENTRY = re.compile(r"([A-Z][\w\-/]{1,10}), ([^;]+)")


def _best_long_form(short: str, before: str) -> str | None:
    """Schwartz & Hearst: the shortest tail of `before` whose letters spell `short`."""
    s, l = len(short) - 1, len(before) - 1
    while s >= 0:
        char = short[s].lower()
        if not char.isalnum():
            s -= 1
            continue
        while l >= 0 and (before[l].lower() != char or (s == 0 and l > 0 and before[l - 1].isalnum())):
            l -= 1
        if l < 0:
            return None
        l -= 1
        s -= 1
    # The long form starts at the word holding its first letter; a word of a "/" list starts
    # after the "/" ("(FAK)/ERK/myosin light chain kinase (MLCK)", "AMPK/signal transducer …").
    start = max(before.rfind(" ", 0, l + 1), before.rfind("/", 0, l + 1)) + 1
    long = _without_leading_parenthesis(before[start:].strip())
    return long if len(long) > len(short) else None


def _without_leading_parenthesis(long: str) -> str:
    """A long form opening with a parenthesis keeps its words: "(C-X-C motif) ligand 11" ->
    "C-X-C motif ligand 11", "(ATP) citrate lyase" -> "ATP citrate lyase"."""
    if not long.startswith("(") or ")" not in long:
        return long
    closing = long.index(")")
    return long[1:closing] + long[closing + 1 :]


def _mixed_case_long_form(short: str, before: str) -> str | None:
    """Fallback for names like "Tregs" <- "regulatory T cells" that S&H cannot spell in order.

    The shortest tail of up to four words whose initials cover the capitals and one of
    whose words starts with the lower-case run ("reg").
    """
    stem = short[:-1] if short.endswith("s") else short
    capitals = {c.lower() for c in stem if c.isupper()}
    lower_run = "".join(c for c in stem if c.islower())
    if not capitals or len(lower_run) < 2:
        return None
    words = before.split()
    for size in range(2, min(4, len(words)) + 1):
        tail = words[-size:]
        initials = {w[0].lower() for w in tail}
        if capitals <= initials and any(w.lower().startswith(lower_run) for w in tail):
            return " ".join(tail)
    return None


def short_form_key(short: str) -> str:
    """Lookup key of a short form: folded, plural "s" dropped ("TAMs" -> "tam")."""
    key = fold(short)
    return key[:-1] if len(key) > 2 and short.endswith("s") and short[-2].isupper() else key


def flexible(phrase: str) -> str:
    """A pattern for a phrase whose hyphens may be typed as spaces and vice versa."""
    return r"[-\s]+".join(re.escape(part) for part in re.split(r"[-\s]+", phrase))


def _plain(text: str) -> str:
    """Case-folded, every run of hyphens and spaces one space, so "tumor-associated" and "tumor
    associated" compare equal: what a `flexible` pattern can match ("ϰ" folds to "κ" as re.I does)."""
    return re.sub(r"[-\s]+", " ", text.casefold())


@dataclass
class AbbreviationTable:
    long_forms: dict[str, str] = field(default_factory=dict)  # key of short form -> long form
    short_forms: dict[str, str] = field(default_factory=dict)  # key -> short form as written

    @classmethod
    def harvest(cls, texts: list[str]) -> AbbreviationTable:
        votes: dict[str, Counter] = {}
        shown: dict[str, str] = {}
        for text in texts:
            for match in _SHORT_FORM.finditer(text):
                short = match.group(1)
                if not any(c.isupper() for c in short) or short.isdigit():
                    continue
                words = text[: match.start()].split()
                window = " ".join(words[-min(len(short) + 5, 2 * len(short)) :])
                long = _best_long_form(short, window) or _mixed_case_long_form(short, window)
                if long and not long.startswith("("):
                    votes.setdefault(short_form_key(short), Counter())[long.strip(" ,;")] += 1
                    shown.setdefault(short_form_key(short), short)
            if text.startswith("Abbreviations:"):
                for short, long in _NOTE_ENTRY.findall(text.split(":", 1)[1]):
                    votes.setdefault(short_form_key(short), Counter())[long.strip(" .")] += 1
                    shown.setdefault(short_form_key(short), short)
        table = cls()
        for key, counter in votes.items():
            table.long_forms[key] = counter.most_common(1)[0][0]
            table.short_forms[key] = shown[key]
        return table

    def _compiled(self) -> list[tuple[str, str, str, str, re.Pattern, re.Pattern]]:
        """Per abbreviation, computed once: key, long form, its terms, its plain form, and the two
        patterns variants() uses."""
        if getattr(self, "_cache", None) is None or len(self._cache) != len(self.long_forms):
            self._cache = [
                (
                    key,
                    long,
                    " " + " ".join(terms(_plain(long))) + " ",
                    _plain(long),
                    re.compile(rf"(?<![\w-]){re.escape(self.short_forms[key])}s?(?![\w-])"),
                    re.compile(rf"(?<![\w-]){flexible(long)}(?![\w-])", re.I),
                )
                for key, long in sorted(self.long_forms.items(), key=lambda kv: -len(kv[1]))
            ]
        return self._cache

    def mentioned(self, query: str) -> list[tuple[str, str, bool]]:
        """(short form, long form, whether the query wrote it short) for each abbreviation it names."""
        tokens = {short_form_key(t) for t in re.findall(rf"[\w{GREEK}/\-+]+", query)}
        joined = " " + " ".join(terms(_plain(query))) + " "
        found: list[tuple[str, str, bool]] = []
        for key, long, long_terms, _, _, _ in self._compiled():
            if key in tokens and len(key) >= 2:
                found.append((self.short_forms[key], long, True))
            elif long_terms in joined:
                found.append((self.short_forms[key], long, False))
        return found

    def expansions(self, query: str) -> list[str]:
        """Phrases to add to a query: long forms of its abbreviations and vice versa."""
        return [long if written_short else short for short, long, written_short in self.mentioned(query)]

    def variants(self, query: str) -> list[str]:
        """The query as written, then with its abbreviations spelled out and its long forms abbreviated.

        Searching each phrasing and keeping a passage's best score lets "ICIs" match a passage
        that says "immune checkpoint inhibitors" without counting the concept four times.
        """
        return list(dict.fromkeys((query, self.spelled_out(query), self._abbreviated(query))))

    # In both: a substring test first, since each pattern can only match where its words occur,
    # and running ~180 patterns on every question cost more than a third of a millisecond.
    def spelled_out(self, text: str) -> str:
        """The text with each abbreviation written as its long form ("TAMs" -> "tumor-associated macrophages")."""
        for key, long, _, _, short_pattern, _ in self._compiled():
            if self.short_forms[key] in text:
                text = short_pattern.sub(lambda _, long=long: long, text)  # a function: no escapes in the text
        return text

    def _abbreviated(self, text: str) -> str:
        """The text with each long form of several words written as its abbreviation."""
        plain = _plain(text)
        for key, long, _, long_plain, _, long_pattern in self._compiled():
            if " " in long and long_plain in plain:
                text = long_pattern.sub(lambda _, key=key: self.short_forms[key], text)
                plain = _plain(text)
        return text

    def to_json(self) -> dict:
        return {self.short_forms[k]: v for k, v in sorted(self.long_forms.items())}

    @classmethod
    def from_json(cls, data: dict) -> AbbreviationTable:
        table = cls()
        for short, long in data.items():
            table.long_forms[short_form_key(short)] = long
            table.short_forms[short_form_key(short)] = short
        return table
