"""Shell completion: the candidates for each kind of value, from the index; what each shell is handed; and
`kb --install-completion` for bash, zsh and fish. (Its speed at 100,000 claims is in bench/run.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from kb.store.completion import candidates

KB = Path(sys.executable).parent / "kb"


@pytest.fixture(scope="module")
def seed():
    """The seed, with its index as a command leaves it (completion reads it as it stands)."""
    subprocess.run([str(KB), "--root", str(REPO), "list", "-o", "ids"], check=True, capture_output=True)
    return REPO


@pytest.fixture(scope="module")
def rich_kb(tmp_path_factory):
    """A knowledge base with attributes, other systems' ids, tags and products to complete."""
    root = tmp_path_factory.mktemp("kb")
    files = {
        "claims/registry/companies.yaml": "- id: acme\n  name: Acme Batteries\n  aliases: [ACB]\n\n"
                                          "- id: globex\n  name: Globex Corporation\n",
        "claims/registry/sources.yaml": "- id: daily-news\n  title: Daily News\n  kind: article\n",
        "claims/registry/attributes.yaml": "- name: rating\n  type: choice\n  values: [\"true\", half-true, \"false\"]\n"
                                           "  description: The fact-checker's rating.\n",
    }
    for n, (rating, tag, product) in enumerate([("half-true", "ohio", "LFP"), ('"false"', "output", '"4680"'),
                                                ("half-true", "ohio-plant", "LFP")]):
        files[f"claims/acme-claim-{n}.yaml"] = (f"id: acme-claim-{n}\nclaim: Acme plan {n}.\nspeaker: acme\ncompany: acme\n"
                                      f"product: {product}\nwhen: 2026\nstatus: planned\nsource: daily-news\n"
                                      f"quote: Acme plan {n}\nattributes:\n  rating: {rating}\ntags: [{tag}]\n"
                                      f"external:\n  mastr: SEE00{n}\n")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    result = subprocess.run([str(KB), "--root", str(root), "check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return root


def values(kind: str, root: Path, typed: str) -> list[str]:
    return [value for value, _ in candidates(kind, root, typed)]


def test_claim_ids_with_their_claims(seed):
    assert candidates("claim", seed, "lges-4680-o") == [
        ("lges-4680-ochang-mass-production", "LG Energy Solution intends to start 4680 mass production at its Ochan…")]
    assert values("claim", seed, "musk") == ["musk-4680-supplement-suppliers"]
    assert values("claim", seed, "nothing-starts-so") == []


def test_entities_by_id_name_or_alias_as_typed(seed):
    assert candidates("company", seed, "l") == [("lges", "LG Energy Solution (company)")]
    assert candidates("company", seed, "LG") == [("LGES", "lges (company)")]  # the alias, spelled as typed
    assert candidates("speaker", seed, "Kim") == [("Kim Dong-myeong", "kim-dong-myeong (person)")]
    assert values("speaker", seed, "") == ["elon-musk", "kim-dong-myeong", "lges", "powering-the-future-4680",
                                           "tesla"]
    assert values("factory", seed, "O") == ["Ochang"]
    assert values("source", seed, "p") == ["powering-the-future-4680"]
    assert values("company", seed, "kim") == []  # a person is no company
    assert values("record", seed, "tesla") == ["tesla-4680-ramp-up-2024", "tesla"]


def test_fixed_words(seed):
    assert candidates("status", seed, "pl") == [("planned", "an intention the speaker has committed to (announced plans,…")]
    assert values("status", seed, "C") == ["considering", "cancelled"]
    assert values("relation", seed, "su") == ["supports", "supersedes"]
    assert values("relation=claim", seed, "sup") == ["supports=", "supersedes="]
    assert values("relation=claim", seed, "supersedes=lges-4680-a") == ["supersedes=lges-4680-arizona-production"]
    assert values("quantity", seed, "") == ["capacity=", "investment=", "jobs="]
    assert values("quantity name", seed, "i") == ["investment"]


def test_the_forms_of_a_period(seed):
    assert values("period", seed, "2026-H") == ["2026-H1", "2026-H2"]
    assert values("period", seed, "2026-e") == ["2026-early", "2026-end"]
    assert values("period", seed, "2025..2026-Q") == ["2025..2026-Q1", "2025..2026-Q2", "2025..2026-Q3",
                                                       "2025..2026-Q4"]
    assert "FY2026" in values("period", seed, "FY") and "..2026" in values("period", seed, "..2026")
    assert values("year", seed, "2024.") == ["2024.."]
    assert values("date", seed, "2024-0") == [f"2024-0{m}" for m in range(1, 10)]


def test_tags_products_attributes_and_other_systems(rich_kb):
    assert values("tag", rich_kb, "oh") == ["ohio", "ohio-plant"]
    assert values("product", rich_kb, "L") == ["LFP"]
    assert candidates("attribute", rich_kb, "r") == [("rating=", "The fact-checker's rating.")]
    assert values("attribute", rich_kb, "rating=") == ["rating=false", "rating=half-true"]
    assert values("external", rich_kb, "") == ["mastr="]
    assert values("external", rich_kb, "mastr=SEE001") == ["mastr=SEE001"]
    assert values("company", rich_kb, "A") == ["ACB"]


def test_without_an_index_claim_ids_come_from_the_file_names(make_kb):
    root = make_kb({"claims/a/acme-one.yaml": "id: acme-one\n", "claims/b/acme-two.yaml": "id: acme-two\n"})
    assert values("claim", root, "acme") == ["acme-one", "acme-two"]
    assert values("company", root, "a") == []


SHELLS = {
    "bash": lambda typed: {"_KB_COMPLETE": "complete_bash", "COMP_WORDS": typed,
                           "COMP_CWORD": str(len(typed.split(" ")) - 1)},
    "zsh": lambda typed: {"_KB_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": typed},
    "fish": lambda typed: {"_KB_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": typed,
                           "_TYPER_COMPLETE_FISH_ACTION": "get-args"},
}


def complete(shell: str, typed: str, cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KB_", "_KB_", "_TYPER_", "COMP_"))}
    return subprocess.run([str(KB)], env={**env, **SHELLS[shell](typed)}, cwd=cwd, capture_output=True,
                          text=True).stdout.rstrip("\n")


def test_each_shell_gets_the_candidates_in_its_own_form(seed):
    assert complete("bash", "kb show lges-4680-o", seed) == "lges-4680-ochang-mass-production"
    assert complete("bash", "kb list --speaker Kim", seed) == "Kim\\ Dong-myeong"  # bash inserts it as it is
    assert complete("zsh", "kb list --company LG", seed) == "_arguments '*: :((\"LGES\":\"lges (company)\"))'"
    assert complete("fish", "kb link lges-4680-ochang-mass-production su", seed) == (
        "supports\tthis claim gives evidence for the target\n"
        "supersedes\tthis newer claim replaces the target (an update of the same…")
    assert complete("bash", f"kb --root {seed} list --due 2026-Q", Path("/")) == "2026-Q1\n2026-Q2\n2026-Q3\n2026-Q4"


@pytest.mark.parametrize("command, typed, wanted", [  # the filters are one definition (kb.commands.common)
    ("due", "--factory", "lges-ochang"), ("track", "--source", "powering-the-future-4680"),
    ("export", "--tag", "4680"), ("companies", "--speaker", "lges"),
])
def test_every_command_completes_its_filters(seed, command, typed, wanted):
    typed_value = wanted[:3]
    out = complete("bash", f"kb {command} {typed} {typed_value}", seed)
    assert wanted in out.split("\n"), out


def test_a_real_bash_completes_through_the_installed_script(seed, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KB_", "_KB_", "_TYPER_"))}
    env.update(HOME=str(tmp_path), _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1",
               PATH=f"{KB.parent}:{env['PATH']}")
    for shell, place in (("bash", ".bash_completions/kb.sh"), ("zsh", ".zfunc/_kb"),
                         ("fish", ".config/fish/completions/kb.fish")):
        result = subprocess.run([str(KB), "--install-completion", shell], env=env, capture_output=True, text=True)
        assert result.returncode == 0 and f"{shell} completion installed in {tmp_path / place}" in result.stdout
        assert "_KB_COMPLETE" in (tmp_path / place).read_text()
    script = (f"source {tmp_path}/.bash_completions/kb.sh; cd {seed}; COMP_WORDS=(kb show lges-4680-o); "
              "COMP_CWORD=2; _kb_completion kb; printf '%s\\n' \"${COMPREPLY[@]}\"")
    out = subprocess.run(["bash", "--norc", "-c", script], env=env, capture_output=True, text=True).stdout
    assert out == "lges-4680-ochang-mass-production\n"
