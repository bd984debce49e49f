"""Property-based tests: no input crashes the loader or `kb check`, and valid claims round-trip.

The default run is short and the same every time (the profile is in conftest.py). KB_FUZZ=long runs many
more examples, at random:
    KB_FUZZ=long python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import re
import string
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kb.edit.fmt import canonical_text
from kb.edit.new import plan_claim
from kb.model.records import KnowledgeBase
from kb.model.schema import STATUSES, Claim
from kb.model.validate import build_record
from kb.store.files import Found
from kb.store.parse import load_file, load_kb
from kb.store.yamlread import read_document
from kb.store.yamlwrite import dump_claim, record_values

VALID = (Path(__file__).parent.parent / "claims/powering-the-future-4680/"
         "lges-tesla-4680-production-this-year.yaml").read_text(encoding="utf-8")
YAML_BITS = list(":-[]{},#&*!|>'\"%@`?\n\t ") + ["\\", "---", "...", "<<", "~", "null", "2024-13-01", "\x00",
                                                   "\ufeff", "\u202e", "\x1b[31m", "!!python/object:os.system",
                                                   "&a", "*a", "\n  ", "\n- "]


def lint(text: str) -> list[str]:
    """What `yamllint --strict` with the shipped .yamllint.yaml says of text (warnings count)."""
    from yamllint import linter
    from yamllint.config import YamlLintConfig

    config = YamlLintConfig(file=str(Path(__file__).parent.parent / ".yamllint.yaml"))
    return [f"{p.line}:{p.column}: {p.desc} ({p.rule})" for p in linter.run(text, config, "claims/x.yaml")]


def _load_bytes(tmp_path: Path, data: bytes):
    (tmp_path / "claims").mkdir(exist_ok=True)
    (tmp_path / "claims" / "f.yaml").write_bytes(data)
    return load_file(tmp_path, Found("claims/f.yaml", False))


@given(st.binary(max_size=400))
def test_random_bytes_never_crash_the_loader(tmp_path_factory, data):
    records, problems = _load_bytes(tmp_path_factory.mktemp("b"), data)
    assert records or problems or data.strip() == b""
    assert all(p.rule != "internal-error" for p in problems)


@st.composite
def mutated(draw) -> str:
    text = VALID
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate-line", "swap"]))
        if action == "insert":
            text = text[:position] + draw(st.sampled_from(YAML_BITS)) + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 20)):]
        else:
            lines = text.splitlines(keepends=True)
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            if action == "duplicate-line":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
    return text


@given(mutated())
def test_mutated_claims_never_crash_the_loader_or_fmt(tmp_path_factory, text):
    records, problems = _load_bytes(tmp_path_factory.mktemp("m"), text.encode("utf-8", "surrogatepass"))
    assert all(p.rule != "internal-error" for p in problems)
    new_text, refusal = canonical_text("claims/f.yaml", text)
    if new_text is not None:
        assert read_document(new_text).data == read_document(text).data
        assert lint(new_text) == [], new_text


@given(st.text(alphabet=string.printable + "éü’“”—\u00a0", max_size=300))
@example("{")  # libyaml puts the error past the last line when it has no newline
@example("id: x\nclaim: [a,")
def test_random_text_through_kb_check(tmp_path_factory, text):
    from typer.testing import CliRunner

    from cli import app

    root = tmp_path_factory.mktemp("t")
    (root / "claims").mkdir()
    (root / "claims" / "f.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["--root", str(root), "check", "-o", "parsable"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    # every problem is one line naming the file, a line and column inside it, a severity and a rule
    lines = text.split("\n")
    problems = [PROBLEM.fullmatch(line) for line in result.stdout.splitlines()]
    assert all(problems), result.stdout
    for problem in problems:
        line, column = int(problem["line"]), int(problem["column"])
        assert 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]) + 1, problem.group()
        assert problem["rule"] != "internal-error"
    errors = [p for p in problems if p["severity"] == "error"]
    assert result.exit_code == (1 if errors else 0)
    summary = result.stderr.splitlines()[-1]
    if not errors:  # no error: the file is a valid claim
        assert summary.startswith("ok: 1 claims, 0 entities checked"), summary


PROBLEM = re.compile(r"claims/f\.yaml:(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warning): .+ "
                     r"\[(?P<rule>[a-z-]+)\]")


words = st.text(alphabet=string.ascii_letters + string.digits + " ,.'’:#-\"é[]{}!&*|>%@`", min_size=1,
                max_size=60).filter(lambda s: s.strip() and "\n" not in s)
slugs = st.from_regex(r"\A[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?\Z")


years = st.integers(1900, 2100).map(str)
one_period = st.one_of(years, st.builds(lambda y, p: f"{y}-{p}", years, st.sampled_from(
    ["H1", "H2", "Q1", "Q4", "03", "12", "early", "mid", "late", "end", "spring", "winter"])),
    st.builds(lambda y: f"FY{y}", years), st.sampled_from(["2024-02-29", "2026-03-15"]))
periods = st.one_of(one_period, one_period.map(lambda p: ".." + p), st.sampled_from(["2025..2026-H1", "2026.."]))


@st.composite
def claim_values(draw) -> dict:
    values = {
        "id": draw(slugs),
        "claim": draw(words).strip(),
        "speaker": "jane-doe",
        "status": draw(st.sampled_from(list(STATUSES))),
        "source": "daily-news",
        "quote": draw(words).strip(),
    }
    if draw(st.booleans()):
        values["product"] = draw(words).strip()
    if draw(st.booleans()):
        values["when"] = draw(periods)
        if draw(st.booleans()):
            values["inferred"] = {"when": draw(words).strip()}
    if draw(st.booleans()):
        values["said"] = draw(st.sampled_from(["2024", "2023-02", "2020-02-29"]))
    if draw(st.booleans()):
        values["tags"] = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    if draw(st.booleans()):
        values["note"] = draw(words).strip()
    return values


@given(claim_values())
def test_any_valid_claim_survives_fmt(values):
    text = dump_claim(values, Claim)
    assert canonical_text("claims/x.yaml", text) == (text, [])
    assert lint(text) == [], text
    doc = read_document(text)
    claim, problems = build_record(Claim, doc.data, doc.positions, "claims/x.yaml", 1, 1)
    assert problems == []
    assert {k: list(v) if isinstance(v, tuple) else v for k, v in record_values(claim).items()
            if v not in (None, (), {})} == values


@given(claim_values())
def test_new_then_load_gives_back_what_was_asked(tmp_path_factory, values):
    import textwrap

    from conftest import REGISTRY

    root = tmp_path_factory.mktemp("n")
    for name, text in REGISTRY.items():
        path = root / "claims/registry" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    kb, _ = load_kb(root)
    plan = plan_claim(kb, dict(values))
    assert plan.problems == []
    (root / plan.relpath).parent.mkdir(parents=True, exist_ok=True)
    (root / plan.relpath).write_text(plan.text, encoding="utf-8")
    loaded, problems = load_kb(root)
    assert problems == []
    claim = loaded.claims_by_id[values["id"]]
    for key, value in values.items():
        got = getattr(claim, key)
        assert (list(got) if isinstance(got, tuple) else got) == value, key


def test_knowledge_base_identity_is_by_object():
    a = KnowledgeBase(root=Path("."), claims=(), entities=())
    assert a != KnowledgeBase(root=Path("."), claims=(), entities=()) and a == a


# ---------------------------------------------------------------- comments through kb fmt

comment_words = st.text(alphabet=string.ascii_letters + string.digits + " ,.'’:#-é!", max_size=30).map(
    lambda s: s.rstrip())
comments = st.builds(lambda hashes, space, words: ("#" * hashes + space + words).rstrip(), st.integers(1, 3),
                     st.sampled_from(["", " "]), comment_words)


@st.composite
def commented_claims(draw) -> tuple[str, list[tuple[str, str, str]]]:
    """A valid claim file as a person might comment it, and what was commented where: (place, key, comment)
    with place 'above' (a line of its own before the key), 'beside' (on the key's line), or 'inside' (between
    the items of a block list). Lists are written in block style or flow style; mappings in block style."""
    values = draw(claim_values())
    if draw(st.booleans()):
        values["quantities"] = {"capacity": "53 GWh/yr", "jobs": "1500"}
    if draw(st.booleans()):
        values["external"] = {"mastr": "SEE912345678", "dataset": "row-7"}
    if draw(st.booleans()):
        values["supersedes"] = ["older-plan", "oldest-plan"]
    lines, said = [], []
    parent = None
    for line in dump_claim(values, Claim).splitlines():
        indent = line[:len(line) - len(line.lstrip())]
        key = line.strip().split(":", 1)[0]
        path = f"{parent}.{key}" if indent and parent else key
        parent = parent if indent else key
        if draw(st.booleans()):
            comment = draw(comments)
            lines.append(indent + comment)
            said.append(("above", path, comment))
        flow = re.fullmatch(r"(\w+): \[(.+)\]", line)
        if flow and draw(st.booleans()):  # a block list, commented between its items
            lines.append(f"{flow.group(1)}:")
            for n, item in enumerate(flow.group(2).split(", ")):
                if n and draw(st.booleans()):
                    comment = draw(comments)
                    lines.append("  " + comment)
                    said.append(("inside", path, comment))
                lines.append(f"  - {item}")
            continue
        if draw(st.booleans()):
            comment = draw(comments)
            line += " " * draw(st.integers(1, 3)) + comment
            said.append(("beside", path, comment))
        lines.append(line)
    return "\n".join(lines) + "\n", said


def _line_of(lines: list[str], path: str) -> int:
    """Where the key at path (`quantities.capacity`) is in a canonical claim file."""
    top, _, inner = path.partition(".")
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{top}:"))
    if inner:
        at = next(i for i in range(at + 1, len(lines)) if lines[i].startswith(f"  {inner}:"))
    return at


@settings(max_examples=30 if settings().max_examples <= 60 else settings().max_examples)  # yamllint takes a while
@given(commented_claims())
@example(("id: x\nclaim: C.\nspeaker: a\nstatus: done\nsource: s\nquote: Q.\ntags:\n  - a\n  # about b\n  - b\n"
          "supersedes: [y]\n", [("inside", "tags", "# about b")]))
@example(("id: x\nclaim: C.\nspeaker: a\nstatus: done\nsource: s\nquote: Q.\nexternal:\n"
          "  mastr: SEE912345678  #the register's id\n  dataset: row-7\n",
          [("beside", "external.mastr", "#the register's id")]))
def test_kb_fmt_keeps_each_comment_by_its_line_and_passes_yamllint(values):
    """Comments anywhere a person writes them: kb fmt's output passes `yamllint --strict` with the shipped
    configuration, keeps every comment (with a space after its '#'), each beside or above the key it was
    beside or above; one between a block list's items goes beside that list's key, never above the next key."""
    from kb.edit.fmt import tidy

    text, said = values
    new_text, refusal = canonical_text("claims/x.yaml", text)
    assert refusal == [] and new_text is not None, text
    assert lint(new_text) == [], new_text
    lines = new_text.splitlines()
    for place, path, comment in said:
        at, comment = _line_of(lines, path), tidy(comment)
        if place == "above":
            above = at
            while above > 0 and lines[above - 1].lstrip().startswith("#"):
                above -= 1
            assert any(line.strip() == comment for line in lines[above:at]), (place, path, comment, new_text)
        else:  # beside the key's line, alone or with others joined after two spaces
            assert f"  {comment}" in lines[at] and comment.startswith("#"), (place, path, comment, new_text)
