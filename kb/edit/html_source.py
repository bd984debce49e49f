"""Reading a source to archive: a text file as it is, or a saved web page's readable text and metadata.

Web pages go through trafilatura (the optional extra `kb-claims[html]`), which finds the
article among menus, footers and adverts and reads title, date and site name from the
page's metadata. Nothing is guessed: the date is taken only from the page's own
metadata (never from a "Copyright 2021" in the text), and only to the precision the
page writes it; what the page does not give is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..store.files import FileProblem, decode, read_raw


@dataclass
class Page:
    """What a source file gives: its text, and the metadata a web page states (None when it does not)."""

    text: str
    title: str | None = None
    date: str | None = None
    publisher: str | None = None
    url: str | None = None


class SourceProblem(Exception):
    """The file cannot be archived: unreadable, empty, or HTML without the library to read it."""


def looks_like_html(path: Path, text: str) -> bool:
    return path.suffix.lower() in (".html", ".htm", ".xhtml") or bool(
        re.match(r"\s*(<!doctype html|<html)", text[:500], re.IGNORECASE))


def read_source(path: Path) -> Page:
    """The readable text of a text file or saved web page, with the page's metadata."""
    try:
        text = decode(read_raw(path))
    except FileProblem as error:
        raise SourceProblem(f"{path}: {error.message}") from None
    page = read_html(text) if looks_like_html(path, text) else Page(text=text)
    page.text = "\n".join(line.rstrip() for line in page.text.strip().splitlines()) + "\n"
    if not page.text.strip():
        raise SourceProblem(f"{path}: no text found to archive")
    return page


def read_html(html: str) -> Page:
    """A web page's main text and stated metadata (trafilatura)."""
    try:
        import trafilatura
    except ImportError:
        from ..model.extras import missing

        raise SourceProblem(missing("html", "reading a web page") + " (or save the page as text and archive "
                                                                    "that)") from None
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=True,
                                      date_extraction_params={"extensive_search": False, "original_date": True})
    if doc is None:
        return Page(text="")
    get = doc.as_dict().get if hasattr(doc, "as_dict") else doc.get
    url = get("url")
    return Page(text=get("text") or "", title=_one_line(get("title")), date=stated_date(get("date"), html),
                publisher=_one_line(get("sitename")),
                url=url if url and re.match(r"^https?://\S+$", url) else None)


def _one_line(text: str | None) -> str | None:
    text = " ".join((text or "").split())
    return text or None


def stated_date(found: str | None, html: str) -> str | None:
    """found (YYYY-MM-DD) to the precision the page states it: the day when the page writes it, else the
    month, else nothing (a date read from a month alone would invent a day)."""
    if not found or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", found):
        return None
    year, month, day = found.split("-")
    if re.search(rf"{year}[-/.]?{month}[-/.]?{day}(?!\d)", html):
        return found
    if re.search(rf"{year}[-/.]{month}(?!\d)", html):
        return f"{year}-{month}"
    return None
