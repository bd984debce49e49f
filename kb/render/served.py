"""What `kb serve` serves, built in the knowledge base's cache and reused: the reader database
(kb.answers.reader), the schedule-slip charts and Datasette's metadata (kb.render.site), and the inspection
data Datasette would otherwise compute at each start. Built in `.kb-cache/serve/` (git-ignored, beside the
index) while the index has not changed; nothing in the knowledge base is written.

    from kb.render.served import prepare
    folder, reused = prepare(index, datetime.date.today())   # folder / DATABASE_FILE, metadata.json, charts/
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

from ..store.atomic import write_text_atomic
from ..store.files import CACHE_DIR

SERVE_DIR = "serve"  # under the index's .kb-cache/
READER_FORMAT = "3"  # bump when the reader database, its metadata or the charts change
DATABASE_FILE = "kb.sqlite"  # Datasette names the database after the file: /kb


def stamp_of(index, day, cut: bool = False) -> dict | None:
    """What the served files depend on: kb's version, the index's database and generation (which moves
    whenever a file's content does), the as-of day. None for an index in memory (nothing to reuse)."""
    from .. import __version__

    if not index.persistent:
        return None
    database = index.conn.execute("PRAGMA database_list").fetchone()[2]
    return {"kb": __version__, "reader": READER_FORMAT, "index": Path(database).name,
            "generation": index.generation, "as_of": day.isoformat(), "cut": cut}


def serve_folder(root: Path) -> Path | None:
    """.kb-cache/serve/ of the knowledge base, if it is a real folder inside it (not through a link)."""
    cache = root / CACHE_DIR
    if not cache.is_dir() or cache.is_symlink():
        return None
    folder = cache / SERVE_DIR
    if folder.is_symlink():
        return None
    folder.mkdir(exist_ok=True)
    return folder if folder.resolve().is_relative_to(root.resolve()) else None


def prepare(index, day, cut: bool = False) -> tuple[Path, bool]:
    """The folder of what is served (database, metadata, charts, stamp) and whether it was reused: the current
    build in .kb-cache/serve/ when its stamp matches, else a new build there (or in a temporary folder when
    the index is in memory or the cache folder cannot be used)."""
    import tempfile

    stamp = stamp_of(index, day, cut)
    base = serve_folder(index.root) if stamp is not None else None
    if base is not None:
        try:
            current = base / (base / "current").read_text(encoding="utf-8").strip()
            kept = json.loads((current / "stamp.json").read_text(encoding="utf-8"))
            if {k: kept.get(k) for k in stamp} == stamp and (current / DATABASE_FILE).is_file():
                return current, True
        except (OSError, ValueError):
            pass
    if base is None:
        base = Path(tempfile.mkdtemp(prefix="kb-serve-"))
    name = f"build-{uuid.uuid4().hex[:12]}"
    building = base / f".{name}.tmp"
    building.mkdir()
    try:
        claims = build(index, day, building)
        (building / "stamp.json").write_text(json.dumps({**(stamp or {}), "claims": claims}) + "\n",
                                             encoding="utf-8")
        building.rename(base / name)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    write_text_atomic(base / "current", name + "\n", overwrite=True)
    for old in base.iterdir():  # earlier builds (a server still running on one keeps its open database)
        if old.is_dir() and not old.is_symlink() and old.name != name and old.name.startswith((".build-", "build-")):
            shutil.rmtree(old, ignore_errors=True)
    return base / name, False


def build(index, day, folder: Path) -> int:
    """The reader database, the charts and Datasette's metadata and inspection data, written into folder."""
    import hashlib

    from ..answers.reader import build as build_database
    from ..model.schema import Company
    from .site import metadata, render_charts

    kb = index.knowledge_base()
    database = folder / DATABASE_FILE
    summary, plans = build_database(kb, str(database), day)
    names = {e.id: e.name for e in kb.entities if isinstance(e, Company)}
    charts = folder / "charts"
    charts.mkdir()
    drawn = render_charts(plans, names)
    for file_name, content in drawn.items():
        (charts / file_name).write_bytes(content)
    companies = [c for c in sorted(names) if f"{c}.svg" in drawn]
    (folder / "metadata.json").write_text(json.dumps(metadata(summary, plans, names, day.isoformat(), companies),
                                                     indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    import sqlite3

    conn = sqlite3.connect(database)
    try:  # what Datasette would otherwise count and hash at each start: the row counts and the file's hash
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = {name: {"count": conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]} for name in tables}
    finally:
        conn.close()
    digest = hashlib.sha256()
    with open(database, "rb") as handle:  # a piece at a time: the database may be hundreds of megabytes
        for piece in iter(lambda: handle.read(1 << 20), b""):
            digest.update(piece)
    digest = digest.hexdigest()
    (folder / "inspect.json").write_text(json.dumps({"kb": {"hash": digest, "size": database.stat().st_size,
                                                            "file": DATABASE_FILE, "tables": counts}}) + "\n",
                                         encoding="utf-8")
    return summary.claims
