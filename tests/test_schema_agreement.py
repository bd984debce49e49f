"""The JSON Schema and `kb check` give the same verdict wherever JSON Schema can say the rule (issue 9 item 10).

Each broken file is checked twice: by an independent validator (jsonschema) against `kb schema`, and by
`kb check`; both must call it broken. Each good file must pass both.
"""

from __future__ import annotations

import functools

import jsonschema
import pytest
import yaml
from conftest import claim_text

from kb.model.schema_json import json_schema


class TextDates(yaml.SafeLoader):
    """PyYAML's safe loader, except that dates stay text as they do in kb."""


TextDates.yaml_implicit_resolvers = {
    key: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

CLAIMS_BAD = {
    "unknown-key": claim_text("x", speker="jane-doe"),
    "missing-claim": claim_text("x", claim=None),
    "missing-speaker": claim_text("x", speaker=None),
    "bad-status": claim_text("x", status="rumour"),
    "when-relative": claim_text("x", when="soon"),
    "when-out-of-range": claim_text("x", when=3024),
    "when-lowercase-half": claim_text("x", when="2026-h1"),
    "when-quarter-5": claim_text("x", when="2026-Q5"),
    "when-month-13": claim_text("x", when="2026-13"),
    "when-fiscal-part": claim_text("x", when="FY2027-early"),
    "when-approximate": claim_text("x", when='"~2025"'),
    "when-list": claim_text("x", when="[2025, 2026]"),
    "year-and-when": claim_text("x", when=2025, year=2025),
    "said-month-13": claim_text("x", said="2024-13"),
    "said-before-1900": claim_text("x", said='"1850-01"'),
    "said-february-30": claim_text("x", said='"2024-02-30"'),
    "said-not-leap": claim_text("x", said="2023-02-29"),
    "said-words": claim_text("x", said="March 2024"),
    "said-short-month": claim_text("x", said="2024-1"),
    "said-bool": claim_text("x", said="true"),
    "claim-list": claim_text("x", claim="[a, b]"),
    "concerns-text": claim_text("x", concerns="globex"),
    "id-number": claim_text("x", id=5),
    "empty-product": claim_text("x", product='""'),
    "product-two-lines": claim_text("x", product='"one\\ntwo"'),
    "empty-speaker": claim_text("x", speaker='""'),
    "tag-uppercase": claim_text("x", tags="[Not-A-Tag]"),
    "tags-text": claim_text("x", tags="cells"),
    "duplicate-concern": claim_text("x", concerns="[globex, globex]"),
    "relation-not-an-id": claim_text("x", supersedes="[[a]]"),
    "inferred-not-a-field": claim_text("x", inferred="{colour: red}"),
    "inferred-unset-field": claim_text("x", inferred="{when: next year}"),
    "inferred-list": claim_text("x", inferred="[when]"),
    "quote-kind-unknown": claim_text("x", quote_kind="summary"),
    "capacity-unknown-unit": claim_text("x", quantities='{capacity: "53 gigawatt"}'),
    "investment-in-energy": claim_text("x", quantities='{investment: "5 GWh"}'),
    "jobs-negative": claim_text("x", quantities="{jobs: -5}"),
    "amount-dollar-sign": claim_text("x", quantities='{investment: "$5.5 billion"}'),
    "amount-commas": claim_text("x", quantities='{jobs: "1,500 jobs"}'),
    "quantity-name-uppercase": claim_text("x", quantities='{Capacity: "5 GWh"}'),
    "quantities-list": claim_text("x", quantities='["5 GWh"]'),
    "attribute-bool": claim_text("x", attributes="{verified: true}"),
    "attribute-mapping": claim_text("x", attributes="{rating: {a: b}}"),
    "external-list": claim_text("x", external="{politifact: [1, 2]}"),
    "external-name-space": claim_text("x", external='{"fact check": "1"}'),
}
REGISTRY_BAD = {
    "fiscal-year-end-13": ("company", "- id: acme\n  name: Acme\n  fiscal_year_end: 13\n"),
    "company-without-name": ("company", "- id: acme\n  country: Japan\n"),
    "role-unknown-key": ("person", "- id: ann\n  name: Ann\n  roles:\n    - {role: CEO, title: boss}\n"),
    "role-without-role": ("person", "- id: ann\n  name: Ann\n  roles:\n    - {company: acme}\n"),
    "role-bad-date": ("person", "- id: ann\n  name: Ann\n  roles:\n    - {role: CEO, from: 2023-13}\n"),
    "source-kind-unknown": ("source", "- id: s\n  title: S\n  kind: blog\n"),
    "source-url-ftp": ("source", "- id: s\n  title: S\n  kind: article\n  url: ftp://example.com/x\n"),
    "source-archive-up": ("source", "- id: s\n  title: S\n  kind: article\n  archive: ../outside.txt\n"),
    "source-archive-absolute": ("source", "- id: s\n  title: S\n  kind: article\n  archive: /etc/passwd\n"),
    "attribute-unknown-type": ("attribute", "- name: rating\n  type: stars\n"),
}
CLAIMS_GOOD = {
    "minimal": claim_text("x"),
    "full": claim_text("x", concerns="[globex]", product='"4680"', factory="acme-springfield", when="2026-H2",
                       said="2024-02-29", tags='["4680", cells]', related="[minimal]", inferred="{when: next year}",
                       quote_kind="paraphrase", quantities='{capacity: 53 GWh/yr, investment: '
                       '[about 5.5 billion USD, about 7.2 trillion KRW], jobs: 1500}',
                       external='{politifact: "21345"}', note="checked"),
    "old-year": claim_text("x", year=2024, inferred="{year: next year}"),
    "by-period": claim_text("x", when="..2026-mid"),
    "fiscal-quarter": claim_text("x", when="FY2027-Q3"),
    "season-range": claim_text("x", when="2025-winter..2026-spring"),
    "empty-lists-and-mappings": claim_text("x", tags="[]", concerns="[]", related="[]", inferred="{}",
                                           quantities="{}", external="{}"),
}


@functools.lru_cache(maxsize=None)
def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def verdict_of_schema(name: str, text: str) -> list:
    return list(validator(name).iter_errors(yaml.load(text, Loader=TextDates)))


def test_there_are_at_least_forty_broken_files():
    assert len(CLAIMS_BAD) + len(REGISTRY_BAD) >= 40


FOLDERS = {"company": "companies", "person": "people", "source": "sources", "attribute": "attributes"}


def _as_case(case: str, text: str) -> str:
    """A claim text under its case's id and claim, so that every case sits in one knowledge base."""
    return text.replace("id: x\n", f"id: {case}\n", 1).replace("claim: Claim x.", f"claim: Claim {case}.", 1)


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """`kb check` once over a knowledge base holding every case, each in a file (or folder) of its own;
    its lines by file."""
    import textwrap

    from conftest import REGISTRY, Kb

    root = tmp_path_factory.mktemp("agreement")
    files = {f"claims/registry/{name}": textwrap.dedent(text) for name, text in REGISTRY.items()}
    files.update({f"claims/bad/{case}.yaml": _as_case(case, text) for case, text in CLAIMS_BAD.items()})
    files.update({f"claims/good/{case}.yaml": _as_case(case, text) for case, text in CLAIMS_GOOD.items()})
    files.update({f"claims/registry/{FOLDERS[kind]}/{case}.yaml": text for case, (kind, text) in REGISTRY_BAD.items()})
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    lines = Kb(root)("check", "-o", "parsable").stdout.splitlines()
    by_file: dict[str, list[str]] = {}
    for line in lines:
        by_file.setdefault(line.split(":", 1)[0], []).append(line)
    return by_file


@pytest.mark.parametrize("case", sorted(CLAIMS_BAD))
def test_broken_claims_fail_both(case, checked):
    assert verdict_of_schema("claim", CLAIMS_BAD[case]), "the JSON Schema accepted it"
    assert any(": error: " in line for line in checked.get(f"claims/bad/{case}.yaml", [])), "kb check accepted it"


@pytest.mark.parametrize("case", sorted(REGISTRY_BAD))
def test_broken_registry_entries_fail_both(case, checked):
    kind, text = REGISTRY_BAD[case]
    assert verdict_of_schema(kind, text), "the JSON Schema accepted it"
    folder = FOLDERS[kind]
    assert any(": error: " in line for line in checked.get(f"claims/registry/{folder}/{case}.yaml", [])), \
        "kb check accepted it"


@pytest.mark.parametrize("case", sorted(CLAIMS_GOOD))
def test_good_claims_pass_both(case, checked):
    assert verdict_of_schema("claim", CLAIMS_GOOD[case]) == []
    assert checked.get(f"claims/good/{case}.yaml", []) == []


def test_one_file_per_case_and_nothing_else_reported(checked):
    """No problem lands outside the case files (a broken file never causes errors in files that are fine)."""
    expected = {f"claims/bad/{case}.yaml" for case in CLAIMS_BAD}
    expected |= {f"claims/registry/{FOLDERS[kind]}/{case}.yaml" for case, (kind, _) in REGISTRY_BAD.items()}
    assert set(checked) <= expected


def test_the_editor_settings_map_every_schema_at_any_folder_depth():
    """The YAML language server's mapping (VS Code reads .vscode/settings.json; other editors take the same
    `yaml.schemas`): globs from the repository root, so a claim three folders deep is covered as one folder
    deep, unlike a modeline's relative path."""
    import json
    import re

    from conftest import REPO

    mapping = json.loads((REPO / ".vscode/settings.json").read_text())["yaml.schemas"]
    assert sorted(mapping) == sorted(f"schema/{p.name}" for p in (REPO / "schema").glob("*.schema.json"))

    def matches(globs, path: str) -> bool:
        globs = [globs] if isinstance(globs, str) else globs
        def regex(glob: str) -> str:
            return "^" + re.escape(glob).replace(r"\*\*/", "(?:.*/)?").replace(r"\*", "[^/]*") + "$"
        return any(re.match(regex(g), path) for g in globs if not g.startswith("!")) and \
            not any(re.match(regex(g[1:]), path) for g in globs if g.startswith("!"))

    claim_globs = mapping["schema/claim.schema.json"]
    for path in ("claims/a.yaml", "claims/src/a.yaml", "claims/src/2025/03/a.yaml"):
        assert matches(claim_globs, path), path
    assert not matches(claim_globs, "claims/registry/companies.yaml")
    assert matches(mapping["schema/person.schema.json"], "claims/registry/people/k/kim.yaml")
