"""Plan histories measured end to end (see bench/extract_eval.py's docstring): kb extract, an analyst's
review that accepts exactly the drafts matched to an expected claim, kb's own writing of claims, then
`kb track --suggest` against history.yaml's true links.

Each history is run in a temporary folder that is removed afterwards; nothing of the set is changed.
"""

from __future__ import annotations

import shlex
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from extract_eval import assignment, best_draft, pct, quotes_of, same_name, same_when

from kb.extract import drafts_for_source
from kb.extract.match import draft_covers

FIELDS = ("speaker", "company", "factory", "when", "said", "status", "product", "milestone")
REGISTRY_FILES = ("companies.yaml", "people.yaml", "factories.yaml", "products.yaml", "milestones.yaml")
ADD_FLAGS = {"--name": "name", "--title": "title", "--role": "role", "--company": "company", "--owner": "owner",
             "--city": "city", "--region": "region", "--country": "country", "--alias": "aliases"}


@dataclass
class Result:
    name: str
    sources: int = 0
    expected: int = 0
    found: int = 0
    fields: int = 0
    right: int = 0
    when_right: int = 0
    said_right: int = 0
    drafts: int = 0
    matched: int = 0
    quantities: int = 0
    quantities_right: int = 0
    true_links: int = 0
    proposed: int = 0
    correct: int = 0
    gold_proposed: int = 0
    gold_correct: int = 0
    commands: int = 0
    not_written: int = 0
    lines: list = field(default_factory=list)
    registry_problems: list = field(default_factory=list)  # the set's registry as kb reads it (an entity kb rejects is left out)


def _text(value) -> str | None:
    return None if value is None else str(value)


def field_right(name: str, draft: dict, claim: dict, kb=None) -> bool:
    """kb: the knowledge base the draft was made from; an id it gives names the entity the gold claim names
    ("pellion-zaragoza" is the "Zaragoza site" an earlier article of the history added)."""
    got, want = draft.get(name), claim.get(name)
    if name in ("when", "said"):
        return same_when(_text(got), _text(want))
    if name in ("status", "milestone"):
        return got == want
    entity = kb.entities_by_id.get(got) if kb is not None and isinstance(got, str) else None
    if entity is not None and want is not None:
        names = [getattr(entity, "name", None), getattr(entity, "title", None), *getattr(entity, "aliases", ()),
                 getattr(entity, "publisher", None)]  # a source as speaker is its publication ("Electrek")
        if any(n and same_name(n, _text(want)) for n in names):
            return True
    return same_name(_text(got), _text(want))


def _quantities(value) -> dict:
    """name -> the amounts as kb reads them (a bare number of jobs counts in jobs: `about 1800` is `about 1800
    jobs`)."""
    from kb.model.quantity import effective_unit, parse

    out = {}
    for name, amount in (value or {}).items():
        items = amount if isinstance(amount, list) else [amount]
        try:
            out[name] = sorted(((q.qualifier, q.number, effective_unit(name, q))
                                for q in (parse(str(a)) for a in items)),
                               key=lambda amount: tuple("" if part is None else str(part) for part in amount))
        except ValueError:
            out[name] = [str(items)]
    return out


def _articles(history: Path) -> list[tuple[Path, dict]]:
    return [(txt, yaml.safe_load(txt.with_suffix(".yaml").read_text(encoding="utf-8")))
            for txt in sorted(history.glob("*.txt"))]


def _registry_sources(folder: Path) -> dict[str, dict]:
    path = folder / "registry" / "sources.yaml"
    if not path.exists():
        return {}
    return {entry["id"]: entry for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []}


def build(root: Path, folder: Path, articles: list[tuple[Path, dict]]) -> None:
    """A knowledge base at root: the set's registry, and each article archived and registered as a source."""
    from kb.model.schema import Source
    from kb.store.yamlwrite import dump_registry

    registry = root / "claims" / "registry"
    registry.mkdir(parents=True)
    (root / "sources").mkdir()
    for name in REGISTRY_FILES:
        if (folder / "registry" / name).exists():
            shutil.copy(folder / "registry" / name, registry / name)
    known = _registry_sources(folder)
    entries = []
    for txt, meta in articles:
        source = {**meta["source"], **known.get(meta["source"]["id"], {})}
        source = {k: (str(v) if isinstance(v, date) else v) for k, v in source.items()}
        source["archive"] = f"sources/{source['id']}.txt"
        shutil.copy(txt, root / source["archive"])
        entries.append(source)
    (registry / "sources.yaml").write_text(dump_registry(entries, Source), encoding="utf-8")


