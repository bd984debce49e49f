"""Measure `kb extract` on the evaluation sets: recall, field accuracy and precision; on plan histories,
also `said` and `when` accuracy and the links `kb track --suggest` proposes, end to end.

For each article of tests/extract_eval/dev/ and tests/extract_eval/heldout/ (format in
tests/extract_eval/README.md) and in total for each set:

- recall: expected claims whose quote a draft covers (its quote, or a passage merged into
  it), as `kb.extract.match.covers` decides;
- field accuracy: on the claims found, the share of the fields speaker, company, factory,
  when and status that the covering draft has right (both absent counts as right; names of
  entities outside the registry compare without case, punctuation or words like "plant");
- precision: drafts matched to an expected claim, one draft per claim (a draft that only
  repeats a claim another draft already matched does not count).

A set of plan histories (`plans-dev/`, `plans-heldout/`, or any folder given with `--plans`; format in
tests/extract_eval/README.md) is measured end to end, history by history, the way an analyst would use
kb: a knowledge base is built in a temporary folder from the set's registry, each article is archived
and registered as a source, and in the order of the history, `kb extract` drafts its claims; the
drafts matched to an expected claim are accepted as they are (the names they propose are added with
the `kb add` commands they carry) and written as claims by `kb review`'s own path, the others
rejected. Then `kb track --suggest` runs on the history's claims and its proposed links are mapped
to expected ids and compared with history.yaml's `links`. Reported: recall, field accuracy over
speaker, company, factory, when, said, status, product and milestone (`when` and `said` also on
their own), precision, link recall and precision, and the commands an analyst would type per source
(add the source, extract, review, add each new name, `kb set` each wrong field of an accepted draft,
`kb new` each claim missed, apply the links) with the hand edits (none: every fix has a command). A
second line measures `--suggest` on the expected claims themselves, written without their links.

    python bench/extract_eval.py                      # dev and heldout, one line per article
    python bench/extract_eval.py -v dev               # and what was missed or wrong
    python bench/extract_eval.py plans-dev            # the plan histories under tests/extract_eval/
    python bench/extract_eval.py --plans tests/extract_eval/plans-heldout   # any set of plan histories
    python bench/extract_eval.py --statements --plans tests/extract_eval/plans-dev3   # as kb extract --statements
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import yaml  # noqa: E402

from kb.extract import extract_text, registry_from  # noqa: E402
from kb.extract.match import covers, draft_covers, same_name  # noqa: E402
from kb.store.load import entities_from, parse_text  # noqa: E402

FIELDS = ("speaker", "company", "factory", "when", "status")
STATEMENTS = False  # --statements: drafts of remarks too (`kb extract --statements`), as the older sets count them


def load_registry(*folders: Path):
    """The registry the extractor sees: the shared one, and a set's own (heldout/registry/) when it has one."""
    entities = []
    for path in sorted(p for folder in folders if folder.is_dir() for p in folder.glob("*.yaml")):
        relpath = f"claims/registry/{path.name}"
        doc, problems = parse_text(relpath, path.read_text(encoding="utf-8"), is_registry=True)
        if doc is None or problems:
            raise SystemExit(f"{path}: {problems}")
        records, problems = entities_from(relpath, doc)
        if problems:
            raise SystemExit(f"{path}: {problems[0]}")
        entities.extend(records)
    return registry_from(entities)


def same_when(a, b) -> bool:
    a, b = (None if a is None else str(a)), (None if b is None else str(b))
    if a == b:
        return True
    if a is None or b is None:
        return False
    try:
        from kb.model.period import parse  # the claim model's periods, once they exist
    except ImportError:
        return False
    try:
        pa, pb = parse(a), parse(b)
    except ValueError:
        return False
    return (pa.start, pa.end) == (pb.start, pb.end)


def field_right(name: str, draft: dict, expected: dict) -> bool:
    got, want = draft.get(name), expected.get(name)
    if name == "when":
        return same_when(got, want)
    if name == "status":
        return got == want
    return same_name(got, None if want is None else str(want))


def matching(edges: dict[int, list[int]]) -> int:
    """Size of a maximum matching of drafts to expected claims (augmenting paths; sets are small)."""
    return len(assignment(edges))


def assignment(edges: dict[int, list[int]]) -> dict[int, int]:
    """Expected claim -> draft of a maximum matching, edges draft -> the claims it covers (each once)."""
    owner: dict[int, int] = {}

    def assign(draft: int, seen: set[int]) -> bool:
        for claim in edges.get(draft, []):
            if claim in seen:
                continue
            seen.add(claim)
            if claim not in owner or assign(owner[claim], seen):
                owner[claim] = draft
                return True
        return False

    for draft in edges:
        assign(draft, set())
    return owner


