"""The differential oracle (issue 19): whatever path an answer takes, it is the same answer.

Random sequences of edits to a small knowledge base in git - claims added, changed, moved (renamed),
deleted, broken and repaired; registry entries of every kind (companies, people, factories, sources, products, milestones);
attribute declarations; archived sources; commits - and after each step `kb check` with the index kept
from the step before prints exactly what `KB_NO_CACHE=1 kb check` prints, and so do `kb list`,
`kb stats`, `kb due`, `kb track` and `kb record` (answers on stdout, problems on stderr, exit codes).

Property-based (hypothesis): in CI a fixed set of 6 examples (the "ci" profile of tests/conftest.py:
derandomized; this test runs a tenth of the profile's examples, at least 6), each 2 to 6 steps of 1 to 3
edits, with `kb check` compared after every step and every command after the last; `KB_FUZZ=long` explores
500 at random (docs/testing.md). Edits are stamped a second apart in
the past (the `clock` fixture), so that the index trusts file times as it does between real edits, rather
than re-reading every recent file.
"""

from __future__ import annotations

import shutil
import tempfile
import textwrap
from pathlib import Path

from conftest import Kb, git
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

IDS = ("c1", "c2", "c3", "c4")
QUOTES = ("We will build a plant in Springfield.", "Production starts in 2025.", "Nothing like it was said.")
SAYINGS = ("Acme will build a plant in Springfield.", "Acme will build plant in Springfield",
           "Globex ships cells in 2025.", "Acme delays Springfield.")

REGISTRY = {  # file -> its variants; the first is the starting one
    "companies.yaml": [
        "- id: acme\n  name: Acme Batteries\n  aliases: [ACB]\n\n- id: globex\n  name: Globex\n",
        "- id: acme\n  name: Acme Batteries\n  aliases: [ACB]\n\n- id: globex\n  name: Globex\n  aliases: [ACB]\n",
        "- id: acme\n  name: Acme Batteries\n\n- id: globex\n  name: Globex\n  external:\n    reg: \"1\"\n",
        "- id: acme\n  name: Acme Batteries\n  aliases: [ACB]\n\n- id: globex\n  name: Globex\n\n"
        "- id: initech\n  name: Acme Batteries\n",
    ],
    "people.yaml": [
        "- id: jane-doe\n  name: Jane Doe\n  company: acme\n",
        "- id: jane-doe\n  name: Jane Doe\n  company: acme\n- id: ghost\n  name: Ghost Writer\n",
        "- id: jane-doe\n  name: Jane Doe\n  company: initech\n",
        "- id: jane-doe\n  name: [broken\n",
    ],
    "factories.yaml": [
        "- id: acme-springfield\n  name: Springfield plant\n  owner: acme\n",
        "- id: acme-springfeld\n  name: Springfield plant\n  owner: acme\n",
        "- id: acme-springfield\n  name: Springfield plant\n  owner: acme\n- id: c1\n  name: Plant One\n",
    ],
    "sources.yaml": [
        "- id: daily\n  title: Daily News\n  kind: article\n  date: 2023-05-01\n  archive: sources/daily.txt\n",
        "- id: daily\n  title: Daily News\n  kind: article\n  archive: sources/daily.txt\n",
        "- id: daily\n  title: Daily News\n  kind: article\n  date: 2024-02-01\n  archive: sources/other.txt\n",
        "- id: daily\n  title: Daily News\n  kind: article\n  date: 2023-05-01\n  archive: ../outside.txt\n",
    ],
    "attributes.yaml": [
        "- name: rating\n  type: choice\n  values: [high, low]\n  description: How sure.\n",
        "- name: rating\n  type: choice\n  values: [high]\n  description: How sure.\n",
        "- name: rating\n  type: number\n  description: How sure.\n",
        "- name: rating\n  type: choice\n  description: How sure.\n",
        "- name: ratng\n  type: text\n  description: A typo.\n",
    ],
    "products.yaml": [
        "- id: cells\n  name: Battery cells\n  aliases: [cell]\n",
        "- id: cells\n  name: Battery cells\n  aliases: [cell]\n\n- id: packs\n  name: Packs\n  aliases: [cell]\n",
    ],
    "milestones.yaml": [
        "- id: recycling-start\n  name: Recycling of scrap starts\n",
        "- id: recycling-starts\n  name: Recycling of scrap starts\n",
        "# none declared yet\n",
    ],
}
ARCHIVES = [f"{QUOTES[0]} {QUOTES[1]}\n", f"{QUOTES[0]}\n", f"{QUOTES[1]} {QUOTES[1][:-1]}!\n", None]