def _assignment(drafts: list[dict], expected: list[dict]) -> dict[int, int]:
    """Expected claim index -> draft index: a maximum matching of drafts covering claims, each draft once."""
    edges = {i: [j for j, c in enumerate(expected) if any(draft_covers(d, q) for q in quotes_of(c))]
             for i, d in enumerate(drafts)}
    return assignment(edges)


def _add_names(root: Path, draft: dict) -> int:
    """Add the entities an accepted draft's fields name and the registry lacks, with the `kb add` commands
    the draft carries (or, for a name it carries none for, as its field's kind), and the aliases it proposes
    for registry plants (`kb set ... aliases --add`); how many commands that took."""
    from kb.edit.new import ADD_KIND, resolve_names
    from kb.edit.registry_write import plan_add, write_add
    from kb.store.parse import load_kb

    added = 0
    kb, _ = load_kb(root)
    _, errors = resolve_names(kb, {k: draft.get(k) for k in ("speaker", "company", "concerns", "factory")})
    commands = {}
    for command in draft.get("new") or []:
        words = shlex.split(command)
        if words[:2] == ["kb", "set"] and words[3:5] == ["aliases", "--add"] and len(words) == 6:
            added += _add_alias(root, words[2], words[5])  # the name the article gives a registry plant, taught to it
            continue
        if words[:2] != ["kb", "add"]:
            continue
        values = {}
        for flag, value in zip(words[3::2], words[4::2]):
            if flag in ADD_FLAGS:
                values[ADD_FLAGS[flag]] = [value] if flag == "--alias" else value
        commands[values.get("name")] = (words[2], values)
    for error in errors:
        field_name = error.split(":", 1)[0].lstrip("-")
        term = error.split("'")[1] if "'" in error else None
        kind, values = commands.get(term, (ADD_KIND.get(field_name, "company"), {"name": term}))
        if kind == "factory" and draft.get("company") and "owner" not in values:
            values["owner"] = draft["company"]
        kb, _ = load_kb(root)
        for ref in ("company", "owner"):
            if values.get(ref) and values[ref] not in kb.entities_by_id:
                values.pop(ref)
        plan = plan_add(kb, kind, values)
        if not plan.entity.problems:
            write_add(root, plan)
            added += 1
    return added


def _add_alias(root: Path, ref: str, name: str) -> int:
    """`kb set REF aliases --add NAME`, as the analyst runs the command an accepted draft proposes; 1 when it was
    run (a name the entity already has is not added again)."""
    from kb.edit.setfield import Change, SetError, plan_set, write
    from kb.store.parse import load_kb

    kb, _ = load_kb(root)
    entity = kb.entities_by_id.get(ref)
    if entity is None or name in (getattr(entity, "name", None), *getattr(entity, "aliases", ())):
        return 0
    try:
        write(root, plan_set(kb, ref, [Change("aliases", "add", name)]))
    except SetError:
        return 0
    return 1


def _accept(root: Path, draft: dict) -> str | None:
    """Write an accepted draft as a claim through kb review's path; its claim id, or None."""
    from kb.extract import review
    from kb.store.atomic import write_text_atomic
    from kb.store.parse import load_kb

    kb, _ = load_kb(root)
    outcome = review.plan(kb, draft)
    if outcome.errors:
        return None
    write_text_atomic(root / outcome.plan.relpath, outcome.plan.text, overwrite=False, root=root)
    return outcome.plan.claim.id


def _wrong(draft: dict, claim: dict, kb=None) -> list[str]:
    wrong = [name for name in FIELDS if not field_right(name, draft, claim, kb)]
    want, got = _quantities(claim.get("quantities")), _quantities(draft.get("quantities"))
    wrong += [f"quantities.{k}" for k in sorted(set(want) | set(got)) if want.get(k) != got.get(k)]
    return wrong