def quotes_of(claim: dict) -> list[str]:
    """An expected claim's quote, and the other versions of it (`also`: a bullet that repeats a body
    sentence in other words is one claim; a draft covering either version found it)."""
    return [claim["quote"], *claim.get("also", [])]


def best_draft(drafts: list[dict], claim: dict) -> dict | None:
    for quote in quotes_of(claim):
        own = [d for d in drafts if covers(d["quote"], quote)]
        pool = own or [d for d in drafts if draft_covers(d, quote)]
        if pool:
            return min(pool, key=lambda d: abs(len(d["quote"]) - len(quote)))
    return None


def evaluate(txt: Path, registry, verbose: bool) -> dict:
    meta = yaml.safe_load(txt.with_suffix(".yaml").read_text(encoding="utf-8"))
    source = meta["source"]
    said = source.get("date")
    if not isinstance(said, date):
        said = date.fromisoformat(str(said)) if said and len(str(said)) == 10 else None
    drafts = extract_text(txt.read_text(encoding="utf-8"), registry, source["id"], said, statements=STATEMENTS)
    expected = meta.get("expected") or []
    found = right = 0
    lines = []
    for claim in expected:
        draft = best_draft(drafts, claim)
        if draft is None:
            lines.append(f"    missed: {claim['quote'][:100]}")
            continue
        found += 1
        for name in FIELDS:
            if field_right(name, draft, claim):
                right += 1
            else:
                lines.append(f"    {name}: got {draft.get(name)!r}, want {claim.get(name)!r}  ({claim['quote'][:60]})")
    edges = {i: [j for j, c in enumerate(expected) if any(draft_covers(d, q) for q in quotes_of(c))]
             for i, d in enumerate(drafts)}
    matched = matching(edges)
    for i, d in enumerate(drafts):
        if not edges[i]:
            lines.append(f"    extra draft: {d['quote'][:100]}")
    if verbose:
        print(f"  {txt.stem}")
        print("\n".join(lines) if lines else "    (all right)")
    return {"name": txt.stem, "expected": len(expected), "found": found, "fields": found * len(FIELDS),
            "right": right, "drafts": len(drafts), "matched": matched}


def is_plan_set(folder: Path) -> bool:
    """A set of plan histories: folders holding a history.yaml."""
    return folder.is_dir() and any(folder.glob("*/history.yaml"))


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f} %" if b else "    - "


def report(name: str, rows: list[dict]) -> None:
    print(f"\n{name}: {len(rows)} article(s)")
    print(f"  {'article':34} {'claims':>6} {'recall':>8} {'fields':>8} {'drafts':>6} {'precision':>9}")
    total = {k: 0 for k in ("expected", "found", "fields", "right", "drafts", "matched")}
    for row in rows:
        print(f"  {row['name'][:34]:34} {row['expected']:6} {pct(row['found'], row['expected']):>8} "
              f"{pct(row['right'], row['fields']):>8} {row['drafts']:6} {pct(row['matched'], row['drafts']):>9}")
        for key in total:
            total[key] += row[key]
    print(f"  {'total':34} {total['expected']:6} {pct(total['found'], total['expected']):>8} "
          f"{pct(total['right'], total['fields']):>8} {total['drafts']:6} {pct(total['matched'], total['drafts']):>9}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", default=None, help="dev, heldout, plans-dev, plans-heldout "
                                                             "(default: dev and heldout)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses, wrong fields and extra drafts")
    parser.add_argument("--data", type=Path, default=ROOT / "tests" / "extract_eval")
    parser.add_argument("--plans", type=Path, action="append", default=[], metavar="FOLDER",
                        help="a set of plan histories to measure (repeat for more)")
    parser.add_argument("--statements", action="store_true",
                        help="extract as `kb extract --statements` does: remarks too (the older sets count them)")
    args = parser.parse_args()
    global STATEMENTS
    STATEMENTS = args.statements
    sets = args.sets if args.sets or args.plans else ["dev", "heldout"]
    for folder in [*(args.data / n for n in sets if is_plan_set(args.data / n)), *args.plans]:
        from plans_eval import report_plans  # noqa: E402 - bench/plans_eval.py, beside this file

        report_plans(folder, args.verbose, args.statements)
    for name in [n for n in sets if not is_plan_set(args.data / n)]:
        registry = load_registry(args.data / "registry", args.data / name / "registry")
        articles = sorted((args.data / name).glob("*.txt"))
        if args.verbose:
            print(f"\n{name}:")
        rows = [evaluate(txt, registry, args.verbose) for txt in articles]
        report(name, rows)


if __name__ == "__main__":
    main()
