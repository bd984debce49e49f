"""Issue 21's must-show: three sources of one plan history go in with commands only, no file edited by hand.

A made-up company's Arizona plant (tests/fixtures/plan-by-commands/, short articles written for this
test): mass production promised for the second half of 2025 (May 2023), moved to 2026 at the "Queen
Creek site" (June 2024, with the town's mayor on construction), begun in February 2026 (March 2026).
Every file in the knowledge base is written by a `kb` command; the analyst reads drafts and answers
`kb review` and `kb track --suggest --apply` one line at a time. What it took, by source:

    source                   commands                                                      hand edits
    arcadia-picks-arizona    7: add company, add factory, add product (the registry, once),  0
                                add source, extract --write, add person (the name a draft
                                proposes), review (accept 3)
    arcadia-delays-arizona   6: add source, set the plant's aliases (+ "Queen Creek", which    0
                                the draft proposed as a new factory), extract --write, add
                                person (the mayor, with the role the text gives), review
                                (accept 2), track --suggest --apply (1 link)
    arcadia-starts-arizona   4: add source, extract --write, review (accept 2),              0
                                track --suggest --apply (1 link)

then `kb check --strict`, `kb fmt --check` and `kb track` to look. The test counts the commands it
runs per source and holds them to this table.
"""

from __future__ import annotations

import pytest
from conftest import REPO

FIXTURE = REPO / "tests/fixtures/plan-by-commands"
SOURCES = {
    "arcadia-picks-arizona": ("Arcadia Cells picks Arizona for 46-series plant", "2023-05-09"),
    "arcadia-delays-arizona": ("Arcadia delays Arizona cells to 2026", "2024-06-11"),
    "arcadia-starts-arizona": ("Arcadia starts Arizona mass production", "2026-03-03"),
}
PLAN = "Arizona cell plant, cylindrical-46, mass-production"


class Analyst:
    """Runs kb commands against one knowledge base, counting them by the source being added."""

    def __init__(self, kb) -> None:
        self.kb = kb
        self.counts: dict[str, int] = {}
        self.source = ""

    def __call__(self, *args: str, input: str | None = None):
        self.counts[self.source] = self.counts.get(self.source, 0) + 1
        result = self.kb.runner.invoke(self.kb.app, ["--root", str(self.kb.root), *args], input=input)
        assert result.exit_code == 0, (args, result.output)
        return result

    def add_source(self, source: str):
        self.source = source
        title, day = SOURCES[source]
        return self("add", "source", "--id", source, "--from", str(FIXTURE / f"{source}.txt"), "--title", title,
                    "--kind", "article", "--date", day, "--publisher", "Desert Business Journal")


@pytest.fixture
def analyst(tmp_path, kb_at):
    from cli import app

    (tmp_path / "claims" / "registry").mkdir(parents=True)
    kb = kb_at(tmp_path)
    kb.app = app
    return Analyst(kb)


def drafts(analyst, source: str) -> list[dict]:
    import yaml

    return sorted((yaml.safe_load(p.read_text(encoding="utf-8"))
                   for p in (analyst.kb.root / "drafts" / source).glob("*.yaml") if p.name != "decisions.yaml"),
                  key=lambda d: d["quote"])


