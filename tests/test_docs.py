"""README's format reference is generated from the schema; they must not drift apart."""

from __future__ import annotations

from conftest import REPO

from kb.model.docs import with_reference


def test_readme_format_reference_matches_the_schema():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme == with_reference(readme), "README is stale: run `python tools/refresh_format_docs.py`"


def test_readme_example_file_is_the_real_one():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    path = REPO / "claims/powering-the-future-4680/lges-tesla-4680-production-this-year.yaml"
    assert path.read_text(encoding="utf-8") in readme
