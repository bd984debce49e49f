"""Drafts of claims `kb new` could not write yet, so that nothing typed is ever lost.

A draft is a claim file's lines as far as they go, in `drafts/.new/` at the repository root
(which carries its own `.gitignore`, so these drafts are never committed by accident; the rest
of `drafts/` belongs to `kb extract`, whose folders are named after sources, and a source id
cannot start with a dot). It is
saved after every answer, kept when the claim cannot be written, and removed once it is.
`kb new --resume FILE` picks it up again.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from ..model.schema import Claim
from ..store.atomic import ignored_folder, write_text_atomic
from ..store.yamlread import YamlProblem, read_document
from ..store.yamlwrite import keyed_lines

DRAFTS_DIR = "drafts/.new"


def new_draft(root: Path) -> str:
    """A fresh draft path, drafts/.new/YYYYMMDD-HHMMSS.yaml (with -2, -3 ... if taken)."""
    ignored_folder(root / "drafts", "Drafts of `kb new` and `kb extract`", root)
    ignored_folder(root / DRAFTS_DIR, "Drafts of `kb new`", root)
    stem = time.strftime("%Y%m%d-%H%M%S")
    relpath, n = f"{DRAFTS_DIR}/{stem}.yaml", 2
    while (root / relpath).exists():
        relpath, n = f"{DRAFTS_DIR}/{stem}-{n}.yaml", n + 1
    return relpath


def resume_command(relpath: str) -> str:
    return f"kb new --resume {relpath}"


ASKED = "# asked: "


def draft_text(relpath: str, values: dict[str, Any], asked: list[str] = ()) -> str:
    lines = [line for _, line in keyed_lines({k: v for k, v in values.items() if k != "id" or v}, Claim)]
    head = [f"# A claim `kb new` has not written yet. Resume it: {resume_command(relpath)}"]
    if asked:
        head.append(ASKED + " ".join(asked))
    return "\n".join([*head, *lines]) + "\n"


def save_draft(root: Path, relpath: str, values: dict[str, Any], asked: list[str] = ()) -> None:
    write_text_atomic(root / relpath, draft_text(relpath, values, asked), overwrite=True, root=root)


def load_draft(path: Path) -> tuple[dict[str, Any], list[str]]:
    """A draft's values and the fields already asked for; ValueError saying what is wrong with the file."""
    try:
        text = path.read_text(encoding="utf-8")
        asked = next((line[len(ASKED):].split() for line in text.splitlines() if line.startswith(ASKED)), [])
        data = read_document(text).data
    except OSError as error:
        raise ValueError(f"cannot read the draft {path}: {error.strerror}") from None
    except YamlProblem as error:
        raise ValueError(f"{path}:{error.line}:{error.column}: {error.message}") from None
    if data is None:
        return {}, asked
    if not isinstance(data, dict):
        raise ValueError(f"{path} is not a draft of a claim ('key: value' lines)")
    return data, asked


def remove_draft(root: Path, relpath: str | None) -> None:
    if relpath and (root / relpath).exists():
        (root / relpath).unlink()
