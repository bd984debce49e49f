"""Cut an article into passages (bullets and body sentences), keeping exact character offsets.

A passage is a slice `text[start:end]` of the archived text, so a quote taken from it is
verbatim by construction. Blocks are found by lines (a bullet line, a paragraph, a
heading); sentences inside a block by pysbd, a rule-based sentence splitter that knows
abbreviations ("U.S.", "Dr.", "5.5%") and keeps a quotation's sentences together, which
this module then splits where a quotation holds more than one sentence.

Passing: "  • 🔋 LGES intends to start 4680 mass production." gives one bullet passage
starting at "LGES". Failing (never done): a passage whose text is not the slice it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

BULLET = re.compile(r"^[ \t]*(?:[•●▪◦‣∙·*\-–—]|\d{1,2}[.)])[ \t]+")
# What may follow a bullet mark before the text: emoji, pictographs, their joiners and selectors.
_DECORATION = re.compile(r"[^\w\s\"'“‘(\[$€£¥]*\s*")
# "RENO, Nev., Sept 30 (Western Energy Wire) - ", "SEOUL, March 4 (Reuters) — " or "June 11, 2024 -- " at a
# paragraph's start: where and when the article was filed, not a claim's date.
_MONTH_NAME = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
               r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)")
DATELINE = re.compile(r"[A-Z][A-Z .'’-]{1,30},[^\n]{0,90}?\s[-–—]{1,2}\s+|[A-Z][A-Z'’-]+(?:\s[A-Z][A-Z'’-]+){0,2}\s[—–]\s+"
                      r"|" + _MONTH_NAME + r"\s+\d{1,2},?\s+(?:19|20)\d\d\s*(?:\([^)\n]{1,40}\)\s*)?[-–—]{1,2}\s+")
_DATELINE_DAY = re.compile(r"\b(?P<month>" + _MONTH_NAME + r")\s+(?P<day>\d{1,2}),?\s+(?P<year>(?:19|20)\d\d)\b")
_END_PUNCT = tuple(".!?:;\"'”’)")
OPENING, CLOSING = "“‘", "”’"
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Inc|Corp|Co|Ltd|No|vs|etc|Gov|Sen|Rep))\.$")


@dataclass(frozen=True)
class Passage:
    """A sentence (or, later, a clause) of the article: text[start:end]."""

    start: int
    end: int
    kind: str           # "bullet" or "body"
    paragraph: int      # index of the block it belongs to
    in_quote: bool = False  # a sentence inside a quotation that runs over several sentences
    role: str = ""      # "question" or "answer" in an interview written as Q: ... A: ...

    def text(self, article: str) -> str:
        return article[self.start:self.end]


@dataclass(frozen=True)
class Block:
    start: int
    end: int
    kind: str  # "bullet", "body", "heading", "question" or "answer"


# "Q: When will ...?" and "A: We expect ...": an interview's questions and answers.
INTERVIEW = re.compile(r"^[ \t]*(?P<who>Q|A|Question|Answer)[ \t]*[:.)\-–—][ \t]+")


def blocks(text: str) -> list[Block]:
    """Bullet lines, paragraphs (lines up to a blank one) and headings (a short line of its own
    without closing punctuation: titles, section heads, bylines)."""
    found: list[Block] = []
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]*\n?", text) if m.group()]
    current: list[tuple[int, str]] = []

    def close() -> None:
        if not current:
            return
        start, end = current[0][0], current[-1][0] + len(current[-1][1].rstrip("\n"))
        first = current[0][1]
        bullet = BULLET.match(first)
        if bullet:
            body = start + bullet.end()
            body += _DECORATION.match(text, body).end() - body
            found.append(Block(body, end, "bullet"))
        elif INTERVIEW.match(first):
            who = INTERVIEW.match(first)
            found.append(Block(start + who.end(), end, "question" if who.group("who")[0] == "Q" else "answer"))
        else:
            words = text[start:end].split()
            kind = "heading" if (len(current) == 1 and len(words) <= 15
                                 and not text[start:end].rstrip().endswith(_END_PUNCT)) else "body"
            found.append(Block(start, end, kind))
        current.clear()

    for offset, line in lines:
        if not line.strip():
            close()
            continue
        if BULLET.match(line) or INTERVIEW.match(line):
            close()
        current.append((offset, line))
    close()
    return _unmarked_interview(text, [b for b in found if text[b.start:b.end].strip()])


def _unmarked_interview(text: str, found: list[Block]) -> list[Block]:
    """An interview written without "Q:" and "A:": at least three short paragraphs that are questions (ending in
    "?"), each followed by a paragraph that is none, are its questions, and the paragraphs after each its answers."""
    if any(b.kind in ("question", "answer") for b in found):
        return found

    def asks(block: Block) -> bool:
        words = text[block.start:block.end].rstrip()
        return block.kind == "body" and words.endswith("?") and len(words.split()) <= 30

    pairs = sum(1 for a, b in zip(found, found[1:]) if asks(a) and b.kind == "body" and not asks(b))
    if pairs < 3:
        return found
    out, asked = [], False
    for block in found:
        if asks(block):
            out.append(Block(block.start, block.end, "question"))
            asked = True
        elif asked and block.kind == "body":
            out.append(Block(block.start, block.end, "answer"))
        else:
            out.append(block)
    return out


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def sentences(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """(start, end, in_quote) of each sentence of text[start:end], trimmed."""
    chunk = text[start:end]
    out = []
    for span in _segmenter().segment(chunk):
        for a, b, quoted in _split_quotation(chunk, span.start, span.end):
            trimmed = trim(text, start + a, start + b)
            if trimmed:
                out.append((*trimmed, quoted))
    return out


def _split_quotation(chunk: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """A sentence as pysbd gives it, split again between the sentences of a quotation it holds."""
    cuts, inside = [start], False
    for i in range(start, end):
        ch = chunk[i]
        if ch == '"':
            inside = not inside
        elif ch == "“":
            inside = True
        elif ch == "”":
            inside = False
        elif (inside and ch in ".!?" and i + 2 < end and chunk[i + 1] == " " and chunk[i + 2].isupper()
              and not _ABBREVIATION.search(chunk[max(start, i - 4):i + 1])):
            cuts.append(i + 1)
    cuts.append(end)
    if len(cuts) == 2:
        return [(start, end, False)]
    return [(a, b, True) for a, b in zip(cuts, cuts[1:])]


def trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """start, end moved inwards past spaces and a quotation mark left without its partner."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    piece = text[start:end]
    if piece[:1] in ('"', "“") and _quote_count(piece) % 2 == 1:
        start += 1
    elif piece[-1:] in ('"', "”") and _quote_count(piece) % 2 == 1:
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return (start, end) if end - start > 1 else None


