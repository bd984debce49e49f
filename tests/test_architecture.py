"""The library's layers hold: the import-linter contract in pyproject.toml passes, rejects an upward
import, and no module imports itself in a circle."""

from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import REPO


def _lint(package_parent, config) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
                           "sys.exit(lint_imports_command())", "--config", str(config), "--no-cache"],
                          cwd=package_parent, capture_output=True, text=True,
                          env={"PYTHONPATH": str(package_parent), "PATH": "/usr/bin:/bin"})


def test_the_layers_contract_is_kept():
    result = _lint(REPO, REPO / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_an_upward_import_breaks_the_contract_and_is_named(tmp_path):
    shutil.copytree(REPO / "kb", tmp_path / "kb", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "tests/fixtures/architecture/upward.py", tmp_path / "kb/model/upward.py")
    result = _lint(tmp_path, REPO / "pyproject.toml")
    assert result.returncode == 1
    assert "BROKEN" in result.stdout
    assert "kb.model.upward -> kb.commands.common" in result.stdout


def test_no_import_cycles():
    import grimp

    graph = grimp.build_graph("kb")
    edges = {m: set(graph.find_modules_directly_imported_by(m)) - {m} for m in graph.modules}
    seen: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        seen[module] = 1
        for other in sorted(edges[module]):
            if seen.get(other) == 1:
                cycles.append(path[path.index(other):] + [module, other] if other in path else [module, other])
            elif other not in seen:
                visit(other, path + [module])
        seen[module] = 2

    for module in sorted(edges):
        if module not in seen:
            visit(module, [])
    assert cycles == []