claims = st.fixed_dictionaries({
    "claim": st.sampled_from(SAYINGS),
    "speaker": st.sampled_from(["jane-doe", "acme", "globex", "ghost"]),
    "company": st.sampled_from(["acme", "globex", "initech"]),
    "status": st.sampled_from(["planned", "considering", "done", "cancelled", "statement"]),
    "when": st.sampled_from([None, "2024", "2025-H2", "..2026", "2027"]),
    "said": st.sampled_from([None, "2023-06", "2024", "2025-03-01"]),
    "product": st.sampled_from([None, "cells"]),
    "factory": st.sampled_from([None, "acme-springfield"]),
    "milestone": st.sampled_from([None, "mass-production", "recycling-start", "mass-prodution", "sample-production",
                                  "closure"]),
    "quote": st.sampled_from(QUOTES),
    "quote_kind": st.sampled_from([None, "paraphrase"]),
    "supersedes": st.sampled_from([None, *IDS]),
    "elaborates": st.sampled_from([None, *IDS]),
    "contradicts": st.sampled_from([None, "c1"]),
    "rating": st.sampled_from([None, "high", "low", "7"]),
    "external": st.sampled_from([None, "1", "2"]),
})
registry_edits = st.tuples(st.just("registry"), st.sampled_from(sorted(REGISTRY)), st.integers(0, 4))
archive_edits = st.tuples(st.just("archive"), st.sampled_from(["daily.txt", "daily.txt", "other.txt"]),
                          st.integers(0, len(ARCHIVES) - 1))
edits = st.one_of(  # the files the claims do not name (registry, archives) twice as often: the recheck's hard part
    st.tuples(st.just("claim"), st.sampled_from(IDS), st.one_of(claims, st.just(None), st.just("broken"))),
    registry_edits, archive_edits, registry_edits, archive_edits,
    st.tuples(st.just("move"), st.sampled_from(IDS), st.sampled_from(["x", "y", "renamed"])),
    st.tuples(st.just("commit")),
)
steps = st.lists(edits, min_size=1, max_size=3)  # what a contributor changes between two runs of kb
COMMANDS = [["list", "--current", "-o", "ids"], ["stats", "-o", "plain"],
            ["due", "--as-of", "2025-06", "-o", "plain"], ["track", "--as-of", "2026-01", "-o", "plain"],
            ["record", "-o", "plain"], ["conflicts", "-o", "plain"]]


def claim_file(claim_id: str, fields: dict | str) -> str:
    if fields == "broken":
        return f"id: {claim_id}\nclaim: [never closed\n"
    lines = [f"id: {claim_id}", f"claim: {fields['claim']}", f"speaker: {fields['speaker']}",
             f"company: {fields['company']}"]
    for key in ("product", "factory", "milestone", "when", "said"):
        if fields[key]:
            lines.append(f"{key}: \"{fields[key]}\"" if key not in ("factory", "milestone") else f"{key}: {fields[key]}")
    lines += [f"status: {fields['status']}", "source: daily", f"quote: {fields['quote']}"]
    if fields["quote_kind"]:
        lines.append(f"quote_kind: {fields['quote_kind']}")
    for relation in ("supports", "contradicts", "supersedes", "elaborates"):
        if fields.get(relation):  # naming itself too: a problem kb reports
            lines.append(f"{relation}: [{fields[relation]}]")
    if fields["rating"]:
        lines.append(f"attributes:\n  rating: {fields['rating']}")
    if fields["external"]:
        lines.append(f"external:\n  reg: \"{fields['external']}\"")
    return "\n".join(lines) + "\n"


