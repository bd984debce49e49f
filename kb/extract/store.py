"""The drafts folder: `drafts/<source>/` at the repository root, outside `claims/`, so `kb check`
never reads a draft as a claim.

    drafts/<source>/<draft-id>.yaml     a draft waiting for review (one YAML mapping); its `id` names the
                                        draft, the claim's id is chosen when it is accepted (from the
                                        resolved names), unless the analyst gave one (`claim_id`)
    drafts/<source>/rejected/<id>.yaml  a rejected draft, kept (nothing the analyst edited is lost)
    drafts/<source>/decisions.yaml      what was decided: one entry per draft
                                        (id, decision: accepted|rejected, claim: the new claim's id, quote)

Every write is atomic (kb/store/atomic.py) and stays inside the repository. A passage counts as
decided when a decision's quote, or the quote of a claim citing the source, covers it or
lies inside it (`kb.extract.match`), so a re-run does not propose it again.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

from ..store.atomic import check_target, ignored_folder, write_text_atomic
from ..store.files import FileProblem, read_text
from ..store.yamlread import YamlProblem, read_document
from ..store.yamlwrite import flow_list, scalar
from .match import covers, fold

DRAFTS_DIR = "drafts"
DECISIONS = "decisions.yaml"
KEYS = ("id", "claim_id", "claim", "speaker", "company", "concerns", "product", "factory", "milestone", "when", "said",
        "status", "source", "quote", "quote_kind", "quantities", "attributes", "tags", "supports", "contradicts",
        "supersedes", "elaborates", "related", "inferred", "external", "note", "also", "new")
BLOCK_LISTS = ("also", "new")  # long texts: one per line


class DraftProblem(Exception):
    """A draft or decisions file that cannot be read; the message names the file."""


def folder(root: Path, source: str) -> Path:
    return root / DRAFTS_DIR / source


def dump(draft: dict[str, Any], indent: str = "") -> str:
    """A draft as YAML, keys in claim order, then `also` and `new` as block lists."""
    lines = []
    for key in KEYS:
        value = draft.get(key)
        if value in (None, "", [], (), {}):
            continue
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines.extend(f"  {k}: {flow_list(v) if isinstance(v, (list, tuple)) else scalar(v)}" for k, v in value.items())
        elif key in BLOCK_LISTS:
            lines.append(f"{key}:")
            lines.extend(f"  - {scalar(v)}" for v in value)
        elif isinstance(value, (list, tuple)):
            lines.append(f"{key}: {flow_list(value)}")
        else:
            lines.append(f"{key}: {scalar(value)}")
    lines.extend(f"{key}: {scalar(value)}" for key, value in draft.items() if key not in KEYS)
    return "".join(f"{indent if i else ''}{line}\n" for i, line in enumerate(lines))


def dump_all(drafts: Iterable[dict[str, Any]]) -> str:
    """Drafts as one YAML list."""
    text = "".join("- " + dump(d, indent="  ") for d in drafts)
    return text or "[]\n"


def _read(path: Path, root: Path | None = None) -> Any:
    shown = path.relative_to(root).as_posix() if root is not None else path
    try:
        doc = read_document(read_text(path))
    except (FileProblem, YamlProblem) as error:
        raise DraftProblem(f"{shown}:{error.line}:{error.column}: {error.message}; fix or delete the file") from None
    if doc.problems:
        first = doc.problems[0]
        raise DraftProblem(f"{shown}:{first.line}:{first.column}: {first.message}; fix or delete the file")
    return doc.data


def load(path: Path, root: Path | None = None) -> dict[str, Any]:
    data = _read(path, root)
    if not isinstance(data, dict) or not data.get("quote"):
        shown = path.relative_to(root).as_posix() if root is not None else path
        raise DraftProblem(f"{shown}:1:1: not a draft (a mapping with a quote); fix or delete the file")
    for key in ("when", "said"):
        if data.get(key) is not None:
            data[key] = str(data[key])
    return data


def pending(root: Path, source: str) -> list[tuple[Path, dict[str, Any]]]:
    """The drafts waiting for review, by file name."""
    here = folder(root, source)
    if not here.is_dir():
        return []
    return [(p, load(p, root)) for p in sorted(here.glob("*.yaml")) if p.name != DECISIONS]


def sources_with_drafts(root: Path) -> list[str]:
    base = root / DRAFTS_DIR
    if not base.is_dir():
        return []
    return sorted(p.name for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")  # .new: kb new's
                  and any(f.name != DECISIONS for f in p.glob("*.yaml")))


def decisions(root: Path, source: str) -> list[dict[str, Any]]:
    path = folder(root, source) / DECISIONS
    if not path.exists():
        return []
    data = _read(path, root)
    if data is None:
        return []
    if not isinstance(data, list):
        raise DraftProblem(f"{path.relative_to(root).as_posix()}:1:1: expected a list of decisions; fix the file")
    return [d for d in data if isinstance(d, dict)]


def record(root: Path, source: str, draft: dict[str, Any], decision: str, claim_id: str | None = None) -> None:
    """Add one decision to decisions.yaml (rewritten atomically)."""
    entries = decisions(root, source)
    entry = {"id": draft.get("id"), "decision": decision, "claim": claim_id, "quote": draft.get("quote")}
    entries.append({k: v for k, v in entry.items() if v})
    text = "".join("- " + "  ".join(f"{k}: {scalar(v)}\n" for k, v in e.items()) for e in entries)
    write_text_atomic(folder(root, source) / DECISIONS, text, overwrite=True, root=root)


def save(root: Path, path: Path, draft: dict[str, Any], overwrite: bool = False) -> None:
    ignored_folder(root / DRAFTS_DIR, "Drafts of `kb new` and `kb extract`", root)
    write_text_atomic(path, dump(draft), overwrite=overwrite, root=root)


def set_aside(root: Path, path: Path) -> Path:
    """Move a rejected draft into rejected/ beside it, never over another file."""
    target = path.parent / "rejected" / path.name
    n = 2
    while target.exists():
        target = path.parent / "rejected" / f"{path.stem}-{n}{path.suffix}"
        n += 1
    check_target(target, overwrite=False, root=root)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.link(path, target)
    os.unlink(path)
    return target


def remove(root: Path, path: Path) -> None:
    """Delete an accepted draft (its claim file now holds it)."""
    check_target(path, overwrite=True, root=root)
    path.unlink()


def decided_quotes(root: Path, source: str, claim_quotes: Iterable[str]) -> list[str]:
    """Quotes whose passages are settled: decided drafts, and claims already citing the source."""
    return [d["quote"] for d in decisions(root, source) if d.get("quote")] + list(claim_quotes)


def is_settled(draft: dict[str, Any], settled: list[str]) -> bool:
    passages = [draft.get("quote") or "", *(draft.get("also") or [])]
    return any(covers(q, p) or covers(p, q) for q in settled for p in passages if p)


def same_passage(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return fold(a.get("quote") or "") == fold(b.get("quote") or "")