def test_three_sources_of_a_plan_history_with_commands_only(analyst):
    root = analyst.kb.root
    # --- the first source: the registry, the source, its drafts, the name they propose, the review
    analyst.source = "arcadia-picks-arizona"
    analyst("add", "company", "--name", "Arcadia Cells", "--alias", "Arcadia", "--country", "United States")
    analyst("add", "factory", "--id", "arcadia-arizona", "--name", "Arizona cell plant", "--owner", "Arcadia",
            "--alias", "Arizona", "--region", "Arizona")
    analyst("add", "product", "--id", "cylindrical-46", "--name", "46-series cylindrical cell", "--alias", "46-series")
    analyst.add_source("arcadia-picks-arizona")
    written = analyst("extract", "arcadia-picks-arizona", "--write")
    assert 'kb add person --name "Dana Whitfield" --role "chief executive" --company arcadia-cells' in written.stderr
    found = drafts(analyst, "arcadia-picks-arizona")
    assert [(d["speaker"], d.get("factory"), d.get("product"), d.get("milestone"), d.get("when"), d["said"],
             d["status"], d.get("quantities")) for d in found] == [
        ("arcadia-cells", "arcadia-arizona", None, "investment", None, "2023-05-09", "planned",
         {"investment": "3 billion USD"}),
        ("Dana Whitfield", "arcadia-arizona", "cylindrical-46", "mass-production", "2025-H2", "2023-05-09", "planned",
         None),
        ("arcadia-cells", "arcadia-arizona", None, "hiring", None, "2023-05-09", "planned", {"jobs": "about 1500"}),
    ]
    analyst("add", "person", "--name", "Dana Whitfield", "--role", "chief executive", "--company", "arcadia-cells")
    review = analyst("review", "arcadia-picks-arizona", input="a\na\na\n")
    assert "3 accepted, 0 rejected, 0 left for later." in review.stdout

    # --- the second: "Queen Creek site" is the Arizona plant; the analyst says so once, then drafts name it
    analyst.add_source("arcadia-delays-arizona")
    first_look = analyst.kb("extract", "arcadia-delays-arizona", "--format", "yaml")  # reading is not a command
    assert 'kb add factory --name "Queen Creek site"' in first_look.stdout
    analyst("set", "arcadia-arizona", "aliases", "--add", "Queen Creek")
    analyst("extract", "arcadia-delays-arizona", "--write")
    found = drafts(analyst, "arcadia-delays-arizona")
    assert [(d["speaker"], d.get("company"), d.get("factory"), d.get("milestone"), d.get("when"), d["said"],
             d["status"]) for d in found] == [
        ("arcadia-cells", "arcadia-cells", "arcadia-arizona", "mass-production", "2026", "2024-06-10", "planned"),
        ("Luis Ortega", "arcadia-cells", "arcadia-arizona", "construction-complete", None, "2024-06-11", "underway"),
    ]
    analyst("add", "person", "--name", "Luis Ortega", "--role", "mayor")
    analyst("review", "arcadia-delays-arizona", input="a\na\n")
    applied = analyst("track", "--suggest", "--apply", input="y\n")
    assert "supersedes: [arcadia-cells-arizona-cylindrical-46-2025-h2]" in applied.stdout

    # --- the third: the plan kept, late
    analyst.add_source("arcadia-starts-arizona")
    analyst("extract", "arcadia-starts-arizona", "--write")
    analyst("review", "arcadia-starts-arizona", input="a\na\n")
    applied = analyst("track", "--suggest", "--apply", input="y\n")
    assert "supersedes: [arcadia-cells-arizona-cylindrical-46-2026]" in applied.stdout
    assert analyst.kb("track", "--suggest").stdout == ""  # nothing left to link

    assert analyst.counts == {"arcadia-picks-arizona": 7, "arcadia-delays-arizona": 6, "arcadia-starts-arizona": 4}
    check = analyst.kb("check", "--strict")
    assert check.exit_code == 0, check.output
    assert check.stderr == "ok: 7 claims, 8 entities checked: 0 error(s), 0 warning(s)\n"
    assert analyst.kb("fmt", "--check").exit_code == 0
    # the chain, its slips and its outcome: 2025-H2 -> 2026 (+12m, start +6m) -> done February 2026, two
    # months after the first deadline
    track = analyst.kb("track", "--as-of", "2026-06", "--format", "plain").stdout.splitlines()
    chain = [tuple(line.split("\t")[1:7]) for line in track if line.startswith(PLAN + "\t")]
    assert chain == [
        ("2023-05-09", "2025-H2", "-", "planned", "-", "dana-whitfield"),
        ("2024-06-10", "2026", "+12m (start +6m)", "planned", "-", "arcadia-cells"),
        ("2026-03-02", "~2026-02", "-10m", "done", "kept late +2m", "arcadia-cells"),
    ]
    # every file was written by kb: nothing but what the commands made is in the knowledge base
    made = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()
                  and ".kb-cache" not in p.parts and "drafts" not in p.parts)
    assert made == ["claims/arcadia-delays-arizona/arcadia-cells-arizona-construction-reached.yaml",
                    "claims/arcadia-delays-arizona/arcadia-cells-arizona-cylindrical-46-2026.yaml",
                    "claims/arcadia-picks-arizona/arcadia-cells-arizona-build-3-billion-company.yaml",
                    "claims/arcadia-picks-arizona/arcadia-cells-arizona-cylindrical-46-2025-h2.yaml",
                    "claims/arcadia-picks-arizona/arcadia-cells-arizona-employ-1-500-people.yaml",
                    "claims/arcadia-starts-arizona/arcadia-cells-arizona-cylindrical-46-2026-02.yaml",
                    "claims/arcadia-starts-arizona/arcadia-cells-arizona-cylindrical-46-2027-reach.yaml",
                    "claims/registry/companies.yaml", "claims/registry/factories.yaml", "claims/registry/people.yaml",
                    "claims/registry/products.yaml", "claims/registry/sources.yaml",
                    "sources/arcadia-delays-arizona.txt", "sources/arcadia-picks-arizona.txt",
                    "sources/arcadia-starts-arizona.txt"]
