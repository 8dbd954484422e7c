"""Ingestion: the review's PDF-converted text in, clean typed passages out.

Handles the conversion artifacts listed in corpus/SOURCE.md: inline citation
markers (kept per sentence as reference numbers, removed from the text), page
breaks inside paragraphs and words, figure captions placed mid-text, pipe
tables (one passage per row, carrying column names and row group), Greek
letters with stray spaces, and the numbered REFERENCES list.
It does not chunk or embed; see chunk.py.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import pysbd

from .text import TrackedText, normalize_greek, plain_symbols


class PassageKind(StrEnum):
    PARAGRAPH = "paragraph"
    FIGURE = "figure"
    TABLE_ROW = "table_row"
    TABLE_NOTE = "table_note"


@dataclass(frozen=True)
class Sentence:
    """One sentence as shown to users, with the bibliography numbers it cites."""

    text: str
    references: tuple[int, ...]
    start: int  # character span in the source file
    end: int


@dataclass(frozen=True)
class Section:
    number: str  # "2.2.1", "abstract", "acknowledgments"
    title: str

    @property
    def label(self) -> str:
        return self.title if not self.number[0].isdigit() else f"{self.number} {self.title}"


class SentenceRun:
    """Text, source span and bibliography numbers of anything made of consecutive sentences."""

    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def start(self) -> int:
        return self.sentences[0].start

    @property
    def end(self) -> int:
        return self.sentences[-1].end

    @property
    def references(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(n for s in self.sentences for n in s.references))


@dataclass(frozen=True)
class Passage(SentenceRun):
    """A paragraph, figure caption, table row or table note of one section."""

    id: str
    kind: PassageKind
    section: str
    heading: str  # unnumbered sub-heading ("TAMs"), or "Figure 1" / "Table 2 ..."; may be ""
    sentences: tuple[Sentence, ...]


@dataclass
class Review:
    title: str
    authors: list[str]
    sections: list[Section]
    passages: list[Passage]
    references: dict[int, str]
    sha256: str
    keywords: list[str] = field(default_factory=list)

    def section(self, number: str) -> Section:
        return next(s for s in self.sections if s.number == number)

    def section_path(self, number: str, heading: str = "") -> str:
        """Human-readable path: "2 Components … › 2.2 … › 2.2.1 Immune cells › TAMs"."""
        parts = []
        if number[0].isdigit():
            pieces = number.split(".")
            for depth in range(1, len(pieces) + 1):
                prefix = ".".join(pieces[:depth])
                parts += [s.label for s in self.sections if s.number == prefix]
        else:
            parts.append(self.section(number).label)
        if heading:
            parts.append(heading)
        return " › ".join(parts)


# Inline citations: "^{98–100}", "^{26,27}" and unicode superscripts "¹²", "³¹⁷⁻³²⁰".
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_MARKER = re.compile(rf"\^\{{([\d,\s–\-]+)\}}|([{_SUPERSCRIPT_DIGITS}]+(?:[⁻–,][{_SUPERSCRIPT_DIGITS}]+)*)")
_HEADING = re.compile(r"^(\d+(?:\.\d+)*) \| (.+)$")
_FIGURE = re.compile(r"^FIGURE (\d+)\s+(.*)$", re.S)
_TABLE_CAPTION = re.compile(r"^TABLE (\d+)\s+(.*)$")
_BACK_MATTER = re.compile(r"^[A-Z][A-Z ]{5,}$")  # "ACKNOWLEDGMENTS", "CONFLICT OF INTEREST"
# Page furniture the conversion left inside the body (first page's licence footer).
_PAGE_FURNITURE = ("This is an open access article under the terms", "© 20")
_TERMINAL = re.compile(r"[.?!][”\"')\]]*$")
_segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)


def parse_citation_numbers(marker: str) -> tuple[int, ...]:
    """Expand one marker's numbers: "98–100" -> (98, 99, 100), "²⁶,²⁷" -> (26, 27)."""
    plain = marker.translate(str.maketrans(_SUPERSCRIPT_DIGITS + "⁻", "0123456789-"))
    numbers: list[int] = []
    for part in re.split(r"[,\s]+", plain.strip()):
        if not part:
            continue
        bounds = re.split(r"[–\-]", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            low, high = int(bounds[0]), int(bounds[1])
            if low <= high and high - low < 100:
                numbers.extend(range(low, high + 1))
                continue
        numbers.extend(int(b) for b in bounds if b.isdigit())
    return tuple(dict.fromkeys(numbers))


def strip_markers(text: TrackedText) -> tuple[TrackedText, list[tuple[int, tuple[int, ...]]]]:
    """Remove citation markers; return the clean text and (source offset, numbers) per marker."""
    kept = TrackedText("", ())
    found: list[tuple[int, tuple[int, ...]]] = []
    pos = 0
    for match in _MARKER.finditer(text.text):
        kept = kept + text.slice(pos, match.start())
        found.append((text.offsets[match.start()], parse_citation_numbers(match.group(1) or match.group(2))))
        pos = match.end()
    return kept + text.slice(pos, len(text)), found


def clean_text(text: TrackedText) -> tuple[TrackedText, list[tuple[int, tuple[int, ...]]]]:
    """Drop markers, collapse whitespace and fix Greek spacing, keeping source offsets."""
    clean, markers = strip_markers(text)
    clean = normalize_greek(clean.sub(r"\s+", " ")).sub(r" +([,.;:])", r"\1").strip()
    return clean, markers


# Splits the segmenter gets wrong here: "Ricardo et. Al. reported" (a typo for et al.)
# and figure panel labels such as "(B, C)." that belong to the next sentence.
_FALSE_BREAK = re.compile(r"(\bet\.|^\([A-Z](?:, ?[A-Z])*\)\.)$")


def _merge_false_breaks(pieces: list[TrackedText]) -> list[TrackedText]:
    merged: list[TrackedText] = []
    carry: TrackedText | None = None
    for piece in pieces:
        if carry is not None:
            piece = carry + TrackedText(" ", carry.offsets[-1:]) + piece
            carry = None
        if _FALSE_BREAK.search(piece.text):
            carry = piece
        else:
            merged.append(piece)
    if carry is not None:
        merged.append(carry)
    return merged


# A full stop followed by a citation marker and a capital ends a sentence, whatever the word before
# it: "… the down-regulation of TGF β I.²⁵⁸ Similar to H19, …" (the segmenter takes "I." for an
# initial once the marker is gone).
_STOP_BEFORE_CAPITAL = re.compile(r"[.!?](?=\s+[A-Z])")


def _split_at_cited_stops(pieces: list[TrackedText], markers: list[tuple[int, tuple[int, ...]]]) -> list[TrackedText]:
    """Split the segmenter's pieces where a citation marker sat between a stop and a capital."""
    cited = [offset for offset, _ in markers]
    out: list[TrackedText] = []
    for piece in pieces:
        start = 0
        for stop in _STOP_BEFORE_CAPITAL.finditer(piece.text):
            after = piece.offsets[stop.end()]  # the space after the stop, in the source
            if any(piece.offsets[stop.start()] < offset <= after for offset in cited):
                out.append(piece.slice(start, stop.end()).strip())
                start = stop.end()
        out.append(piece.slice(start, len(piece)).strip())
    return out


def split_sentences(text: TrackedText) -> list[Sentence]:
    """Split a paragraph into clean sentences, each keeping the citations that follow it."""
    clean, markers = clean_text(text)
    pieces = [clean.slice(s.start, s.end).strip() for s in _segmenter.segment(clean.text)]
    pieces = _split_at_cited_stops(_merge_false_breaks([p for p in pieces if p.text]), markers)
    sentences = []
    for index, piece in enumerate(pieces):
        start, end = piece.span()
        # A marker belongs to the sentence it follows ("…worldwide.¹ Despite…").
        upto = pieces[index + 1].span()[0] if index + 1 < len(pieces) else float("inf")
        refs = [n for offset, numbers in markers if start < offset < upto for n in numbers]
        sentences.append(Sentence(plain_symbols(piece.text), tuple(dict.fromkeys(refs)), start, end))
    return sentences


@dataclass
class _Block:
    """Lines between blank lines, with their source offsets."""

    text: TrackedText

    @property
    def raw(self) -> str:
        return self.text.text.strip()


def _blocks(source: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: TrackedText | None = None
    offset = 0
    for line in source.splitlines(keepends=True):
        body = line.rstrip("\n")
        if body.strip():
            piece = TrackedText.from_source(body, offset)
            current = piece if current is None else current + TrackedText("\n", (offset - 1,)) + piece
        elif current is not None:
            blocks.append(_Block(current))
            current = None
        offset += len(line)
    if current is not None:
        blocks.append(_Block(current))
    return blocks


def _is_complete(text: str) -> bool:
    """True when a paragraph ends a sentence (ignoring trailing citation markers)."""
    return bool(_TERMINAL.search(_MARKER.sub("", text).rstrip()))


def _is_subheading(raw: str) -> bool:
    """Unnumbered sub-headings are short single lines without final punctuation ("TAMs")."""
    return "\n" not in raw and len(raw.split()) <= 5 and not _is_complete(raw) and raw[0].isupper()


class _Dehyphenator:
    """Re-joins words split at a page break ("pro-" / "duced" -> "produced")."""

    def __init__(self, source: str):
        self.words = set(re.findall(r"[a-z]+", source.lower()))
        self.hyphenated = set(re.findall(r"[a-z]+-[a-z]+", source.lower()))

    def join(self, left: TrackedText, right: TrackedText) -> TrackedText:
        head = re.search(r"([A-Za-z]+)-$", left.text.rstrip())
        tail = re.match(r"([a-z]+)", right.text.lstrip())
        left, right = left.strip(), right.strip()
        if head and tail:
            joined = (head.group(1) + tail.group(1)).lower()
            compound = f"{head.group(1)}-{tail.group(1)}".lower()
            if joined in self.words or compound not in self.hyphenated:
                return left.slice(0, len(left) - 1) + right
            return left + right
        return left + TrackedText(" ", (left.offsets[-1],)) + right


def _table_passages(section: str, number: str, caption: str, lines: list[TrackedText]) -> list[Passage]:
    """One passage per row: "Column: value; …", the row group carried from the row above."""
    header: list[str] | None = None
    passages: list[Passage] = []
    group = ""
    for line in lines:
        cells = [c.strip() for c in line.text.strip().strip("|").split("|")]
        if all(re.fullmatch(r"-*", c) for c in cells):
            continue
        if header is None or cells == header:
            header = cells
            continue
        clean_cells = [clean_text(TrackedText(c, line.offsets[:1] * len(c)))[0].text for c in cells]
        if clean_cells[0]:
            group = clean_cells[0]
        clean_cells[0] = group
        references: tuple[int, ...] = ()
        fields = []
        for name, value in zip(header, clean_cells):
            if name.lower() == "reference":
                references = parse_citation_numbers(value)
            elif value:
                fields.append(f"{name}: {plain_symbols(value).rstrip('.')}")
        start, end = line.span()
        sentence = Sentence("; ".join(fields) + ".", references, start, end)
        index = len(passages) + 1
        passages.append(
            Passage(f"{_slug(section)}-t{number}-r{index:02d}", PassageKind.TABLE_ROW, section, caption, (sentence,))
        )
    return passages


def _slug(section: str) -> str:
    return "s" + section.replace(".", "-") if section[0].isdigit() else section.replace(" ", "-")


def _parse_references(blocks: list[_Block]) -> dict[int, str]:
    entries: dict[int, str] = {}
    last: int | None = None
    for block in blocks:
        for line in block.raw.splitlines():
            line = line.strip()
            if line.startswith("How to cite this article"):
                break
            match = re.match(r"^(\d+)\.\s+(.*)$", line)
            if match:
                last = int(match.group(1))
                entries[last] = match.group(2)
            elif last is not None and line:
                entries[last] += ("" if entries[last].endswith("-") else " ") + line
        else:
            continue
        break
    # Journal names are in Markdown italics (*Cell*.); shown as plain text.
    return {number: entry.replace("*", "") for number, entry in entries.items()}


# Where a bibliography entry's parts end: a stop, question or exclamation mark and a space, not "vs.".
_ENTRY_PART_END = re.compile(r"(?<!\bvs\.)(?<=[.?!])\s+")
_YEAR = re.compile(r"(?:1[89]|20)\d\d\b")


def reference_title(entry: str) -> str:
    """The title of a bibliography entry, "Authors. Title. Journal. Year;…": the parts between the
    authors and the journal, which is the part before the last one opening with a year ("Scanlon EF.
    James Ewing lecture. The process of metastasis. Cancer. 1985;55(6)…"; "… friend or foe? J
    Immunother Cancer. 2017;…"). Notes in brackets and a reprint's bare year are left out."""
    parts = [p for p in _ENTRY_PART_END.split(entry) if not p.startswith("[")]
    years = [i for i, part in enumerate(parts) if _YEAR.match(part)]
    if not years or years[-1] < 3:
        return parts[1] if len(parts) > 1 else entry
    title = [p for p in parts[1 : years[-1] - 1] if not _YEAR.fullmatch(p.rstrip("."))]
    return " ".join(title).removesuffix(".") or parts[1]


def _sentence_case(title: str) -> str:
    return title if not title.isupper() else title[0] + title[1:].lower()


def ingest(path: str | Path) -> Review:
    """Parse the review file into sections, passages and the bibliography."""
    source = Path(path).read_text(encoding="utf-8")
    blocks = _blocks(source)
    dehyphenate = _Dehyphenator(source)
    review = Review("", [], [], [], {}, hashlib.sha256(source.encode("utf-8")).hexdigest())

    paragraph: TrackedText | None = None
    section = ""
    heading = ""
    counters: dict[str, int] = {}
    table: tuple[str, str] | None = None  # (number, caption) of the table being read

    def flush() -> None:
        nonlocal paragraph
        if paragraph is not None and section:
            sentences = split_sentences(paragraph)
            if sentences:
                counters[section] = counters.get(section, 0) + 1
                passage_id = f"{_slug(section)}-p{counters[section]:02d}"
                review.passages.append(Passage(passage_id, PassageKind.PARAGRAPH, section, heading, tuple(sentences)))
        paragraph = None

    def unique_id(base: str) -> str:
        """Ids stay unique even if a text repeats a figure or table (a synthetic corpus does)."""
        taken = {p.id for p in review.passages}
        candidate, copy = base, 1
        while candidate in taken:
            copy += 1
            candidate = f"{base}-{copy}"
        return candidate

    def open_section(number: str, title: str) -> None:
        nonlocal section, heading, table
        flush()
        section, heading, table = number, "", None
        review.sections.append(Section(number, title))

    index = 0
    # Front matter: title and authors, then skip to the abstract.
    while index < len(blocks) and blocks[index].raw != "Abstract":
        raw = blocks[index].raw
        if not review.title and raw != "REVIEW" and ":" in raw:
            review.title = raw
            review.authors = [_MARKER.sub("", a).strip() for a in blocks[index + 1].raw.split("|")]
        index += 1

    for block in blocks[index:]:
        raw = block.raw
        if not raw or raw.startswith(_PAGE_FURNITURE):
            continue
        if raw == "Abstract":
            open_section("abstract", "Abstract")
        elif raw == "KEYWORDS":
            open_section("keywords", "Keywords")
        elif section == "keywords":
            review.keywords = [k.strip() for k in raw.split(",")]
            review.sections.pop()
            section = ""
        elif match := _HEADING.match(raw):
            open_section(match.group(1), _sentence_case(match.group(2).strip()))
        elif raw == "REFERENCES":
            flush()
            review.references = _parse_references(blocks[blocks.index(block) + 1 :])
            break
        elif _BACK_MATTER.match(raw):
            open_section(raw.lower().replace(" ", "-"), _sentence_case(raw))
        elif match := _FIGURE.match(raw):
            label = f"Figure {match.group(1)}"
            caption_start = block.text.text.index(match.group(2))
            sentences = split_sentences(block.text.slice(caption_start, len(block.text)))
            review.passages.append(
                Passage(
                    unique_id(f"{_slug(section)}-fig{match.group(1)}"),
                    PassageKind.FIGURE,
                    section,
                    label,
                    tuple(sentences),
                )
            )
        elif match := _TABLE_CAPTION.match(raw.splitlines()[0]):
            if not match.group(2).startswith("(Continued)"):
                table = (match.group(1), f"Table {match.group(1)}: {match.group(2).strip()}")
        elif raw.startswith("|") and table is not None:
            lines = [block.text.slice(m.start(), m.end()) for m in re.finditer(r"[^\n]+", block.text.text)]
            rows = _table_passages(section, table[0], table[1], lines)
            done = sum(1 for p in review.passages if p.id.startswith(f"{_slug(section)}-t{table[0]}-"))
            review.passages.extend(
                Passage(f"{_slug(section)}-t{table[0]}-r{done + i:02d}", p.kind, p.section, p.heading, p.sentences)
                for i, p in enumerate(rows, start=1)
            )
        elif table is not None and re.match(r"^(Note|Abbreviations):", raw):
            note = raw.split(":", 1)[0].lower()
            sentences = split_sentences(block.text)
            review.passages.append(
                Passage(
                    unique_id(f"{_slug(section)}-t{table[0]}-{note}"),
                    PassageKind.TABLE_NOTE,
                    section,
                    table[1],
                    tuple(sentences),
                )
            )
        elif paragraph is not None and (not _is_complete(paragraph.text) or raw[0].islower()):
            paragraph = dehyphenate.join(paragraph, block.text)
        elif _is_subheading(raw) and section:
            flush()
            heading = raw
        else:
            flush()
            paragraph = block.text
    flush()
    return review
