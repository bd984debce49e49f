"""The documents hold to what kb does.

- docs/format.md's reference is generated from the schema, and its example is the real claim file;
- every relative link in README.md and docs/*.md reaches a file that exists and, with a `#anchor`, a
  heading of that file (anchors made as GitHub makes them from headings);
- every `kb ...` line of their ```sh blocks runs, document by document and in order, on a temporary
  copy of the repository (a git repository, as tests/test_help_examples.py does for the --help
  examples): exit 0 or 1, never a usage error (2), never a traceback. A line that needs what this test
  cannot have (a terminal, a server) ends in `# not run: <reason>`; those are counted, not run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, kb_part, shell_words
from typer.testing import CliRunner

from cli import app
from kb.model.docs import with_reference

DOCS = sorted((REPO / "docs").glob("*.md"))
DOCUMENTS = [REPO / "README.md", *DOCS]


def name(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


# --- the format reference

def test_format_reference_matches_the_schema():
    text = (REPO / "docs/format.md").read_text(encoding="utf-8")
    assert text == with_reference(text), "docs/format.md is stale: run `python tools/refresh_format_docs.py`"


def test_format_example_file_is_the_real_one():
    text = (REPO / "docs/format.md").read_text(encoding="utf-8")
    path = REPO / "claims/powering-the-future-4680/lges-tesla-4680-production-this-year.yaml"
    assert f"```yaml\n{path.read_text(encoding='utf-8')}```" in text


# --- reading Markdown: fenced blocks, headings, links

FENCE = re.compile(r"^\s*(```+|~~~+)\s*([\w-]*)")


def blocks(text: str) -> list[tuple[str | None, list[str]]]:
    """The document as runs of lines: (None, prose lines) and (language, lines of a fenced block)."""
    runs: list[tuple[str | None, list[str]]] = [(None, [])]
    fence = None
    for line in text.splitlines():
        found = FENCE.match(line)
        if fence is None and found:
            fence = found.group(1)
            runs.append((found.group(2) or "", []))
        elif fence is not None and line.strip().startswith(fence) and not line.strip()[len(fence):].strip():
            fence = None
            runs.append((None, []))
        else:
            runs[-1][1].append(line)
    return runs


def prose(text: str) -> str:
    """The text outside fenced blocks, with inline code left out."""
    outside = "\n".join(line for language, lines in blocks(text) if language is None for line in lines)
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", outside, flags=re.DOTALL)


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, each space a hyphen."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip())  # a link in a heading: its text
    return re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every heading's anchor in a document; a repeated one gets -1, -2, ... as on GitHub."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    for language, lines in blocks(path.read_text(encoding="utf-8")):
        if language is not None:
            continue
        for line in lines:
            heading = re.match(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
            if heading:
                base = slug(heading.group(1))
                count = seen.get(base, 0)
                seen[base] = count + 1
                found.add(base if count == 0 else f"{base}-{count}")
    return found


LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def broken_links(path: Path) -> list[str]:
    """The relative links of a document that reach no file, or no heading of the file they name."""
    broken = []
    for target in LINK.findall(prose(path.read_text(encoding="utf-8"))):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):  # https:, mailto:, ...
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists() or REPO.resolve() not in (linked, *linked.parents):
            broken.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{target}: no heading with that anchor in {name(linked)}")
    return broken


def test_slugs_are_githubs():
    """Expected anchors as GitHub shows them for these headings (copied from its rendering rules by hand)."""
    assert slug("States, plan histories and track records") == "states-plan-histories-and-track-records"
    assert slug("`kb set ID FIELD VALUE`") == "kb-set-id-field-value"
    assert slug("As of a date: `--as-of`") == "as-of-a-date---as-of"
    assert slug("Missing links: `kb track --suggest [--apply]`") == "missing-links-kb-track---suggest---apply"
    assert slug("Answers from the index's rows") == "answers-from-the-indexs-rows"
    assert slug("`claims/registry/people.yaml` (or `claims/registry/people/`): person entries") == \
        "claimsregistrypeopleyaml-or-claimsregistrypeople-person-entries"
    assert slug("Benchmark: the full data sets against pandas, and 100,000 rows") == \
        "benchmark-the-full-data-sets-against-pandas-and-100000-rows"


def test_a_broken_link_is_found(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "REPO", tmp_path)
    (tmp_path / "other.md").write_text("# Other\n\n## A part\n\n```sh\n# Not a heading\n```\n", encoding="utf-8")
    doc = tmp_path / "doc.md"
    doc.write_text("# Doc\n\n[fine](other.md#a-part), [fine](#doc), [web](https://example.com/x),\n"
                   "[gone](missing.md), [no part](other.md#not-a-heading), `[code](missing.md)`\n"
                   "```\n[in a block](missing.md)\n```\n", encoding="utf-8")
    assert broken_links(doc) == ["missing.md: no such file",
                                 "other.md#not-a-heading: no heading with that anchor in other.md"]


def test_the_index_lists_every_document():
    index = (REPO / "docs/README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^- \[([\w.-]+\.md)\]\(\1\): \S", index, re.MULTILINE)
    assert sorted(listed) == sorted(p.name for p in DOCS if p.name != "README.md")


@pytest.mark.parametrize("path", DOCUMENTS, ids=name)
def test_every_relative_link_resolves(path):
    assert broken_links(path) == []


# --- the kb lines of the sh blocks

@dataclass
class Line:
    document: str
    text: str          # as written (continuations joined)
    env: dict          # the shell variables it is run with (export lines before it, NAME=value before kb)
    args: list | None  # kb's arguments; None when not run
    target: str | None = None  # the file its output is redirected to
    not_run: str | None = None  # why it is not run


def kb_lines(path: Path) -> list[Line]:
    """The `kb` command lines of a document's sh blocks, in order, with the variables `export` set."""
    found: list[Line] = []
    exported: dict[str, str] = {}
    for language, lines in blocks(path.read_text(encoding="utf-8")):
        if language not in ("sh", "bash", "shell", "console"):
            continue
        joined: list[str] = []
        for line in lines:
            if joined and joined[-1].endswith("\\"):
                joined[-1] = joined[-1][:-1].rstrip() + " " + line.strip()
            else:
                joined.append(line.strip())
        for command in joined:
            expanded = re.sub(r"\$(\w+)|\$\{(\w+)\}", lambda m: exported.get(m.group(1) or m.group(2), ""), command)
            words = shell_words(expanded)
            if words[:1] == ["export"]:
                exported.update(w.split("=", 1) for w in words[1:] if "=" in w)
                continue
            if words[:1] == ["unset"]:
                for word in words[1:]:
                    exported.pop(word, None)
                continue
            env = dict(exported)
            while words and re.fullmatch(r"[A-Za-z_]\w*=.*", words[0]):
                key, value = words.pop(0).split("=", 1)
                env[key] = value
            if words[:1] != ["kb"]:
                continue
            skipped = re.search(r"#\s*not run:\s*(.*)$", command)
            line = Line(name(path), command, env, None)
            if skipped:
                line.not_run = skipped.group(1).strip()
            else:
                line.args, line.target = kb_part(words[1:], command)
            found.append(line)
    return found