def evaluate(folder: Path, history: Path, verbose: bool, statements: bool = False) -> Result:
    from kb.answers.suggest import suggest
    from kb.store.parse import load_kb

    result = Result(history.name)
    articles = _articles(history)
    links = yaml.safe_load((history / "history.yaml").read_text(encoding="utf-8")).get("links") or []
    truth = {(link["newer"], link["older"]) for link in links}
    result.true_links = len(truth)
    gold_of: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "kb"
        build(root, folder, articles)
        _, problems = load_kb(root)
        result.registry_problems = [str(p) for p in problems if p.path.startswith("claims/registry/")]
        for txt, meta in articles:
            result.sources += 1
            kb, _ = load_kb(root)
            drafts = drafts_for_source(kb, kb.entities_by_id[meta["source"]["id"]], statements=statements)
            expected = meta.get("expected") or []
            result.expected += len(expected)
            result.drafts += len(drafts)
            owner = _assignment(drafts, expected)
            result.matched += len(owner)
            commands = 3 + 1  # kb add source, kb extract --write, kb review; kb track --suggest --apply
            for j, claim in enumerate(expected):
                draft = drafts[owner[j]] if j in owner else best_draft(drafts, claim)
                if draft is None:
                    result.lines.append(f"    {txt.stem[:2]} missed {claim['id']}: {claim['quote'][:90]}")
                    commands += 1  # kb new
                    continue
                result.found += 1
                for name in FIELDS:
                    ok = field_right(name, draft, claim, kb)
                    result.fields += 1
                    result.right += ok
                    result.when_right += ok and name == "when"
                    result.said_right += ok and name == "said"
                    if not ok:
                        result.lines.append(f"    {txt.stem[:2]} {claim['id']} {name}: got {draft.get(name)!r}, "
                                            f"want {claim.get(name)!r}")
                want, got = _quantities(claim.get("quantities")), _quantities(draft.get("quantities"))
                for key in sorted(set(want) | set(got)):
                    result.quantities += 1
                    result.quantities_right += want.get(key) == got.get(key)
                    if want.get(key) != got.get(key):
                        result.lines.append(f"    {txt.stem[:2]} {claim['id']} quantities.{key}: got "
                                            f"{(draft.get('quantities') or {}).get(key)!r}, want "
                                            f"{(claim.get('quantities') or {}).get(key)!r}")
                if j in owner:
                    commands += _add_names(root, draft) + len(_wrong(draft, claim, kb))
                    claim_id = _accept(root, draft)
                    if claim_id is None:
                        result.not_written += 1
                        result.lines.append(f"    {txt.stem[:2]} {claim['id']}: the accepted draft could not be written")
                    else:
                        gold_of[claim_id] = claim["id"]
            taken = set(owner.values())
            for i, draft in enumerate(drafts):
                if i not in taken:
                    result.lines.append(f"    {txt.stem[:2]} extra draft: {draft['quote'][:90]}")
            result.commands += commands
        kb, _ = load_kb(root)
        proposed = {(gold_of.get(s.newer.id), gold_of.get(s.older.id)): s.reason for s in suggest(kb)}
    result.proposed = len(proposed)
    result.correct = len(set(proposed) & truth)
    for pair, reason in sorted(proposed.items(), key=str):
        if pair not in truth:
            result.lines.append(f"    wrong link: {pair[0]} supersedes {pair[1]} ({reason})")
    for pair in sorted(truth - set(proposed)):
        result.lines.append(f"    missed link: {pair[0]} supersedes {pair[1]}")
        result.commands += 1  # kb link
    gold = _gold_links(folder, articles)
    result.gold_proposed, result.gold_correct = len(gold), len(gold & truth)
    result.lines += [f"    on the expected claims, wrong link: {a} supersedes {b}" for a, b in sorted(gold - truth)]
    result.lines += [f"    on the expected claims, missed link: {a} supersedes {b}" for a, b in sorted(truth - gold)]
    if verbose:
        print(f"  {history.name}")
        print("\n".join(result.lines) if result.lines else "    (all right)")
    return result


