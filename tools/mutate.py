#!/usr/bin/env python3
"""Mutation testing of kb's core: inject one small bug at a time and see whether a test fails.

    pip install -e '.[test,mutation]'
    python tools/mutate.py                                  # every module below, every mutant
    python tools/mutate.py kb/answers/xref.py --sample 20 --seed 1  # a quick look while writing tests
    python tools/mutate.py --try kb/answers/xref.py ' or key[1] in' ' and key[1] in'  # one mutant by hand

The mutants are made and applied by cosmic-ray (a maintained mutation-testing tool); this
script decides which ones, where and with which tests they run:

- over a copy of the work tree, with PYTHONPATH pointing at it, so that the in-process
  CliRunner tests and the tests running the installed `kb` command in a subprocess both
  import the mutated code (the work tree itself is never touched);
- with the index cache (.kb-cache) of the copy emptied before every run, since a cache
  built by the real code would hide a mutant in the code that fills it;
- with the operators that stand for a plausible slip (OPERATORS): a comparison flipped or
  moved by one, `in`/`not in` swapped, `and`/`or` swapped, a condition negated or a `not`
  dropped, a number or True/False changed, a loop skipped, `break`/`continue` swapped, an
  exception no longer caught, a return value replaced by None;
- with only the tests that exercise the module (MODULES), stopping at the first failure.

It prints killed/survived per module and every survivor with file:line and the change. A
survivor listed in tools/mutation-equivalent.toml (with why it cannot change anything a user
sees) is shown with that reason and left out of the adjusted score; any other survivor is a
test to write.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import tomllib

REPO = Path(__file__).resolve().parent.parent
EQUIVALENT = REPO / "tools" / "mutation-equivalent.toml"

# module -> the tests that exercise it, quickest and most telling first (pytest stops at the first failure)
MODULES = {
    "kb/answers/query.py": ["tests/test_query.py", "tests/test_list.py", "tests/test_show.py", "tests/test_model_sources.py",
                    "tests/test_state.py"],
    "kb/answers/xref.py": ["tests/test_xref.py"],
    "kb/model/validate.py": ["tests/test_validate.py", "tests/test_errors.py", "tests/test_hostile_input.py",
                       "tests/test_schema.py", "tests/test_model_registry.py"],
    "kb/store/fastread.py": ["tests/test_fastread.py", "tests/test_hostile_input.py", "tests/test_empty_values.py"],
    # the long cache-versus-no-cache scenarios of tests/test_index.py are left out: the score is a lower bound
    "kb/store/freshness.py": ["tests/test_freshness.py", "tests/test_checks.py", "tests/test_installed_cli.py"],
    "kb/checks/__init__.py": ["tests/test_recheck.py", "tests/test_set.py", "tests/test_new.py", "tests/test_checks.py",
                              "tests/test_freshness.py", "tests/test_empty_values.py", "tests/test_differential.py",
                              "tests/test_progress.py"],
    "kb/checks/duplicates.py": ["tests/test_checks.py", "tests/test_check.py", "tests/test_empty_values.py"],
    "kb/checks/ids.py": ["tests/test_checks.py", "tests/test_hostile_input.py", "tests/test_errors.py"],
    "kb/checks/quotes.py": ["tests/test_checks.py", "tests/test_check.py", "tests/test_recheck.py"],
    "kb/checks/references.py": ["tests/test_checks.py", "tests/test_errors.py", "tests/test_hostile_input.py",
                                "tests/test_schema.py"],
    "kb/checks/relations.py": ["tests/test_checks.py", "tests/test_xref.py", "tests/test_hostile_input.py"],
    "kb/checks/aliases.py": ["tests/test_model_registry.py", "tests/test_checks.py", "tests/test_model_sources.py",
                             "tests/test_recheck.py"],
    "kb/checks/attributes.py": ["tests/test_model_registry.py", "tests/test_model_sources.py", "tests/test_checks.py",
                                "tests/test_recheck.py"],
    "kb/checks/external.py": ["tests/test_model_sources.py", "tests/test_checks.py", "tests/test_recheck.py"],
    # the second fast reader: held to the usual way's records, positions and rows
    "kb/store/fastclaim.py": ["tests/test_fast_claims.py", "tests/test_answers_from_rows.py", "tests/test_fastread.py"],
    # the claim model (issue 10) and kb track
    "kb/model/period.py": ["tests/test_period.py", "tests/test_query.py", "tests/test_extract_units.py", "tests/test_validate.py",
                     "tests/test_schema_agreement.py", "tests/test_list.py", "tests/test_xref.py", "tests/test_state.py",
                     "tests/test_model_sources.py", "tests/test_track.py"],
    "kb/model/quantity.py": ["tests/test_quantity.py", "tests/test_schema_agreement.py", "tests/test_model_sources.py", "tests/test_import.py",
                       "tests/test_track.py", "tests/test_fmt_fast.py"],
    "kb/model/kinds.py": ["tests/test_validate.py", "tests/test_schema_agreement.py", "tests/test_model_registry.py",
                    "tests/test_errors.py", "tests/test_empty_values.py", "tests/test_model_sources.py",
                    "tests/test_hostile_input.py", "tests/test_schema.py"],
    "kb/answers/stats.py": ["tests/test_search_export_stats.py", "tests/test_model_sources.py", "tests/test_state.py",
                    "tests/test_tables.py"],
    "kb/answers/state.py": ["tests/test_state.py", "tests/test_search_export_stats.py", "tests/test_list.py", "tests/test_xref.py",
                    "tests/test_model_sources.py", "tests/test_track.py", "tests/test_partial_kept.py"],
    "kb/answers/track.py": ["tests/test_track.py", "tests/test_plans.py", "tests/test_state.py", "tests/test_as_of.py",
                            "tests/test_tables.py", "tests/test_partial_kept.py"],
    # progress toward a plan, or the plan kept (one rule every answer reads)
    "kb/model/progress.py": ["tests/test_partial_kept.py", "tests/test_track.py", "tests/test_state.py"],
    "kb/answers/record.py": ["tests/test_track.py", "tests/test_state.py", "tests/test_tables.py"],
    "kb/edit/link.py": ["tests/test_track.py", "tests/test_suggest.py"],
    # where answers are made today (issue 19): lookups from the index, and every write
    "kb/answers/lookup.py": ["tests/test_show.py", "tests/test_search_export_stats.py", "tests/test_state.py",
                             "tests/test_xref.py", "tests/test_list.py", "tests/test_plans.py",
                             "tests/test_model_sources.py", "tests/test_recheck.py", "tests/test_track.py",
                             "tests/test_as_of.py", "tests/test_answers_from_rows.py", "tests/test_partial_kept.py"],
    "kb/answers/suggest.py": ["tests/test_suggest.py", "tests/test_track.py", "tests/test_plan_by_commands.py"],
    "kb/edit/importer.py": ["tests/test_import.py", "tests/test_import_datasets.py", "tests/test_import_rows.py",
                            "tests/test_add_mv.py"],  # kb mv rewrites the import records (rename_in_records)
    "kb/edit/import_mapping.py": ["tests/test_import.py", "tests/test_import_datasets.py", "tests/test_import_rows.py"],
    "kb/edit/fmt.py": ["tests/test_fmt.py", "tests/test_fmt_fast.py", "tests/test_nothing_lost.py",
                       "tests/test_model_registry.py", "tests/test_set.py", "tests/test_empty_values.py",
                       "tests/test_yamllint.py"],
    "kb/edit/rename.py": ["tests/test_add_mv.py", "tests/test_import.py", "tests/test_import_rows.py"],
    "kb/edit/registry_write.py": ["tests/test_add_mv.py", "tests/test_suggest.py", "tests/test_second_source.py",
                                  "tests/test_extract_cli.py"],
    "kb/edit/setfield.py": ["tests/test_set.py", "tests/test_suggest.py"],
    # drafts from an archived source's text (kb extract)
    "kb/extract/pipeline.py": ["tests/test_extract_plans.py", "tests/test_extract_general.py",
                               "tests/test_extract_seed.py", "tests/test_extract_cli.py"],
}

_FLIPS = "Eq_NotEq|NotEq_Eq|Is_IsNot|IsNot_Is|Lt_LtE|Lt_GtE|LtE_Lt|LtE_Gt|Gt_GtE|Gt_LtE|GtE_Gt|GtE_Lt"
OPERATORS = re.compile(
    rf"core/(ReplaceComparisonOperator_({_FLIPS})|ReplaceAndWithOr|ReplaceOrWithAnd|AddNot"
    r"|ReplaceUnaryOperator_Delete_(Not|USub)|NumberReplacer|ReplaceTrueWithFalse|ReplaceFalseWithTrue"
    r"|ReplaceBinaryOperator_(Add_Sub|Sub_Add)|ReplaceBreakWithContinue|ReplaceContinueWithBreak"
    r"|ZeroIterationForLoop|ExceptionReplacer)$|kb/.*")


# ---------------------------------------------------------------- operators cosmic-ray lacks

def _kb_operators():
    """`in`/`not in` swapped, a comprehension's condition negated, a return value replaced by None."""
    import parso
    from cosmic_ray.operators.operator import Example, Operator

    def _comparison_ops(node, word):
        if node.type == "comparison":
            for i, op in enumerate(node.children[1::2]):
                if op.get_code().split() == word.split():
                    yield i * 2 + 1, op

    class ReplaceInWithNotIn(Operator):
        """`x in y` becomes `x not in y`."""
        source, target = "in", "not in"

        def mutation_positions(self, node):
            for _, op in _comparison_ops(node, self.source):
                yield op.start_pos, op.end_pos

        def mutate(self, node, index):
            position, _ = list(_comparison_ops(node, self.source))[index]
            node.children[position] = parso.parse(" " + self.target)
            return node

        @classmethod
        def examples(cls):
            return (Example(f"x {cls.source} y", f"x {cls.target} y"),)

    class ReplaceNotInWithIn(ReplaceInWithNotIn):
        """`x not in y` becomes `x in y`."""
        source, target = "not in", "in"

    class NegateComprehensionCondition(Operator):
        """`[a for a in b if c]` becomes `[a for a in b if not (c)]`."""

        def mutation_positions(self, node):
            if node.type == "comp_if":
                yield node.children[1].start_pos, node.children[1].end_pos

        def mutate(self, node, index):
            node.children[1] = parso.parse(f" not ({node.children[1].get_code().strip()})")
            return node

        @classmethod
        def examples(cls):
            return (Example("[a for a in b if c]", "[a for a in b if not (c)]"),)

    class ReturnNone(Operator):
        """`return value` becomes `return None`."""

        def mutation_positions(self, node):
            if node.type == "return_stmt" and node.children[1].get_code().strip() != "None":
                yield node.children[1].start_pos, node.children[1].end_pos

        def mutate(self, node, index):
            node.children[1] = parso.parse(" None")
            return node

        @classmethod
        def examples(cls):
            return (Example("return x", "return None"),)

    return {cls.__name__: cls for cls in (ReplaceInWithNotIn, ReplaceNotInWithIn, NegateComprehensionCondition,
                                          ReturnNone)}