class World:
    """The knowledge base on disk, and where each claim's file is."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.places = {claim_id: f"claims/x/{claim_id}.yaml" for claim_id in IDS}
        for name, variants in REGISTRY.items():
            self.write(f"claims/registry/{name}", variants[0])
        self.write("sources/daily.txt", ARCHIVES[0])
        start = dict(claim="Acme will build a plant in Springfield.", speaker="jane-doe", company="acme",
                     status="planned", when="2025-H2", said="2024", product="cells", factory="acme-springfield",
                     milestone="recycling-start", quote=QUOTES[0], quote_kind=None, supersedes=None, elaborates=None, contradicts=None,
                     rating="high", external=None)
        # each registry and archive variant changes some problem or answer of these claims
        self.write(self.places["c1"], claim_file("c1", {**start, "external": "1"}))
        self.write(self.places["c2"], claim_file("c2", {**start, "claim": "Acme delays Springfield.", "when": "2027",
                                                         "said": "2025-03-01", "supersedes": "c1", "rating": "low",
                                                         "quote": QUOTES[1]}))
        self.write(self.places["c3"], claim_file("c3", {**start, "claim": "Globex ships cells in 2025.",
                                                         "speaker": "globex", "company": "globex", "rating": None,
                                                         "status": "statement", "elaborates": "c1", "when": None}))

    def write(self, rel: str, text: str | None) -> None:
        path = self.root / rel
        if text is None:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def apply(self, step: tuple) -> None:
        kind = step[0]
        if kind == "claim":
            _, claim_id, fields = step
            self.write(self.places[claim_id], None if fields is None else claim_file(claim_id, fields))
        elif kind == "move":
            _, claim_id, where = step
            old = self.root / self.places[claim_id]
            self.places[claim_id] = (f"claims/x/{claim_id}-renamed.yaml" if where == "renamed"
                                     else f"claims/{where}/{claim_id}.yaml")
            if old.exists():
                text = old.read_text(encoding="utf-8")
                old.unlink()
                self.write(self.places[claim_id], text)
        elif kind == "registry":
            _, name, number = step
            variants = REGISTRY[name]
            self.write(f"claims/registry/{name}", variants[number % len(variants)])
        elif kind == "archive":
            _, name, number = step
            self.write(f"sources/{name}", ARCHIVES[number])
        else:
            git(self.root, "add", "-A")
            git(self.root, "commit", "-qm", "step", "--allow-empty")


def same_answers(kb: Kb, step, commands) -> None:
    for command in commands:
        warm, cold = kb(*command), kb(*command, env={"KB_NO_CACHE": "1"})
        for result in (warm, cold):  # an answer, or problems reported (exit 1): never a crash
            assert result.exception is None or type(result.exception) is SystemExit, (command, step, result.exception)
        assert (warm.exit_code, warm.stdout, warm.stderr) == (cold.exit_code, cold.stdout, cold.stderr), \
            (command, step)


# After every step: every check (kb check); after the last, every command too, with the problems every
# answer mentions (kept from check to check as kb check keeps them). Each run costs a few hundredths of a second.
EVERY_STEP = [["check", "-o", "parsable"]]


@hypothesis_settings(max_examples=max(6, hypothesis_settings.default.max_examples // 10))
@given(history=st.lists(steps, min_size=2, max_size=6))
def test_warm_answers_are_the_answers_from_scratch_after_any_edits(clock, history):
    root = Path(tempfile.mkdtemp(prefix="kb-differential-"))
    try:
        world = World(root)
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-qm", "start")
        clock.settle(root)
        kb = Kb(root)
        same_answers(kb, "start", EVERY_STEP)
        for step in history:
            for edit in step:
                world.apply(edit)
            clock.settle(root)
            same_answers(kb, step, EVERY_STEP)
        same_answers(kb, history[-1], COMMANDS + [["list", "-o", "plain"]])
    finally:
        shutil.rmtree(root)


def test_each_registry_and_archive_variant_alone_keeps_the_warm_check_right(clock):
    """Every file the claims do not name, changed alone between two runs, each variant and back: the edits a
    recheck most easily misses (a check whose verdict depends on a file that did not change)."""
    root = Path(tempfile.mkdtemp(prefix="kb-differential-"))
    try:
        world = World(root)
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-qm", "start")
        clock.settle(root)
        kb = Kb(root)
        same_answers(kb, "start", EVERY_STEP)
        sweep = [("registry", name, number) for name, variants in REGISTRY.items()
                 for number in [*range(1, len(variants)), 0]]
        sweep += [("archive", name, number) for name in ("daily.txt", "other.txt") for number in (1, 2, 3, 0)]
        for step in sweep:
            world.apply(step)
            clock.settle(root)
            same_answers(kb, step, EVERY_STEP)
        same_answers(kb, sweep[-1], COMMANDS + [["list", "-o", "plain"]])
    finally:
        shutil.rmtree(root)


def test_the_edits_reach_every_check():
    """The world's variants make each check find something (else the oracle would compare empty answers)."""
    import json

    from kb.checks import CHECKS

    root = Path(tempfile.mkdtemp(prefix="kb-differential-"))
    try:
        world = World(root)
        bad = dict(claim="Acme will build plant in Springfield", speaker="jane-doe", company="acme", status="planned",
                   when="2025-H2", said="2024", product="cells", factory="acme-springfield",
                   milestone="mass-prodution", quote=QUOTES[2],
                   quote_kind=None, supersedes="c4", elaborates=None, contradicts=None, rating="7", external="1")
        for step in [("claim", "c3", bad), ("claim", "c4", {**bad, "claim": "Other.", "supersedes": "c3",
                                                            "speaker": "ghost", "elaborates": "c4", "status": "done",
                                                            "milestone": "mass-production"}),  # partial-kept
                     ("move", "c3", "renamed"), ("registry", "companies.yaml", 1), ("registry", "companies.yaml", 2)]:
            world.apply(step)
        (root / "claims/x/c2-copy.yaml").write_text(textwrap.dedent("""\
            id: c2
            claim: A copy.
            speaker: jane-doe
            status: statement
            source: daily
            quote: Copy.
            quote_kind: paraphrase
            """))
        world.apply(("registry", "companies.yaml", 1))
        result = Kb(root)("check", "-o", "json", env={"KB_NO_CACHE": "1"})
        found = {problem["rule"] for problem in json.loads(result.stdout)}
        rules = {module.ID for module in CHECKS} | {"id-stem", "supersedes-cycle"}
        assert rules - found == set()
    finally:
        shutil.rmtree(root)