def _gold_links(folder: Path, articles: list[tuple[Path, dict]]) -> set[tuple[str, str]]:
    """The links `kb track --suggest` proposes on the expected claims themselves (written without links)."""
    from kb.answers.suggest import suggest
    from kb.edit.registry_write import plan_add, write_add
    from kb.extract.lexicon import COMPANY_SUFFIXES
    from kb.model.schema import Claim
    from kb.store.parse import load_kb
    from kb.store.yamlwrite import dump_claim

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "kb"
        build(root, folder, articles)
        for _, meta in articles:
            for claim in meta.get("expected") or []:
                kb, _ = load_kb(root)
                values = {"id": claim["id"], "claim": claim["quote"], "quote": claim["quote"],
                          "source": meta["source"]["id"], "status": claim["status"]}
                for name in ("speaker", "company", "factory"):
                    ref = claim.get(name)
                    if ref is None:
                        continue
                    ref = str(ref)
                    found = next((e.id for e in kb.entities if ref in (e.id, getattr(e, "name", None),
                                                                      getattr(e, "title", None))), None)
                    if found is None:
                        kind = "factory" if name == "factory" else "company" if name == "company" or (
                            ref.split()[-1] in COMPANY_SUFFIXES) else "person"
                        # the owner by the id its company got above (a name the registry lacked is added first)
                        owner = values.get("company") if kind == "factory" else None
                        extra = {"owner": owner} if owner in kb.entities_by_id else {}
                        plan = plan_add(kb, kind, {"name": ref, **extra})
                        if plan.entity.problems or not plan.entity.records:
                            raise ValueError(f"{claim['id']}: cannot add {kind} {ref!r}: "
                                             + "; ".join(p.message for p in plan.entity.problems))
                        write_add(root, plan)
                        found = plan.entity.records[0].id
                    values[name] = found
                for name in ("product", "milestone", "when", "said"):
                    if claim.get(name) is not None:
                        values[name] = str(claim[name])
                (root / "claims" / f"{claim['id']}.yaml").write_text(dump_claim(values, Claim), encoding="utf-8")
        kb, problems = load_kb(root)
        return {(s.newer.id, s.older.id) for s in suggest(kb)}


def report_plans(folder: Path, verbose: bool, statements: bool = False) -> None:
    """statements: draft as `kb extract --statements` does (remarks too), else as `kb extract` does."""
    histories = sorted(p.parent for p in folder.glob("*/history.yaml"))
    mode = "kb extract --statements" if statements else "kb extract"
    print(f"\n{folder.name}: {len(histories)} plan histories (end to end: {mode}, accept the matched drafts, "
          "write, kb track --suggest)")
    head = (f"  {'history':26} {'src':>3} {'claims':>6} {'recall':>8} {'fields':>8} {'when':>8} {'said':>8} "
            f"{'drafts':>6} {'precision':>9} {'links':>5} {'l.recall':>8} {'l.prec':>8} {'cmd/src':>7}")
    print(head)
    rows = [evaluate(folder, h, verbose, statements) for h in histories]
    for problem in dict.fromkeys(p for r in rows for p in r.registry_problems):
        print(f"  the set's registry, as kb reads it: {problem} (left out of every history)")
    total = Result("total")
    for row in rows + [total]:
        if row is total:
            for r in rows:
                for key, value in vars(r).items():
                    if isinstance(value, int):
                        setattr(total, key, getattr(total, key) + value)
        print(f"  {row.name[:26]:26} {row.sources:3} {row.expected:6} {pct(row.found, row.expected):>8} "
              f"{pct(row.right, row.fields):>8} {pct(row.when_right, row.found):>8} "
              f"{pct(row.said_right, row.found):>8} {row.drafts:6} {pct(row.matched, row.drafts):>9} "
              f"{row.true_links:5} {pct(row.correct, row.true_links):>8} {pct(row.correct, row.proposed):>8} "
              f"{row.commands / row.sources if row.sources else 0:7.1f}")
    print(f"  --suggest on the expected claims themselves (links removed): link recall "
          f"{pct(total.gold_correct, total.true_links).strip()}, precision "
          f"{pct(total.gold_correct, total.gold_proposed).strip()} ({total.gold_proposed} proposed)")
    print(f"  quantities right on the claims found: {pct(total.quantities_right, total.quantities).strip()} "
          f"of {total.quantities}; accepted drafts kb could not write: {total.not_written}; hand edits: 0 "
          "(every fix is a command: kb set, kb new, kb link)")
