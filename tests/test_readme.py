"""README says nothing untrue: every shell block in it runs, word for word, on a copy of the repository.

Each ```sh block is run by bash (`set -e`, `pipefail`) in a copy of the repository's files (as git
lists them, uncommitted edits included), with the environment a reader has after README's set-up:
the virtual environment the tests run in is the copy's `.venv`, so `. .venv/bin/activate` finds the
`kb` installed there. Every command of a block must succeed. The two set-up blocks install the
project (`pip install`): they are not run here, since `.ci/run` runs the second word for word and
`tests/test_ci_config.py` holds them to it; this test checks that they are the only blocks left out.
README's length is held too: it is a newcomer's first five minutes, everything else lives in docs/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"^```sh\n(.*?)^```$", README, flags=re.S | re.M)
SET_UP = [block for block in BLOCKS if "pip install" in block]
RUN = [block for block in BLOCKS if block not in SET_UP]


def test_readme_is_short_and_its_set_up_commands_come_first():
    assert len(README.splitlines()) <= 250
    assert SET_UP == [
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/kb list --company LGES\n",
        "python3 -m venv .venv && .venv/bin/pip install '.[test]' && .venv/bin/python -m pytest -q\n",
    ]
    assert BLOCKS[:2] == SET_UP
    ci = (REPO / ".ci/run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci.endswith(SET_UP[1].strip())


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """The repository's files, as git lists them (tracked and new, not ignored), in a git repository of
    their own, with the tests' virtual environment as its .venv."""
    root = tmp_path_factory.mktemp("readme") / "kb"
    listed = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z", "-c", "-o", "--exclude-standard"],
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    (root / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "copy"], cwd=root, check=True)
    return root


@pytest.mark.parametrize("number", range(len(RUN)), ids=[block.split()[0] + f"-{i}" for i, block in enumerate(RUN)])
def test_every_shell_block_of_readme_runs(copy, tmp_path, number):
    if not (Path(sys.prefix) / "bin" / "activate").exists():
        pytest.skip("the tests do not run in a virtual environment: README's `. .venv/bin/activate` needs one")
    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("KB_", "VIRTUAL_ENV", "PYTEST", "COV_")) and key not in ("COLUMNS", "CI")}
    env.update(HOME=str(home), TMPDIR=str(tmp_path), GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    # as after `. .venv/bin/activate`: README's later blocks write plain `kb`
    env["PATH"] = f"{copy / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    block = RUN[number]
    result = subprocess.run(["bash", "-c", "set -eo pipefail\n" + block], cwd=copy, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, f"README's block\n{block}\nfailed ({result.returncode}):\n{result.stdout[-3000:]}" \
                                   f"\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.stderr