def test_kb_lines_are_read_as_a_shell_reads_them(tmp_path, monkeypatch):
    doc = tmp_path / "doc.md"
    doc.write_text(
        "# Doc\n\n```sh\nexport R=\"--root x\"\nkb $R list --company LGES   # a comment\n"
        "KB_NO_CACHE=1 kb show lges | head\nkb new \\\n   --claim \"Two words\" > out.txt\n"
        "pip install '.[chart]'\nunset R\nkb serve   # not run: a server\n```\n\n```text\nkb not a command\n```\n",
        encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "REPO", tmp_path)
    found = [(line.args, line.env, line.target, line.not_run) for line in kb_lines(doc)]
    assert found == [
        (["--root", "x", "list", "--company", "LGES"], {"R": "--root x"}, None, None),
        (["show", "lges"], {"R": "--root x", "KB_NO_CACHE": "1"}, None, None),
        (["new", "--claim", "Two words"], {"R": "--root x"}, "out.txt", None),
        (None, {}, None, "a server"),
    ]


COPIED = ("claims", "sources", "tests/data", "tests/fixtures", "examples", "schema", ".gitignore")


@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    """A git repository holding a copy of the knowledge base and the files the documents name, on main."""
    root = tmp_path_factory.mktemp("repository") / "kb"
    for part in COPIED:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns(".kb-cache", "__pycache__"))
        else:
            (root / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / part)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run([*git, "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "The knowledge base"], cwd=root, check=True)
    return root


RUN = [path for path in DOCUMENTS if kb_lines(path)]


@pytest.mark.parametrize("path", RUN, ids=name)
def test_every_kb_line_in_the_docs_runs(path, repository, tmp_path, monkeypatch):
    root = tmp_path / "kb"
    shutil.copytree(repository, root, symlinks=True)  # a fresh copy per document: its lines run in order
    monkeypatch.chdir(root)
    monkeypatch.delenv("KB_ROOT", raising=False)
    runner = CliRunner()
    environment = dict(os.environ)  # `kb --debug` sets KB_DEBUG for the process it runs in: not for later tests
    try:
        run_lines(path, root, runner)
    finally:
        os.environ.clear()
        os.environ.update(environment)


def run_lines(path: Path, root: Path, runner: CliRunner) -> None:
    for line in kb_lines(path):
        if line.not_run is not None:
            continue
        result = runner.invoke(app, line.args, env=line.env)
        where = f"{line.document}: {line.text}"
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(f"{where}\n fails inside kb") from result.exception
        assert result.exit_code in (0, 1), f"{where}\n exits {result.exit_code}: {result.output}"
        assert "Traceback" not in result.output, f"{where}\n prints a traceback: {result.output}"
        if line.target:
            (root / line.target).parent.mkdir(parents=True, exist_ok=True)
            (root / line.target).write_text(result.stdout, encoding="utf-8")


def test_the_lines_not_run_are_few_and_say_why():
    """Every line left out names its reason; these are all of them (a new one is a decision to make here)."""
    lines = [line for path in DOCUMENTS for line in kb_lines(path)]
    not_run = [(line.document, line.not_run) for line in lines if line.not_run is not None]
    assert not_run == [
        ("docs/adding-claims.md", "asks for each field on a terminal"),
        ("docs/serve.md", "a server (http://127.0.0.1:8001/, Ctrl-C stops it)"),
        ("docs/serve.md", "a server"),
        ("docs/serve.md", "a server shared on the network (anyone who reaches it reads everything)"),
    ]
    assert len(lines) - len(not_run) >= 90, "the documents' sh blocks lost their kb lines"
