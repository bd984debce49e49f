"""Start git's check of the work tree before Python has finished starting up.

`kb`'s answers wait on `git diff-files` (about 0.1 s on 100,000 files) to know that no
tracked file changed. Started here, as the `kb` command begins, it runs while Python
imports Typer and the library instead of after. Only the standard library is used, and
nothing happens unless the program is the `kb` command itself.
"""

from __future__ import annotations

import os
import subprocess
import sys

_started: tuple[str, subprocess.Popen] | None = None
SKIP = {"-h", "--help", "--version", "--install-completion", "--show-completion"}


def diff_files_command(root: str) -> list[str]:
    return ["git", "-C", root, "diff-files", "--name-only", "-z", "--relative", "--", "claims/"]


def _guess_root(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--root" and i + 1 < len(argv):
            return os.path.realpath(argv[i + 1])
        if arg.startswith("--root="):
            return os.path.realpath(arg.split("=", 1)[1])
    if os.environ.get("KB_ROOT"):
        return os.path.realpath(os.environ["KB_ROOT"])
    here = os.path.realpath(os.getcwd())
    while True:
        if os.path.isdir(os.path.join(here, "claims")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def start_early() -> None:
    """Start `git diff-files` for the knowledge base this `kb` command will most likely read."""
    global _started
    argv = sys.argv
    if os.path.basename(argv[0]) != "kb" or len(argv) < 2 or SKIP.intersection(argv) \
            or "--no-cache" in argv or os.environ.get("KB_NO_CACHE"):
        return
    try:
        root = _guess_root(argv[1:])
        if root is None:
            return
        process = subprocess.Popen(diff_files_command(root), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except (OSError, ValueError):  # a vanished working folder, no git: the index starts its own later
        return
    _started = (root, process)


def take(root: str) -> subprocess.Popen | None:
    """The early `git diff-files` if it was started for this root; it is handed out once."""
    global _started
    if _started is None:
        return None
    started_root, process = _started
    _started = None
    if started_root == root:
        return process
    process.kill()
    process.wait()
    return None