def _quote_count(piece: str) -> int:
    return piece.count('"') + piece.count("“") + piece.count("”")


def dateline(text: str) -> tuple[str, str] | None:
    """(YYYY-MM-DD, the words) of the date in the article's first dateline, if it gives a whole date."""
    from ..model.period_words import _month

    for block in blocks(text):
        if block.kind != "body":
            continue
        found = DATELINE.match(text, block.start, block.end)
        if found is None:
            return None
        day = _DATELINE_DAY.search(found.group())
        if day is None:
            return None
        try:
            from datetime import date

            return (date(int(day.group("year")), _month(day.group("month")), int(day.group("day"))).isoformat(),
                    day.group().strip())
        except (KeyError, ValueError):
            return None
    return None


def passages(text: str) -> list[Passage]:
    """Every bullet and body sentence of the article, in order, an interview's questions and answers
    marked (`role`); headings and datelines left out."""
    out = []
    for number, block in enumerate(blocks(text)):
        if block.kind == "heading":
            continue
        start = block.start
        if block.kind == "body":
            dateline = DATELINE.match(text, start, block.end)
            if dateline:
                start = dateline.end()
        kind = "bullet" if block.kind == "bullet" else "body"
        role = block.kind if block.kind in ("question", "answer") else ""
        for a, b, quoted in sentences(text, start, block.end):
            out.append(Passage(a, b, kind, number, quoted, role))
    return out
