"""Chat follow-ups: turn a question plus the conversation so far into a standalone query.

No language model: a follow-up is recognised by its anaphora ("they", "that
year", "What about X?") or by having almost no content words; it is then
rewritten against the previous user question, itself resolved the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .abbrev import AbbreviationTable
from .text import terms

_PRONOUN = re.compile(
    r"\b(they|them|their|theirs|it|its|this|that|these|those|such|ones?|there|he|she|his|her)\b", re.I
)
_SUBSTITUTE = re.compile(
    r"^\s*(?:and\s+)?(?:what|how)\s+about\s+(?P<x>.+?)[\s?.!]*$|^\s*and\s+(?P<y>[^?]+?)\s*\?\s*$", re.I
)


@dataclass(frozen=True)
class Turn:
    role: str  # "user" | "assistant"
    content: str


@dataclass(frozen=True)
class Resolved:
    query: str  # what is searched and reported
    question: str  # the user's own words
    context: str  # the earlier question it leans on ("" for a standalone question)


def _entities(text: str, abbreviations: AbbreviationTable) -> list[re.Match]:
    """Mentions of the review's named things (its abbreviations or their long forms), in order."""
    names = [abbreviations.short_forms[k] for k in abbreviations.long_forms] + list(abbreviations.long_forms.values())
    found = []
    for name in names:
        pattern = re.escape(name) + (r"s?" if name[-1:].isupper() else "")
        match = re.search(rf"(?<![\w-]){pattern}(?![\w-])", text, re.I)
        if match:
            found.append(match)
    # Prefer the earliest, then the longest, and drop mentions inside another.
    found.sort(key=lambda m: (m.start(), -len(m.group())))
    kept: list[re.Match] = []
    for match in found:
        if all(match.start() >= k.end() or match.end() <= k.start() for k in kept):
            kept.append(match)
    return kept


def is_followup(question: str) -> bool:
    return bool(_PRONOUN.search(question) or _SUBSTITUTE.match(question) or len(set(terms(question))) < 2)


def resolve(question: str, history: list[Turn], abbreviations: AbbreviationTable) -> Resolved:
    """Standalone query for `question` given earlier turns (assistant turns are ignored)."""
    earlier = [t.content for t in history if t.role == "user" and t.content.strip()]
    if not earlier or not is_followup(question):
        return Resolved(question, question, "")
    previous = resolve(earlier[-1], [Turn("user", q) for q in earlier[:-1]], abbreviations).query
    substitute = _SUBSTITUTE.match(question)
    if substitute:
        new = (substitute.group("x") or substitute.group("y") or "").strip()
        old = _entities(previous, abbreviations)
        if new and old and _entities(new, abbreviations):
            target = old[0]
            return Resolved(previous[: target.start()] + new + previous[target.end() :], question, previous)
    return Resolved(f"{question} ({previous})", question, previous)
