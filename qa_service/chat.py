"""Chat follow-ups: turn a question plus the conversation so far into a standalone query.

No language model: a follow-up is recognised by its anaphora ("they", "that
year", "What about X?") or by having almost no content words ("Why?", "In which
cancers?"), unless those few words ask what a topic of its own is ("What is
anoikis?"); it is then rewritten against the previous user question, itself
resolved the same way.
After "Which X …?", a follow-up's "it" also searches for the code the reply
named ("Which chemokine …?" "… CCL5 …" "How does it …?").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .abbrev import AbbreviationTable, flexible, short_form_key
from .text import english, terms

_PRONOUN = re.compile(
    r"\b(they|them|their|theirs|it|its|this|that|these|those|such|ones?|there|he|she|his|her)\b", re.I
)
_SUBSTITUTE = re.compile(
    r"^\s*(?:and\s+)?(?:what|how)\s+about\s+(?P<x>.+?)[\s?.!]*$|^\s*and\s+(?P<y>[^?]+?)\s*\?\s*$", re.I
)


# "Which chemokine …?" / "What enzyme …?": the reply names one thing, and a follow-up's "it" is
# usually that thing ("How does it recruit Tregs?"). ("They" after "What cytokines do Tregs
# secrete?" is as likely to mean the Tregs: only "it" is read this way.)
_ASKS_FOR_A_NAME = re.compile(
    r"^\s*(?:which|what)\s+(?!(?:do|does|did|is|are|was|were|can|could|would|will|has|have|had|happens?|about"
    r"|roles?|effects?|functions?|impacts?|evidence|mechanisms?|kinds?|types?|ways?|reasons?|benefits?|happened)\b)\w",
    re.I,
)
_IT = re.compile(r"\b(?:it|its)\b", re.I)
# A question asking what one thing is: "What is anoikis?", "Define EMT.", "Tell me about the TME".
_ASKS_WHAT_IS = re.compile(
    r"^\s*(?:what\s+(?:is|are|was|were)|what's|define|explain|describe|tell\s+me\s+about)\s+(?:an?\s+|the\s+)?"
    r"(?P<topic>[^?.!]+?)\s*[?.!]*\s*$",
    re.I,
)
# pyspellchecker's count of a word in its English corpus below which the word names a topic rather
# than leaning on the conversation: "anoikis" 0, "angiogenesis" 50, "platelets" 658, against "risks"
# 10054, "mechanism" 5527, "prognosis" 1153 ("What is the prognosis?" asks about the topic at hand).
RARE_IN_ENGLISH = 1000
_PLEASANTRY = re.compile(
    r"^\W*(?:thanks?|thank you|thx|ty|ok(?:ay)?|great|cool|nice|perfect|awesome|got it|hello|hi|hey|bye|goodbye"
    r"|cheers)\b",
    re.I,
)
# A named thing in a reply: a code or acronym (CCL5, NSDHL, PD-L1, TGF-β); "Phase III" is not one.
_CODE = re.compile(r"(?<![\w-])(?=[\w-]*[A-Z][\w-]*[A-Z0-9β])[A-Za-z][\w-]*\w(?![\w-])")
_ROMAN = re.compile(r"[IVX]+")
# Where a sentence's clauses part: "…, and CCR4 mainly mediates …", "…; …", "…, while …".
_CLAUSE_BREAK = re.compile(r"[;,]\s+(?=(?:and|while|whereas|but|indicating|suggesting)\b)|;\s+", re.I)
# A list's last item ("CCR1, CCR2, and CCR5 promote …") follows ", and" too: a clause ends there
# only when the stretch since the previous comma has this many words or more.
CLAUSE_WORDS = 3


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
        pattern = flexible(name) + (r"s?" if name[-1:].isupper() else "")
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


def is_followup(question: str, abbreviations: AbbreviationTable | None = None) -> bool:
    # "Thanks!", "ok", "Hello", "Thanks for that!" answer the conversation; they ask nothing of it.
    if _PLEASANTRY.match(question) and "?" not in question:
        return False
    if _PRONOUN.search(question) or _SUBSTITUTE.match(question):
        return True
    return len(set(terms(question))) < 2 and not _asks_what_a_topic_is(question, abbreviations)


def _asks_what_a_topic_is(question: str, abbreviations: AbbreviationTable | None) -> bool:
    """A question of few words that names a topic of its own: "What is anoikis?", "What are MAFs?".

    A topic is one of the review's abbreviations or a word English rarely uses; "What are the
    risks?" and "In which cancers?" name none and lean on the conversation."""
    match = _ASKS_WHAT_IS.match(question)
    if not match:
        return False
    topic = match.group("topic")
    if abbreviations is not None and abbreviations.mentioned(topic):
        return True
    words = [w.lower() for w in re.findall(r"[A-Za-z][\w\-]*", topic) if terms(w)]
    frequency = english().word_frequency
    return bool(words) and all(frequency[w] < RARE_IN_ENGLISH for w in words)