def _register_operators() -> None:
    import cosmic_ray.plugins

    cosmic_ray.plugins.OPERATOR_PROVIDERS["kb"] = _kb_operators()


# ---------------------------------------------------------------- the copy and the test command

def copy_work_tree(target: Path) -> Path:
    """The files git knows of (tracked, or new and not ignored), as they are in the work tree now."""
    listed = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z", "-c", "-o", "--exclude-standard"],
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


RUNNER = """\
import os, shutil, subprocess, sys
root = sys.argv[1]
shutil.rmtree(os.path.join(root, ".kb-cache"), ignore_errors=True)
env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
env["PYTHONPATH"] = root
sys.exit(subprocess.call([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                          "-o", "addopts=", *sys.argv[2:]], cwd=root, env=env))
"""


def test_command(copy: Path, tests: list[str], select: str | None = None) -> str:
    runner = copy / ".mutation-runner.py"
    runner.write_text(RUNNER)
    extra = ["-k", select] if select else []
    import shlex

    return shlex.join([sys.executable, str(runner), str(copy), *tests, *extra])


def run_baseline(command: str) -> float:
    from cosmic_ray.testing import run_tests
    from cosmic_ray.work_item import TestOutcome

    start = time.monotonic()
    outcome, output = run_tests(command, timeout=600)
    if outcome != TestOutcome.SURVIVED:
        sys.exit(f"the tests fail without any mutant:\n{output[-3000:]}")
    return time.monotonic() - start


