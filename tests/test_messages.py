"""The messages a new user meets, each saying what to do: the install command of a missing extra for
the way kb was installed, amounts and periods written another way, options that take other values,
and what kb keeps out of git."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from kb.model.extras import command_for, install_command

PLANS = REPO / "tests" / "fixtures" / "plan-history"


@pytest.mark.parametrize("direct_url, cwd, command", [
    (None, "/home/ann", "pip install 'kb-claims[chart]'"),  # from an index: no direct_url.json
    ('{"url": "file:///src/kb", "dir_info": {"editable": true}}', "/src/kb", "pip install -e '.[chart]'"),
    ('{"url": "file:///src/kb", "dir_info": {}}', "/src/kb", "pip install '.[chart]'"),
    ('{"url": "file:///src/kb", "dir_info": {"editable": true}}', "/home/ann", "pip install -e '/src/kb[chart]'"),
    ('{"url": "file:///src/my%20kb", "dir_info": {}}', "/home/ann", "pip install '/src/my kb[chart]'"),
    ('{"url": "https://github.com/acme/kb", "vcs_info": {"vcs": "git", "commit_id": "abc"}}', "/home/ann",
     "pip install 'kb-claims[chart] @ git+https://github.com/acme/kb'"),
    ('{"url": "https://example.com/kb_claims-0.2.0.tar.gz", "archive_info": {}}', "/home/ann",
     "pip install 'kb-claims[chart] @ https://example.com/kb_claims-0.2.0.tar.gz'"),
    ("not json", "/home/ann", "pip install 'kb-claims[chart]'"),
])
def test_the_install_command_follows_how_kb_was_installed(direct_url, cwd, command):
    assert command_for("chart", direct_url, Path(cwd)) == command


def test_this_checkout_is_installed_from_its_folder(monkeypatch):
    """The test environments install kb from this checkout (editable here, `pip install '.[test]'` in CI)."""
    monkeypatch.chdir(REPO)
    assert install_command("html") in ("pip install -e '.[html]'", "pip install '.[html]'")


def test_a_chart_without_matplotlib_gives_the_install_command(kb_at, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if the extra were not installed
    result = kb_at(PLANS)("track", "--as-of", "2026", "--chart", str(tmp_path / "plans.svg"))
    assert result.exit_code == 1
    assert result.stderr == ("kb: error: the chart needs matplotlib, which is not installed: "
                             f"{install_command('chart')}\n")
    assert "internal error" not in result.output and not (tmp_path / "plans.svg").exists()


def test_a_web_page_without_the_html_extra_gives_the_install_command(make_kb, kb_at, monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    root = make_kb({"page.html": "<html><head><title>T</title></head><body><p>Acme will build.</p></body></html>"})
    result = kb_at(root)("add", "source", "--from", str(root / "page.html"), "--kind", "article")
    assert result.exit_code == 1
    assert result.stderr == ("kb: error: reading a web page needs trafilatura, which is not installed: "
                             f"{install_command('html')} (or save the page as text and archive that)\n")


def test_a_parquet_export_without_pyarrow_gives_the_install_command(kb_at, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    result = kb_at(PLANS)("export", str(tmp_path / "claims.parquet"))
    assert result.exit_code == 1
    assert result.stderr == ("kb: error: the Parquet export needs pyarrow, which is not installed: "
                             f"{install_command('parquet')}\n")
    assert not (tmp_path / "claims.parquet").exists()


def test_kb_serve_without_the_web_extra_gives_the_install_command(kb_at, monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.setitem(sys.modules, "datasette", None)
    result = kb_at(PLANS)("serve")
    assert result.exit_code == 1
    assert result.stderr == f"kb: error: kb serve needs Datasette, which is not installed: {install_command('web')}\n"


@pytest.mark.parametrize("given, suggested", [
    ("2026 H2", "2026-H2"), ("2025 Q3", "2025-Q3"), ("June 2025", "2025-06"), ("5 March 2025", "2025-03-05"),
    ("5th of March 2025", "2025-03-05"), ("March 5, 2025", "2025-03-05"), ("the second half of 2026", "2026-H2"),
])
def test_a_period_written_in_words_gets_its_canonical_form(make_kb, kb_at, given, suggested):
    kb = kb_at(make_kb({}))
    result = kb("list", "--due", given)
    assert result.exit_code == 2
    assert f"'{given}' is not a period; did you mean '{suggested}'?" in result.stderr
    assert kb("list", "--due", suggested).exit_code == 0  # the suggestion is taken


def test_no_day_that_does_not_exist_is_suggested(make_kb, kb_at):
    result = kb_at(make_kb({}))("list", "--due", "31 February 2025")
    assert "did you mean" not in result.stderr and "is not a period; write a year (2026)" in result.stderr


@pytest.mark.parametrize("given, hint", [
    ("2026-H2", "--due 2026-H2"), ("2026 H2", "--due 2026-H2"), ("fy2027", "--due FY2027"),
])
def test_a_period_given_to_year_points_to_due(make_kb, kb_at, given, hint):
    result = kb_at(make_kb({}))("list", "--year", given)
    assert result.exit_code == 2
    assert (f"'{given}' is not a year or range; use 2024, 2023..2025, 2023.. or ..2025, or {hint} for the claims "
            "due at some time in that period") in " ".join(result.stderr.split())


def test_an_amount_and_a_relation_written_another_way_get_a_form_that_works(make_kb, kb_at):
    from conftest import claim_text

    root = make_kb({"claims/a.yaml": claim_text("a", supercedes="[b]",
                                                quantities="{capacity: 40 GWh per year, investment: $5.5bn}"),
                    "claims/b.yaml": claim_text("b")})
    out = kb_at(root)("check", "-o", "parsable").stdout
    assert "claims/a.yaml:8:1: error: unknown key 'supercedes'; did you mean 'supersedes'? [unknown-key]" in out
    assert "'quantities': '40 GWh per year': write '40 GWh/yr' [bad-value]" in out
    assert "'quantities': '$5.5bn': write the currency as a code after the amount: '5.5 billion USD' [bad-value]" in out
    fixed = (root / "claims/a.yaml").read_text().replace("supercedes", "supersedes").replace(
        "40 GWh per year", "40 GWh/yr").replace("$5.5bn", "5.5 billion USD")
    (root / "claims/a.yaml").write_text(fixed)
    assert kb_at(root)("check", "-o", "parsable").stdout == ""  # following the advice works
    result = kb_at(root)("new", "--claim", "A.", "--speaker", "acme", "--company", "acme", "--status", "planned",
                         "--source", "daily-news", "--quote", "A", "--relation", "supercedes=a", "--dry-run")
    assert result.exit_code == 2 and "did you mean 'supersedes=a'?" in result.stderr


def test_a_failed_dry_run_writes_no_draft(make_kb, kb_at):
    root = make_kb({})
    result = kb_at(root)("new", "--claim", "A.", "--speaker", "acme", "--company", "acme", "--status", "planned",
                         "--source", "daily-news", "--quote", "A", "--when", "2026 H2", "--dry-run")
    assert result.exit_code == 1
    assert "did you mean '2026-H2'?" in result.stderr and "kept in drafts" not in result.stderr
    assert not (root / "drafts").exists()


def test_drafts_and_charts_are_kept_out_of_git(make_kb, kb_at, monkeypatch):
    """The repository ignores drafts/ and charts/; and in any knowledge base, the folders kb makes for them carry
    a .gitignore of their own, so that `git add -A` never commits them."""
    for path in ("drafts/daily-news/a.yaml", "drafts/.new/20240501-101500.yaml", "charts/plans.svg", "plans.svg"):
        result = subprocess.run(["git", "-C", str(REPO), "check-ignore", "-q", path])
        assert result.returncode == 0, f"{path} is not ignored"
    root = make_kb({})
    kb = kb_at(root)
    kb("new", "--claim", "A.", "--speaker", "acme", "--company", "acme", "--status", "planned",
       "--source", "daily-news", "--quote", "A", "--when", "2026 H2")  # fails: its values are kept as a draft
    assert (root / "drafts/.gitignore").read_text().splitlines()[-1] == "*"
    import kb.render.chart

    monkeypatch.setattr(kb.render.chart, "render", lambda plans, fmt: b"<svg/>")  # the drawing is not the point
    monkeypatch.chdir(PLANS)
    try:
        result = kb_at(PLANS)("track", "--as-of", "2026", "--chart", "charts/plans.svg")
        assert result.exit_code == 0, result.output
        assert (PLANS / "charts/.gitignore").read_text() == "# Charts drawn by `kb track --chart`; never committed\n*\n"
    finally:
        for name in ("plans.svg", ".gitignore"):
            (PLANS / "charts" / name).unlink(missing_ok=True)
        (PLANS / "charts").rmdir()


