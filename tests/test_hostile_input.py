"""Hostile and broken input: every bad file gives exit 1, its exact one-line error, no traceback,
and the good file beside it still loads and lists.

The corpus is in tests/corpus/ (one file, or one folder for cases that need two files);
cases that git cannot store (huge files, folders named x.yaml, links, pipes) are made here.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import claim_text

CORPUS = Path(__file__).parent / "corpus"

EXPECTED = {
    'a-list':
        "claims/a-list.yaml:1:1: error: expected a claim as 'key: value' lines, got a list [not-a-mapping]",
    'a-scalar':
        "claims/a-scalar.yaml:1:1: error: expected a claim as 'key: value' lines, got text [not-a-mapping]",
    'anchor-alias':
        "claims/anchor-alias.yaml:4:10: error: anchor '&co' is not allowed; write values out in full [yaml-anchor]",
    'bad-id':
        "claims/bad-id.yaml:1:5: error: 'id': 'Bad_ID' is not a valid id: use lowercase letters, digits and hyphens [bad-value]",
    'bad-status':
        "claims/bad-status.yaml:5:9: error: 'status': 'rumoured' is not allowed; use one of: planned, considering, underway, done, cancelled, statement, opinion [bad-status]",
    'bad-tag':
        "claims/bad-tag.yaml:8:8: error: 'tags': tag 'Big Plans' must be lowercase letters, digits and hyphens [bad-value]",
    'billion-laughs':
        "claims/billion-laughs.yaml:1:4: error: anchor '&a' is not allowed; write values out in full [yaml-anchor]",
    'binary':
        'claims/binary.yaml:3:1: error: a binary file (it holds NUL bytes), not YAML text [binary]',
    'bool-for-text':
        "claims/bool-for-text.yaml:2:8: error: 'claim': expected text, got true/false; put quotes around it if it is meant as text [bad-value]",
    'complex-key':
        'claims/complex-key.yaml:8:3: error: keys must be plain words [yaml-key]',
    'custom-tag':
        "claims/custom-tag.yaml:8:7: error: tag '!secret' is not allowed; use plain values [yaml-tag]",
    'deep-nesting':
        'claims/deep-nesting.yaml:2:1006: error: YAML syntax: while increasing flow level, exceeded maximum nesting depth [yaml-syntax]',
    'duplicate-ids':
        "claims/duplicate-ids/one.yml:1:5: error: id 'one' is already used at claims/duplicate-ids/one.yaml:1; choose another id [duplicate-id]",
    'duplicate-key':
        "claims/duplicate-key.yaml:8:1: error: duplicate key 'status' (first at line 5); keep one of them [duplicate-key]",
    'duplicate-list-item':
        "claims/duplicate-list-item.yaml:8:20: error: 'concerns': 'globex' is listed twice; remove one [bad-value]",
    'empty':
        "claims/empty.yaml:1:1: error: expected a claim as 'key: value' lines, got empty [not-a-mapping]",
    'empty-text':
        "claims/empty-text.yaml:2:8: error: 'claim' is empty; write the value or remove the key [bad-value]",
    'empty-value':
        "claims/empty-value.yaml:8:9: error: 'factory' is empty; write its value, or remove the key when it is unknown [empty-value]",
    'escape-in-key':
        "claims/escape-in-key.yaml:8:1: error: unknown key '\\x1b[31mred'; allowed keys: id, claim, speaker, company, concerns, product, factory, milestone, when, said, status, source, quote, quote_kind, quantities, attributes, tags, supports, contradicts, supersedes, elaborates, related, inferred, external, note [unknown-key]",
    'id-not-stem':
        "claims/id-not-stem.yaml:1:5: error: id 'another-name' differs from the file name 'id-not-stem'; rename the file or change the id [id-stem]",
    'impossible-date':
        "claims/impossible-date.yaml:8:7: error: 'said': '2024-13-40' is not a real date (month must be in 1..12) [bad-value]",
    'inferred-unset-field':
        "claims/inferred-unset-field.yaml:8:12: error: 'inferred' explains 'when', which the claim does not set; add it or remove this line [bad-value]",
    'list-for-text':
        "claims/list-for-text.yaml:2:8: error: 'claim': expected text, got a list; put quotes around it if it is meant as text [bad-value]",
    'malformed-date':
        "claims/malformed-date.yaml:8:7: error: 'said': 'March 2024' is not a date like 2024, 2024-03 or 2024-03-06 [bad-value]",
    'mapping-for-text':
        "claims/mapping-for-text.yaml:7:8: error: 'quote': expected text, got a mapping; put quotes around it if it is meant as text [bad-value]",
    'merge-key':
        "claims/merge-key.yaml:8:1: error: merge keys '<<' are not allowed [yaml-merge]",
    'missing-claim-ref':
        "claims/missing-claim-ref.yaml:8:14: error: 'supersedes': no claim 'no-such-claim'; no claim has this id; fix the id [unknown-ref]",
    'missing-entity':
        "claims/missing-entity.yaml:8:10: error: 'factory': no factory 'acme-shelbyville'; add it to claims/registry/factories.yaml or fix the id [unknown-ref]",
    'missing-everything':
        'claims/missing-everything.yaml:1:1: error: missing required keys: claim, speaker, status, source, quote; see `kb schema` or docs/format.md [missing-key]',
    'missing-quote':
        "claims/missing-quote.yaml:1:1: error: missing required key 'quote' (the passage of the source that carries the claim, verbatim unless `quote_kind` says otherwise) [missing-key]",
    'misspelt-key':
        "claims/misspelt-key.yaml:3:1: error: unknown key 'speakr'; did you mean 'speaker'? [unknown-key]",
    'not-utf8':
        'claims/not-utf8.yaml:2:14: error: byte 0xef is not UTF-8; save the file as UTF-8 [encoding]',
    'number-for-text':
        "claims/number-for-text.yaml:8:10: error: 'product': expected text, got a number; put quotes around it if it is meant as text [bad-value]",
    'only-comments':
        "claims/only-comments.yaml:1:1: error: expected a claim as 'key: value' lines, got empty [not-a-mapping]",
    'python-tag':
        "claims/python-tag.yaml:8:7: error: tag '!!python/object/apply:os.system' is not allowed; use plain values [yaml-tag]",
    'said-far-past':
        "claims/said-far-past.yaml:8:7: error: 'said': year 1066 is outside 1900..2100 [bad-value]",
    'self-relation':
        "claims/self-relation.yaml:8:14: error: 'elaborates': a claim cannot name itself [bad-relation]",
    'several-documents':
        "claims/several-documents.yaml:8:1: error: more than one YAML document; keep one claim per file and remove '---' [yaml-documents]",
    'supersedes-cycle':
        'claims/supersedes-cycle/new.yaml:8:13: error: supersedes cycle: new -> old -> new (old in claims/supersedes-cycle/old.yaml); only the newer claim may supersede the older: drop the link from the older one [supersedes-cycle]',
    'syntax-bad-indent':
        "claims/syntax-bad-indent.yaml:3:10: error: YAML syntax: mapping values are not allowed in this context; this line is indented further than the line above it: line its key up with the others [yaml-syntax]",
    'syntax-colon-in-value':
        "claims/syntax-colon-in-value.yaml:2:17: error: YAML syntax: mapping values are not allowed in this context; put quotes around a value that contains ': ' [yaml-syntax]",
    'syntax-unclosed-list':
        "claims/syntax-unclosed-list.yaml:9:1: error: YAML syntax: while parsing a flow sequence, did not find expected ',' or ']' [yaml-syntax]",
    'syntax-unclosed-quote':
        'claims/syntax-unclosed-quote.yaml:8:1: error: YAML syntax: while scanning a quoted scalar, found unexpected end of stream [yaml-syntax]',
    'tab-indent':
        'claims/tab-indent.yaml:9:1: error: YAML syntax: while scanning for the next token, found character that cannot start any token; indent with spaces, not tabs [yaml-syntax]',
    'text-for-list':
        "claims/text-for-list.yaml:8:11: error: 'concerns': expected a list such as [a, b], got text [wrong-type]",
    'unknown-key':
        "claims/unknown-key.yaml:8:1: error: unknown key 'colour'; allowed keys: id, claim, speaker, company, concerns, product, factory, milestone, when, said, status, source, quote, quote_kind, quantities, attributes, tags, supports, contradicts, supersedes, elaborates, related, inferred, external, note [unknown-key]",
    'wrong-entity-kind':
        "claims/wrong-entity-kind.yaml:4:10: error: 'company': 'jane-doe' is a person, expected a company [unknown-ref]",
    'year-as-text':
        "claims/year-as-text.yaml:8:7: error: 'year': 'next year' is relative: write the period it means (e.g. 2025) and add `inferred: {when: next year}` to say the source only implies it [bad-value]",
    'year-far-future':
        "claims/year-far-future.yaml:8:7: error: 'year': year 20240 is outside 1900..2100 [bad-value]",
}


def _kb(make_kb, kb_at, extra: dict[str, str] | None = None):
    return kb_at(make_kb({"claims/good.yaml": claim_text("good", claim="Acme opens a good plant."),
                          **(extra or {})}))


SUMMARY = "kb: 1 problem(s) in the knowledge base; the rest loaded. Run `kb check` for details."


def assert_reported(kb, expected: str, listed_ids: tuple[str, ...] = ("good",)) -> None:
    """The one problem, and nothing else, from `kb check` and `kb list`; the good file is still listed."""
    check = kb("check", "-o", "parsable")
    assert (check.exit_code, check.stdout.splitlines()) == (1, [expected]), check.stderr
    listed = kb("list", "-o", "ids")
    assert (listed.exit_code, listed.stdout.split(), listed.stderr.splitlines()) == (
        1, list(listed_ids), [expected, SUMMARY])


def test_the_corpus_is_large_enough():
    assert len(EXPECTED) + len(RUNTIME_CASES) >= 40
    assert sorted(p.name.split(".")[0] for p in CORPUS.iterdir()) == sorted(EXPECTED)


# Cases whose claims load, with a problem found across files: the claim is listed too.
STILL_LISTED = {"duplicate-ids": ("good", "one", "one"),
                "id-not-stem": ("another-name", "good"), "missing-claim-ref": ("good", "missing-claim-ref"),
                "missing-entity": ("good", "missing-entity"), "self-relation": ("good", "self-relation"),
                "supersedes-cycle": ("good", "new", "old"), "wrong-entity-kind": ("good", "wrong-entity-kind")}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_corpus_file(case, make_kb, kb_at):
    kb = _kb(make_kb, kb_at)
    for source in CORPUS.iterdir():
        if source.name.split(".")[0] == case:
            target = kb.root / "claims" / source.name
            (shutil.copytree if source.is_dir() else shutil.copyfile)(source, target)
    assert_reported(kb, EXPECTED[case], STILL_LISTED.get(case, ("good",)))


def big_file(root: Path) -> None:
    (root / "claims/huge.yaml").write_text("note: " + "x" * (1024 * 1024) + "\n")


def folder_named_like_a_claim(root: Path) -> None:
    (root / "claims/folder.yaml").mkdir()


def link_outside(root: Path) -> None:
    secret = root.parent / f"{root.name}-secret.yaml"
    secret.write_text("id: stolen\n")
    os.symlink(secret, root / "claims/stolen.yaml")


def named_pipe(root: Path) -> None:
    os.mkfifo(root / "claims/pipe.yaml")


def link_to_folder(root: Path) -> None:
    (root / "elsewhere").mkdir()
    (root / "elsewhere/hidden.yaml").write_text(claim_text("hidden"))
    os.symlink(root / "elsewhere", root / "claims/linked", target_is_directory=True)


def registry_not_a_list(root: Path) -> None:
    (root / "claims/registry/factories.yaml").write_text("acme-springfield: Springfield plant\n")


def unknown_registry_file(root: Path) -> None:
    (root / "claims/registry/vendors.yaml").write_text("- id: cells\n")


def name_not_utf8(root: Path) -> None:
    (root / "claims").joinpath(os.fsdecode(b"bad\xff.yaml")).write_text(claim_text("x"))


RUNTIME_CASES = {
    name_not_utf8: "claims/bad\ufffd.yaml:1:1: error: the name is not UTF-8; rename it [bad-name]",
    big_file: "claims/huge.yaml:1:1: error: file is 1,048,583 bytes, over the 1,048,576-byte limit; split it or "
              "trim it [too-large]",
    folder_named_like_a_claim: "claims/folder.yaml:1:1: error: a folder named like a claim file; rename it or move "
                               "its files [not-a-file]",
    link_outside: "claims/stolen.yaml:1:1: error: a symbolic link that points outside the repository; replace it "
                  "with the file itself [link-outside]",
    named_pipe: "claims/pipe.yaml:1:1: error: not a regular file (a pipe, socket or device); replace it with a "
                "file [not-a-file]",
    link_to_folder: "claims/linked:1:1: error: a symbolic link to a folder is not followed; move the files into "
                    "claims/ instead [link-folder]",
    registry_not_a_list: "claims/registry/factories.yaml:1:1: error: a registry file holds a list of entries, each "
                         "starting with '- id: ...' [not-a-list]",
    unknown_registry_file: "claims/registry/vendors.yaml:1:1: error: unknown registry file; registry files are "
                           "companies.yaml, people.yaml, factories.yaml, sources.yaml, products.yaml, "
                           "milestones.yaml, attributes.yaml, or files in the folders companies/, people/, "
                           "factories/, sources/, products/, milestones/, attributes/ [unknown-registry-file]",
}


@pytest.mark.parametrize("make_case", list(RUNTIME_CASES), ids=lambda f: f.__name__)
def test_runtime_case(make_case, make_kb, kb_at):
    kb = _kb(make_kb, kb_at)
    make_case(kb.root)
    assert_reported(kb, RUNTIME_CASES[make_case])


def test_unreadable_file(make_kb, kb_at, monkeypatch):
    """Permission bits do not stop root, so the refusal of the operating system is simulated."""
    kb = _kb(make_kb, kb_at, {"claims/locked.yaml": claim_text("locked")})
    real_open = open

    def guarded_open(path, *args, **kwargs):
        if str(path).endswith("locked.yaml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", guarded_open)
    assert_reported(kb, "claims/locked.yaml:1:1: error: cannot read the file (permission denied); fix its "
                        "permissions [unreadable]")


def test_byte_order_mark_is_accepted(make_kb, kb_at):
    kb = _kb(make_kb, kb_at)
    (kb.root / "claims/bom.yaml").write_bytes(b"\xef\xbb\xbf" + claim_text("bom").encode())
    result = kb("list", "-o", "ids")
    assert result.exit_code == 0
    assert result.stdout.split() == ["bom", "good"]


PEAK_MEMORY = """\
import resource, sys
from cli import main
sys.argv = ["kb", "--root", sys.argv[1], "check", "-o", "parsable"]
try:
    main()
except SystemExit:
    pass
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def peak_kib(root: Path) -> tuple[int, str]:
    """Peak memory (KiB) of a fresh process running `kb check` on root, and what it printed."""
    import subprocess
    import sys

    from conftest import REPO

    result = subprocess.run([sys.executable, "-c", PEAK_MEMORY, str(root)], capture_output=True, text=True,
                            cwd=REPO, timeout=60, env={**os.environ, "KB_NO_CACHE": "1"})
    return int(result.stderr.splitlines()[-1]), result.stdout


def test_the_billion_laughs_is_refused_before_it_grows(make_kb, kb_at):
    kb = _kb(make_kb, kb_at)
    without, _ = peak_kib(kb.root)
    shutil.copyfile(CORPUS / "billion-laughs.yaml", kb.root / "claims/billion-laughs.yaml")
    with_laughs, out = peak_kib(kb.root)
    assert out.splitlines() == [EXPECTED["billion-laughs"]]
    assert with_laughs - without < 20 * 1024  # KiB: far below an expansion (gigabytes)