# ---------------------------------------------------------------- mutants

def mutants(module: Path) -> list:
    """The mutants of OPERATORS, except in decorators (the size of a cache, not what it computes)."""
    from cosmic_ray.commands.init import _all_work_items

    lines = module.read_text(encoding="utf-8").split("\n")
    return [item for item in _all_work_items([module], {})
            if OPERATORS.match(item.mutations[0].operator_name)
            and not lines[item.mutations[0].start_pos[0] - 1].lstrip().startswith("@")]


def change_of(diff: str) -> tuple[str, str]:
    """The first removed and added line of a unified diff, stripped."""
    before, after, _ = change_in_context(diff)
    return before, after


def change_in_context(diff: str) -> tuple[str, str, tuple[str, str]]:
    """(removed line, added line, (the unchanged line before them, the one after)), stripped."""
    lines = [line for line in diff.splitlines() if not line.startswith(("---", "+++", "@@"))]
    removed = [i for i, line in enumerate(lines) if line.startswith("-")]
    added = [line[1:].strip() for line in lines if line.startswith("+")]
    if not removed:
        return "", (added[0] if added else ""), ("", "")
    preceding = [line[1:].strip() for line in lines[:removed[0]] if line.startswith(" ")]
    following = [line[1:].strip() for line in lines[removed[0] + 1:] if line.startswith(" ")]
    return lines[removed[0]][1:].strip(), (added[0] if added else ""), (
        preceding[-1] if preceding else "", following[0] if following else "")


