"""Refresh the generated format reference after changing the schema (kb/model/schema.py):

    python tools/refresh_format_docs.py

It rewrites the text between the format-reference markers of docs/format.md, atomically;
tests/test_docs.py fails while the reference is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb.model.docs import with_reference  # noqa: E402
from kb.store.atomic import write_text_atomic  # noqa: E402

if __name__ == "__main__":
    path = ROOT / "docs" / "format.md"
    write_text_atomic(path, with_reference(path.read_text(encoding="utf-8")), overwrite=True)
    print(f"updated {path}")
