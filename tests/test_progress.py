"""Progress of long work: the library reports it through a `progress(done, total)` callback, and the
commands draw it with kb.render.progress.bar, on a terminal's standard error only.

The terminal test types nothing: it runs a cold build of 20,000 claims in tmux, watches the bar
appear on the screen, and runs the same build with standard error in a pipe, where nothing of it
may arrive."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import claim_text

from kb.render.progress import bar, on_a_terminal
from kb.store.index import open_index

KB = Path(sys.executable).parent / "kb"


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int | None]] = []

    def __call__(self, done: int, total: int | None = None) -> None:
        self.calls.append((done, total))


def test_a_build_reports_the_files_read_up_to_all_of_them(make_kb):
    root = make_kb({f"claims/c{i:03d}.yaml": claim_text(f"c{i:03d}") for i in range(250)})
    heard = Recorder()
    open_index(root, progress=heard)
    assert heard.calls[-1] == (254, 254)  # 250 claims and the 4 registry files
    assert [done for done, _ in heard.calls] == sorted(done for done, _ in heard.calls)


def test_the_checks_report_each_check_done(make_kb):
    from kb.checks import CHECKS, run_checks

    heard = Recorder()
    run_checks(open_index(make_kb({"claims/a.yaml": claim_text("a")})), CHECKS, progress=heard)
    assert heard.calls == [(n, len(CHECKS)) for n in range(1, len(CHECKS) + 1)]


@pytest.mark.parametrize("fmt", ["sqlite", "jsonl"])
def test_an_export_reports_the_claims_written(kb_repo, tmp_path, monkeypatch, fmt):
    import kb.commands.exporting as exporting

    heard = Recorder()
    monkeypatch.setattr(exporting, "progress", lambda description: _fixed(heard, description))
    assert kb_repo("export", str(tmp_path / f"all.{fmt}")).exit_code == 0
    assert heard.description == "Exporting 10 claims" and heard.calls[-1] == (10, 10)


def _fixed(recorder: Recorder, description: str):
    from contextlib import nullcontext

    recorder.description = description
    return nullcontext(recorder)


def test_extract_reads_several_sources_and_reports_each(make_kb, kb_at, monkeypatch):
    """Several sources at once: progress over the sources; one with no archived text is reported with its
    reason, and the others are read all the same (exit 1)."""
    import kb.commands.extracting as extracting

    root = make_kb({
        "sources/a.txt": "Acme Batteries will open a plant in Ohio in 2026, its chief said.\n",
        "sources/b.txt": "Globex plans to build a cell factory in Texas by 2027.\n",
        "claims/registry/sources.yaml": "- id: a\n  title: A\n  kind: article\n  archive: sources/a.txt\n\n"
                                        "- id: b\n  title: B\n  kind: article\n  archive: sources/b.txt\n\n"
                                        "- id: daily-news\n  title: Daily News\n  kind: article\n"})
    heard = Recorder()
    monkeypatch.setattr(extracting, "progress", lambda description: _fixed(heard, description))
    result = kb_at(root)("extract", "a", "daily-news", "b", "--format", "yaml")
    assert heard.description == "Reading 3 sources" and heard.calls == [(1, 3), (2, 3), (3, 3)]
    assert result.exit_code == 1
    assert "kb: error: source 'daily-news' has no archived text" in result.stderr
    quotes = [line for line in result.stdout.splitlines() if line.lstrip("- ").startswith("quote:")]
    assert [q.split("quote: ")[1] for q in quotes] == ["Acme Batteries will open a plant in Ohio in 2026, its chief said.",
                                                       "Globex plans to build a cell factory in Texas by 2027."]


def test_no_bar_off_a_terminal(capsys):
    """A pipe, a file, CI logs: the step callback draws nothing, however long the work."""
    with bar("Working") as step:
        for done in range(3):
            step(done, 3)
    assert capsys.readouterr().err == ""
    assert not on_a_terminal(open(os.devnull, "w"))


# ---------------------------------------------------------------- on a real terminal (tmux)

CLAIMS = 20000


@pytest.fixture(scope="module")
def big_kb():
    """20,000 small claims, in memory (/dev/shm) where there is one: writing 20,000 files to a disk costs
    more than the test itself."""
    place = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    root = Path(tempfile.mkdtemp(prefix="kb-progress-", dir=place))
    try:
        (root / "claims/registry").mkdir(parents=True)
        (root / "claims/registry/companies.yaml").write_text("- id: acme\n  name: Acme\n")
        (root / "claims/registry/sources.yaml").write_text("- id: news\n  title: News\n  kind: article\n")
        for folder in range(CLAIMS // 1000):
            (root / f"claims/f{folder:02d}").mkdir()
        for n in range(CLAIMS):
            (root / f"claims/f{n // 1000:02d}/c-{n:05d}.yaml").write_text(
                f"id: c-{n:05d}\nclaim: Acme will build plant {n}.\nspeaker: acme\ncompany: acme\n"
                f"when: {2020 + n % 10}\nstatus: planned\nsource: news\nquote: Acme will build plant {n}\n")
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed: the bar needs a real terminal")
def test_a_cold_build_shows_a_bar_on_a_terminal_and_nothing_in_a_pipe(big_kb, tmp_path):
    socket = f"kb-progress-{os.getpid()}-{time.monotonic_ns()}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KB_", "TMUX")) and k not in ("CI", "NO_COLOR")}
    env["KB_PROGRESS_DELAY"] = "0"  # the bar at once: a fast machine builds 20,000 claims in about a second
    out, err, piped = tmp_path / "out.txt", tmp_path / "err.txt", tmp_path / "piped.txt"
    kb = f"{KB} --root {big_kb}"
    script = (f"{kb} list -o ids | tail -1 > {out}; echo FIRST=$?; rm -rf {big_kb}/.kb-cache; "
              f"{kb} list -o ids 2> {err} | tail -1 > {piped}; echo SECOND=$?; sleep 60")
    subprocess.run(["tmux", "-L", socket, "new-session", "-d", "-x", "120", "-y", "20", script], check=True, env=env)
    try:
        seen, deadline = "", time.monotonic() + 120
        while "SECOND=" not in seen and time.monotonic() < deadline:
            screen = subprocess.run(["tmux", "-L", socket, "capture-pane", "-p"], capture_output=True,
                                    text=True).stdout
            if "Reading the claims" in screen and "/20002" in screen and not seen:
                seen = screen  # the bar, while the build runs
            if "SECOND=" in screen:
                seen = seen or "no bar"
                break
            time.sleep(0.05)
        final = subprocess.run(["tmux", "-L", socket, "capture-pane", "-p"], capture_output=True, text=True).stdout
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
    assert "FIRST=0" in final and "SECOND=0" in final, final
    bar_line = next((line for line in seen.splitlines() if "Reading the claims" in line), "")
    assert bar_line and "━" in bar_line and "/20002" in bar_line, f"no bar on the terminal:\n{seen}"
    assert "Reading the claims" not in final  # the bar is gone once the build is done
    assert out.read_text() == piped.read_text() == "c-19999\n"  # the answer, and nothing else, in the pipe
    assert err.read_text() == ""  # standard error in a pipe: no bar, no escape code


def test_a_description_is_text_not_markup(monkeypatch):
    """A file name in a bar's description ('Importing [red]big.csv') is printed as it is: never read as
    Rich markup (a colour, a link) and never a markup error."""
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("KB_PROGRESS_DELAY", "0")
    for name in ("[red]big.csv", "a[link=https://example.org]b.csv", "c[/]d.csv"):
        screen = Terminal()
        with bar(f"Importing {name}", stream=screen) as step:
            step(1, 2)
        assert f"Importing {name}" in screen.getvalue(), screen.getvalue()
        assert "\x1b]8;" not in screen.getvalue()