def load_equivalent() -> list[dict]:
    if not EQUIVALENT.exists():
        return []
    entries = tomllib.loads(EQUIVALENT.read_text(encoding="utf-8")).get("equivalent", [])
    for entry in entries:
        missing = {"file", "before", "after", "why"} - set(entry)
        if missing:
            sys.exit(f"{EQUIVALENT}: an entry lacks {', '.join(sorted(missing))}: {entry}")
    return entries


def why_equivalent(entries: list[dict], module: str, before: str, after: str,
                   context: tuple[str, str] = ("", "")) -> str | None:
    """The reason an entry gives for this change; an entry naming `previous` or `next` (the unchanged line
    before or after) matches only there."""
    for entry in entries:
        if entry["file"] == module and entry["before"].strip() == before and entry["after"].strip() == after \
                and entry.get("previous", context[0]).strip() == context[0] \
                and entry.get("next", context[1]).strip() == context[1]:
            return entry["why"]
    return None


def run_module(module: str, copy: Path, sample: int | None, seed: int, equivalent: list[dict],
               verbose: bool) -> dict:
    from cosmic_ray.mutating import mutate_and_test
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome

    tests = [t for t in MODULES[module] if (copy / t).exists()]
    command = test_command(copy, tests)
    baseline = run_baseline(command)
    timeout = max(60.0, 4 * baseline)
    items = mutants(copy / module)
    total = len(items)
    if sample is not None and sample < total:
        items = sorted(random.Random(f"{seed}:{module}").sample(items, sample),
                       key=lambda i: (i.mutations[0].start_pos, i.mutations[0].operator_name))
    print(f"{module}: {len(items)} of {total} mutants; tests: {' '.join(tests)} ({baseline:.0f} s each)",
          flush=True)
    result = {"module": module, "killed": 0, "survived": [], "equivalent": [], "errors": [], "timeouts": 0,
              "unapplied": 0}
    for number, item in enumerate(items, 1):
        spec = item.mutations[0]
        work = mutate_and_test(item.mutations, command, timeout)
        line = spec.start_pos[0]
        operator = spec.operator_name.split("/")[1]
        if work.worker_outcome in (WorkerOutcome.NO_TEST, WorkerOutcome.EXCEPTION):
            # no mutant was made (cosmic-ray cannot apply this one, e.g. an `except` naming `json.JSONDecodeError`)
            result["unapplied"] += 1
            continue
        before, after, following = change_in_context(work.diff or "")
        where = f"{module}:{line} {operator}: {before}  =>  {after}"
        if work.test_outcome == TestOutcome.KILLED:
            result["killed"] += 1
            result["timeouts"] += work.output == "timeout"
            state = "killed"
        elif work.test_outcome == TestOutcome.SURVIVED:
            reason = why_equivalent(load_equivalent(), module, before, after, following)  # read now: it may grow
            (result["equivalent"] if reason else result["survived"]).append((where, reason))
            state = "SURVIVED" if not reason else "equivalent"
        else:
            result["errors"].append((where, (work.output or "")[-500:]))
            state = "ERROR"
        if verbose or state not in ("killed", "equivalent"):
            print(f"  [{number}/{len(items)}] {state}: {where}", flush=True)
        elif number % 10 == 0:
            print(f"  [{number}/{len(items)}] {result['killed']} killed so far", flush=True)
    return result