def _named_in_reply(reply: str, question: str, abbreviations: AbbreviationTable) -> str:
    """The first code named by the reply's sentence closest to its question, other than the question's
    own ("CCL5"); a code inside a longer name the sentence abbreviates ("Annexin A1 (ANXA1)") is not one."""
    sentences = [t for t in re.split(r"\s*\[\d+\]\s*", reply.split("\n\nSources:")[0]) if t.strip()]
    if not sentences:
        return ""

    def concepts(text: str) -> set[str]:
        return set(terms(" ".join([text, *abbreviations.expansions(text)])))

    wanted = concepts(question)
    closest = max(sentences, key=lambda sentence: len(wanted & concepts(sentence)))
    asked = {
        short_form_key(part) for m in _CODE.finditer(question) for part in [m.group(), *re.split(r"[-/]", m.group())]
    }
    asked |= {short_form_key(short) for short, _, _ in abbreviations.mentioned(question)}
    codes = list(_CODE.finditer(closest))
    long_names = [_long_name_before(closest, m, abbreviations) for m in codes if _in_parentheses(closest, m)]

    def eligible(match: re.Match) -> bool:
        word = match.group()
        parts = {short_form_key(part) for part in re.split(r"[-/]", word)}
        if _ROMAN.fullmatch(word) or short_form_key(word) in asked or parts & asked:
            return False
        return not any(start <= match.start() < end for start, end in long_names)

    named = [m for m in codes if eligible(m)]
    if not named:
        return ""
    # "CCR1 … promote the recruitment of TAMs, and CCR4 mainly mediates the recruitment of Tregs":
    # the code asked for is the one in the clause that matches the question best.
    breaks = [
        m.end()
        for m in _CLAUSE_BREAK.finditer(closest)
        if len(closest[max(closest.rfind(",", 0, m.start()), closest.rfind(";", 0, m.start())) + 1 : m.start()].split())
        >= CLAUSE_WORDS
    ]
    bounds = [0, *breaks, len(closest)]
    clauses = [(start, end) for start, end in zip(bounds, bounds[1:], strict=False) if start < end]
    holding = [(start, end) for start, end in clauses if any(start <= m.start() < end for m in named)]
    start, end = max(holding, key=lambda span: len(wanted & concepts(closest[span[0] : span[1]])))
    return next(m.group() for m in named if start <= m.start() < end)


def _in_parentheses(text: str, match: re.Match) -> bool:
    """Written "(CODE)": the sentence defines it."""
    return text[match.start() - 1 : match.start()] == "(" and text[match.end() : match.end() + 1] == ")"


def _long_name_before(text: str, code: re.Match, abbreviations: AbbreviationTable) -> tuple[int, int]:
    """Where the long name a "(CODE)" abbreviates lies: the table's long form if it is just before,
    else as many words as the code has letters ("steroid dehydrogenase-like (NSDHL)")."""
    opening = code.start() - 1
    long_form = abbreviations.long_forms.get(short_form_key(code.group()), "")
    found = text.lower().rfind(long_form.lower(), 0, opening) if long_form else -1
    if found >= 0 and not text[found + len(long_form) : opening].strip():
        return found, opening
    words = list(re.finditer(r"\S+", text[:opening]))[-sum(c.isalnum() for c in code.group()) :]
    return (words[0].start() if words else opening), opening


def _reply_to(history: list[Turn], question: str) -> str:
    """The assistant turn right after the last user turn asking `question`, if any."""
    for position in range(len(history) - 1, -1, -1):
        if history[position].role == "user" and history[position].content == question:
            following = history[position + 1 : position + 2]
            return following[0].content if following and following[0].role == "assistant" else ""
    return ""


def resolve(question: str, history: list[Turn], abbreviations: AbbreviationTable) -> Resolved:
    """Standalone query for `question` given earlier turns."""
    earlier = [t.content for t in history if t.role == "user" and t.content.strip()]
    if not earlier or not is_followup(question, abbreviations):
        return Resolved(question, question, "")
    previous = resolve(earlier[-1], [Turn("user", q) for q in earlier[:-1]], abbreviations).query
    substitute = _SUBSTITUTE.match(question)
    if substitute:
        new = (substitute.group("x") or substitute.group("y") or "").strip()
        old = _entities(previous, abbreviations)
        if new and old and _entities(new, abbreviations):
            target = old[0]
            return Resolved(previous[: target.start()] + new + previous[target.end() :], question, previous)
    if _IT.search(question) and _ASKS_FOR_A_NAME.match(earlier[-1]):
        # "Which chemokine …?" answered "… CCL5 …", then "How does it …?": search for CCL5.
        named = _named_in_reply(_reply_to(history, earlier[-1]), previous, abbreviations)
        if named:
            previous = f"{previous} {named}"
    return Resolved(f"{question} ({previous})", question, previous)
