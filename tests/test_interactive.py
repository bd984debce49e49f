"""The interactive paths of `kb new`, typed into a real terminal (tmux) as a person would: a typo is asked
again, an unknown speaker is added on the spot, and an interrupted `kb new` is resumed. Each test is one
session, typing only what a person would."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kb.store.parse import load_kb

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed: the interactive "
                                                                      "paths need a real terminal to type into")
KB = Path(sys.executable).parent / "kb"
CLAIM = ["--claim", "Acme will open a plant in Ohio.", "--quote", "Acme will open a plant in Ohio"]


class Terminal:
    """One command running in a detached tmux session on a private server, read and typed into."""

    def __init__(self, root: Path, args: list[str]) -> None:
        self.socket = f"kb-test-{os.getpid()}-{time.monotonic_ns()}"
        command = " ".join(shlex.quote(a) for a in [str(KB), "--root", str(root), *args])
        env = {k: v for k, v in os.environ.items() if not k.startswith(("KB_", "TMUX"))}
        subprocess.run(["tmux", "-L", self.socket, "new-session", "-d", "-x", "200", "-y", "60", "-c", str(root),
                        f"{command}; echo EXIT=$?; sleep 60"], check=True, env=env)

    def screen(self) -> str:
        return subprocess.run(["tmux", "-L", self.socket, "capture-pane", "-p", "-J"], capture_output=True,
                              text=True).stdout

    def wait(self, text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.02)
        raise AssertionError(f"{text!r} never appeared on the screen:\n{self.screen()}")

    def answer(self, label: str, text: str = "") -> None:
        """Wait until the last line is the prompt for label, then type text and Enter."""
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            lines = [line for line in self.screen().splitlines() if line.strip()]
            if lines and lines[-1].startswith(label) and lines[-1].rstrip().endswith(":"):
                break
            time.sleep(0.02)
        else:
            raise AssertionError(f"no prompt for {label!r}:\n{self.screen()}")
        if text:
            subprocess.run(["tmux", "-L", self.socket, "send-keys", "-l", text], check=True)
        subprocess.run(["tmux", "-L", self.socket, "send-keys", "Enter"], check=True)

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "-L", self.socket, "send-keys", *keys], check=True)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def terminal():
    opened: list[Terminal] = []

    def start(root: Path, *args: str) -> Terminal:
        opened.append(Terminal(root, list(args)))
        return opened[-1]

    yield start
    for t in opened:
        t.close()


def test_a_typo_is_asked_again_and_an_unknown_speaker_is_added_on_the_spot(make_kb, terminal):
    root = make_kb({})
    t = terminal(root, "new", *CLAIM, "--company", "acme", "--source", "daily-news")
    t.answer("speaker", "Jane Roe")
    t.wait("no person or company or source called 'Jane Roe'; did you mean 'Jane Doe'")
    t.answer("Add 'Jane Roe' now as a new [person/company/source/no]", "person")
    t.answer("aliases")
    t.answer("role", "CTO")
    t.answer("company", "Acme Batteries")
    t.answer("note")
    t.wait("added person jane-roe to claims/registry/people.yaml")
    for label in ("concerns", "product", "factory", "milestone"):
        t.answer(label)
    t.answer("when", "2O26")
    t.wait("'2O26' is not a period")
    t.answer("when", "2026-h2")
    t.answer("said")
    t.answer("status", "planed")
    t.wait("'status': 'planed' is not allowed; did you mean 'planned'?")
    t.answer("status", "planned")
    for label in ("quote_kind", "quantities", "tags", "relations", "inferred", "note"):
        t.answer(label)
    t.wait("EXIT=0")
    assert (root / "claims/registry/people.yaml").read_text().endswith(
        "\n\n- id: jane-roe\n  name: Jane Roe\n  role: CTO\n  company: acme\n")
    claim = load_kb(root)[0].claims_by_id["acme-2026-h2-open-plant-ohio"]
    assert (claim.speaker, claim.when, claim.status) == ("jane-roe", "2026-H2", "planned")
    assert not list((root / "drafts/.new").glob("*.yaml"))


def test_an_interrupted_new_is_resumed(make_kb, terminal):
    root = make_kb({})
    t = terminal(root, "new")
    t.answer("claim", "Acme will open a plant in Ohio.")
    t.answer("speaker", "Jane Doe")
    t.answer("company")
    t.wait("concerns (")
    t.keys("C-c")  # at the concerns prompt
    screen = t.wait("EXIT=130")
    assert "kb: interrupted; what you typed is kept in drafts/.new/" in screen
    draft = next((root / "drafts/.new").glob("*.yaml"))
    assert f"go on with: kb new --resume drafts/.new/{draft.name}" in screen
    assert "claim: Acme will open a plant in Ohio.\nspeaker: jane-doe\n" in draft.read_text()
    t = terminal(root, "new", "--resume", f"drafts/.new/{draft.name}")
    t.answer("concerns")  # claim, speaker and company were answered before the interruption
    for label in ("product", "factory", "milestone", "when", "said"):
        t.answer(label)
    t.answer("status", "planned")
    t.answer("source", "daily-news")
    t.answer("quote", "Acme will open a plant in Ohio")
    for label in ("quote_kind", "quantities", "tags", "relations", "inferred", "note"):
        t.answer(label)
    screen = t.wait("EXIT=0")
    assert "claims/daily-news/jane-doe-acme-open-plant-ohio.yaml" in screen
    assert not draft.exists()


def test_line_editing_keeps_the_prompt(make_kb, terminal):
    root = make_kb({})
    t = terminal(root, "new")
    t.answer("claim", "Acme will open a plant in Ohio.")
    t.wait("speaker (")
    t.keys("-l", "abc")
    t.wait("Tab completes ids): abc")
    t.keys("C-a", "C-k")  # to the start of the line, and cut what follows
    time.sleep(0.3)
    t.keys("-l", "xyz")
    screen = t.wait("Tab completes ids): xyz")
    assert screen.rstrip().splitlines()[-1] == "speaker (required; person or company or source; Tab completes ids): xyz"
    t.keys("C-u")
    time.sleep(0.3)
    assert t.screen().rstrip().splitlines()[-1] == "speaker (required; person or company or source; Tab completes ids):"
    t.keys("C-c")
    t.wait("EXIT=130")


def test_a_draft_whose_when_is_a_bare_year_is_resumed_on_a_terminal(make_kb, terminal):
    draft = ("claim: Acme will open a plant in Ohio.\nspeaker: jane-doe\ncompany: acme\nwhen: 2026\n"
             "status: planned\nsource: daily-news\nquote: Acme will open a plant in Ohio\n")
    root = make_kb({"drafts/.new/20240501-101500.yaml": draft})
    t = terminal(root, "new", "--resume", "drafts/.new/20240501-101500.yaml")
    for label in ("concerns", "product", "factory", "milestone", "said", "quote_kind", "quantities", "tags", "relations",
                  "inferred", "note"):
        t.answer(label)
    screen = t.wait("EXIT=")
    assert "EXIT=0" in screen and "round-trip" not in screen
    assert load_kb(root)[0].claims_by_id["acme-2026-open-plant-ohio"].when == "2026"


def test_a_quote_not_in_the_archive_is_asked_again_at_once(make_kb, terminal):
    root = make_kb({"sources/daily-news.txt": "Acme will open a plant in Ohio, its chief said.\n",
                    "claims/registry/sources.yaml": "- id: daily-news\n  title: Daily News\n  kind: article\n"
                                                    "  archive: sources/daily-news.txt\n"})
    t = terminal(root, "new", "--claim", "Acme will open a plant in Ohio.", "--speaker", "jane-doe",
                 "--company", "acme", "--status", "planned", "--source", "daily-news", "-i")
    for label in ("concerns", "product", "factory", "milestone", "when", "said"):
        t.answer(label)
    t.answer("quote", "Acme will open two plants in Ohio")
    t.wait("the quote is not in the archived text of 'daily-news' (sources/daily-news.txt)")
    t.answer("Is it a paraphrase or a translation (not compared)? [no/paraphrase/translation]")
    t.wait("type the quote again, as the source has it")
    t.answer("quote", "Acme will open a plant in Ohio")
    for label in ("quote_kind", "quantities", "tags", "relations", "inferred", "note"):
        t.answer(label)
    screen = t.wait("EXIT=")
    assert "EXIT=0" in screen
    assert load_kb(root)[0].claims_by_id["acme-open-plant-ohio"].quote == "Acme will open a plant in Ohio"


def test_a_required_field_says_so_and_an_empty_answer_says_why_it_is_asked_again(make_kb, terminal):
    root = make_kb({"note.txt": "Acme will open a plant in Ohio.\n"})
    t = terminal(root, "add", "source", "--from", "note.txt", "--kind", "article")
    t.answer("title (required)")
    screen = t.wait("title is required")
    assert "  title is required: it cannot be left unknown; type it, or press Ctrl-C to stop" in screen
    t.answer("title (required)", "Acme note")
    for label in ("aliases", "publisher", "date", "url", "note"):
        t.answer(label)
    screen = t.wait("EXIT=")
    assert "EXIT=0" in screen and "added source acme-note" in screen


def test_a_misspelt_owner_not_added_is_asked_again(make_kb, terminal):
    """`kb add factory --owner` with a name the registry lacks: answering "no" to adding it asks for the owner
    again (as `kb new` does for its fields) instead of giving up."""
    root = make_kb({})
    t = terminal(root, "add", "factory", "--name", "Dayton plant", "--owner", "Acne Batteries")
    t.wait("did you mean 'Acme Batteries'")
    t.answer("Add 'Acne Batteries' now as a new [company/no]", "no")
    t.answer("owner", "Acme Batteries")
    screen = t.wait("EXIT=")  # the name was given: nothing else is asked (-i asks for every field)
    assert "EXIT=0" in screen and "added factory acme-dayton to claims/registry/factories.yaml" in screen
    assert load_kb(root)[0].entities_by_id["acme-dayton"].owner == "acme"


def test_a_command_giving_the_required_fields_asks_nothing_so_a_pasted_block_runs_line_by_line(make_kb, terminal):
    """README's worked example pasted into a terminal: `kb add source` with its title and kind given must not
    take the next pasted line as its answer to 'aliases'. -i asks for the rest."""
    root = make_kb({"note.txt": "Acme will open a plant in Ohio.\n"})
    t = terminal(root, "add", "source", "--from", "note.txt", "--kind", "article", "--title", "Acme note")
    screen = t.wait("EXIT=")
    assert "EXIT=0" in screen and "added source acme-note" in screen and "aliases" not in screen
    t = terminal(root, "add", "person", "--name", "Jane Roe", "-i")
    for label in ("aliases", "role", "company", "note"):
        t.answer(label)
    screen = t.wait("EXIT=")
    assert "EXIT=0" in screen and "added person jane-roe" in screen


def test_ctrl_c_in_a_review_exits_130_keeping_what_was_decided(make_kb, terminal):
    draft = ("id: d1\nclaim: Acme will open a plant in Ohio.\nspeaker: jane-doe\ncompany: acme\nstatus: planned\n"
             "source: daily-news\nquote: Acme will open a plant in Ohio\n")
    root = make_kb({"drafts/daily-news/d1.yaml": draft, "drafts/daily-news/d2.yaml": draft.replace("d1", "d2")})
    t = terminal(root, "review", "daily-news")
    t.answer("[a]ccept, [e]dit a field, [r]eject, [s]kip, [q]uit", "r")
    t.wait("draft 2 of 2")
    time.sleep(0.2)
    t.keys("C-c")
    screen = t.wait("EXIT=")
    assert "EXIT=130" in screen
    assert "kb: interrupted; 0 accepted, 1 rejected so far (kept in drafts/); the rest is left for later" in screen
    assert (root / "drafts/daily-news/rejected/d1.yaml").exists() and (root / "drafts/daily-news/d2.yaml").exists()