def list_mutants(module: str, copy: Path, equivalent: list[dict]) -> None:
    """Every mutant of a module, without running anything (with the reason, for known equivalents)."""
    import difflib

    import cosmic_ray.plugins
    from cosmic_ray.mutating import MutationVisitor

    source = (copy / module).read_text(encoding="utf-8")
    for item in mutants(copy / module):
        spec = item.mutations[0]
        try:
            mutated = MutationVisitor.mutate_code(source, cosmic_ray.plugins.get_operator(spec.operator_name)(),
                                                  spec.occurrence)
        except Exception:  # noqa: BLE001 - a mutant cosmic-ray cannot make
            continue
        if mutated is None:
            continue
        before, after, following = change_in_context(
            "".join(difflib.unified_diff(source.splitlines(True), mutated.splitlines(True))))
        reason = why_equivalent(equivalent, module, before, after, following)
        print(f"{module}:{spec.start_pos[0]} {spec.operator_name.split('/')[1]}: {before}  =>  {after}"
              + (f"\n    equivalent: {reason}" if reason else ""))


def report(results: list[dict]) -> int:
    print("\nmodule                        killed  survived  equivalent   score  adjusted")
    worst = 100.0
    for r in results:
        survived, equivalent = len(r["survived"]), len(r["equivalent"])
        total = r["killed"] + survived + equivalent
        score = 100 * r["killed"] / total if total else 100.0
        adjusted = 100 * r["killed"] / (r["killed"] + survived) if r["killed"] + survived else 100.0
        worst = min(worst, adjusted)
        notes = [f"{r['timeouts']} killed by timeout"] * bool(r["timeouts"]) + \
            [f"{r['unapplied']} cosmic-ray could not apply"] * bool(r["unapplied"])
        print(f"{r['module']:<28} {r['killed']:>7} {survived:>9} {equivalent:>11} {score:>6.1f}% {adjusted:>8.1f}%"
              + (f"  ({'; '.join(notes)})" if notes else ""))
    for r in results:
        for where, why in r["equivalent"]:
            print(f"equivalent  {where}\n            why: {why}")
        for where, _ in r["survived"]:
            print(f"SURVIVED    {where}")
        for where, output in r["errors"]:
            print(f"ERROR       {where}\n{output}")
    return 0 if all(not r["errors"] for r in results) else 1


# ---------------------------------------------------------------- one mutant by hand

def try_one(spec: str, old: str, new: str, tests: list[str], copy: Path) -> int:
    """Apply one hand-written mutant (replace old by new on file:line, or once in the file) and run the tests."""
    from cosmic_ray.testing import run_tests
    from cosmic_ray.work_item import TestOutcome

    module, _, line = spec.partition(":")
    path = copy / module
    lines = path.read_text(encoding="utf-8").split("\n")
    if not line:  # no line given: old must occur once in the whole file
        found = [i for i, text in enumerate(lines) if old in text]
        if len(found) != 1 or lines[found[0]].count(old) != 1:
            sys.exit(f"{module}: {old!r} must occur exactly once in the file (it occurs on {len(found)} lines)")
        line = str(found[0] + 1)
        spec = f"{module}:{line}"
    number = int(line) - 1
    if lines[number].count(old) != 1:
        sys.exit(f"{spec}: {old!r} must occur exactly once on that line: {lines[number].strip()}")
    print(f"{spec}: {lines[number].strip()}\n{' ' * len(spec)}  {lines[number].replace(old, new).strip()}")
    lines[number] = lines[number].replace(old, new)
    path.write_text("\n".join(lines), encoding="utf-8")
    outcome, output = run_tests(test_command(copy, tests or MODULES.get(module, ["tests"])), timeout=900)
    failed = [ln for ln in output.splitlines() if ln.startswith("FAILED")]
    print("killed by " + (", ".join(failed) or output.strip().splitlines()[-1]) if outcome == TestOutcome.KILLED
          else "SURVIVED")
    return 0 if outcome == TestOutcome.KILLED else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", help="modules to mutate (default: all of MODULES); a folder "
                                                   "takes the modules in it")
    parser.add_argument("--sample", type=int, help="run N mutants per module, chosen at random")
    parser.add_argument("--seed", type=int, default=0, help="seed of the sample (default 0)")
    parser.add_argument("--verbose", "-v", action="store_true", help="show every mutant, killed ones too")
    parser.add_argument("--try", dest="try_", nargs=3, metavar=("FILE[:LINE]", "OLD", "NEW"),
                        help="apply one hand-written mutant (OLD once on that line, or in the file) and run the "
                             "module's tests (or --tests)")
    parser.add_argument("--tests", nargs="*", default=[], help="tests to run with --try")
    parser.add_argument("--list", action="store_true", help="list the mutants without running any test")
    args = parser.parse_args()
    try:
        import cosmic_ray  # noqa: F401
    except ImportError:
        sys.exit("cosmic-ray is not installed: pip install -e '.[mutation]'")
    _register_operators()
    with tempfile.TemporaryDirectory(prefix="kb-mutation-") as temp:
        copy = copy_work_tree(Path(temp) / "repo")
        if args.try_:
            return try_one(*args.try_, args.tests, copy)
        chosen = []
        for name in args.modules or MODULES:
            name = name.rstrip("/")
            found = [m for m in MODULES if m == name or m.startswith(name + "/")]
            if not found:
                sys.exit(f"no module {name!r}; modules: {', '.join(MODULES)}")
            chosen += [m for m in found if m not in chosen]
        equivalent = load_equivalent()
        if args.list:
            for module in chosen:
                list_mutants(module, copy, equivalent)
            return 0
        results = [run_module(m, copy, args.sample, args.seed, equivalent, args.verbose) for m in chosen]
    return report(results)


if __name__ == "__main__":
    sys.exit(main())
