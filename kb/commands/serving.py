"""`kb serve`: the knowledge base read-only in a browser, through Datasette (the `web` extra).

The reader database (kb.answers.reader: the export, plan histories, track records, names), Datasette's
metadata (kb.render.site) and the schedule-slip charts are built in `.kb-cache/serve/` (git-ignored, beside
the index) and reused while the index has not changed; Datasette serves them read-only: the database
immutable, only its own pages and the charts folder, no plugin but its own, loopback unless --host says
otherwise. Nothing in the knowledge base is written.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path
from typing import Annotated

import typer

from .common import EXIT_USAGE, AsOfOpt, answer_as_of, app, fail, note, open_for_answers, parse_as_of

SERVE_DIR = "serve"  # under the index's .kb-cache/
READER_FORMAT = "3"  # bump when the reader database, its metadata or the charts change
DATABASE_FILE = "kb.sqlite"  # Datasette names the database after the file: /kb


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="The address to listen on; 127.0.0.1 (this machine only) "
                                                     "unless you mean to share it, e.g. 0.0.0.0.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535,
                                      help="The port; 0 picks a free one.")] = 8001,
    as_of: AsOfOpt = None,
    build_only: Annotated[bool, typer.Option("--build-only", help="Build (or reuse) what would be served, print "
                                                                  "where it is, and stop.")] = False,
) -> None:
    """Serve the knowledge base read-only in a browser (Datasette).

    Builds the export with plan histories, track records and the schedule-slip charts (or reuses
    it while the knowledge base has not changed) in .kb-cache/serve/, and serves it read-only on
    this machine: search claims, quotes and names; facets on company, status, state, factory and
    product; canned queries for current claims, overdue plans, plan histories and track records.
    Ctrl-C stops it. Needs the `web` extra (datasette).

    \b
    Examples:
      kb serve
      kb serve --port 8080 --as-of 2026-01
      kb serve --build-only
    """
    parse_as_of(as_of)  # a malformed date is a usage error before anything starts
    if not build_only:
        try:
            import datasette  # noqa: F401
            import uvicorn  # noqa: F401
        except ImportError:
            raise fail("kb serve needs Datasette, the web extra: pip install 'kb-claims[web]' "
                       "(from a checkout: pip install '.[web]')")
    index, problems = open_for_answers()
    day = answer_as_of(index, as_of)  # --as-of: the knowledge base as it stood then, as every command reads it
    folder, reused = prepare(index, day, cut=as_of is not None)
    database = folder / DATABASE_FILE
    claims = json.loads((folder / "stamp.json").read_text(encoding="utf-8"))["claims"]
    note(f"kb serve: {claims} claim(s), as of {day.isoformat()}; {'reused' if reused else 'built'} "
         f"{_shown(index.root, folder)}")
    if build_only:
        typer.echo(str(database))
        return
    run(folder, host, port)


def _shown(root: Path, folder: Path) -> str:
    try:
        return folder.relative_to(root).as_posix() + "/"
    except ValueError:
        return str(folder)


def stamp_of(index, day, cut: bool = False) -> dict | None:
    """What the served files depend on: kb's version, the index's database and generation (which moves
    whenever a file's content does), the as-of day. None for an index in memory (nothing to reuse)."""
    import kb as kb_package

    if not index.persistent:
        return None
    database = index.conn.execute("PRAGMA database_list").fetchone()[2]
    return {"kb": kb_package.__version__, "reader": READER_FORMAT, "index": Path(database).name,
            "generation": index.generation, "as_of": day.isoformat(), "cut": cut}


def serve_folder(root: Path) -> Path | None:
    """.kb-cache/serve/ of the knowledge base, if it is a real folder inside it (not through a link)."""
    from kb.store.files import CACHE_DIR

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
    from kb.store.atomic import write_text_atomic

    write_text_atomic(base / "current", name + "\n", overwrite=True)
    for old in base.iterdir():  # earlier builds (a server still running on one keeps its open database)
        if old.is_dir() and not old.is_symlink() and old.name != name and old.name.startswith((".build-", "build-")):
            shutil.rmtree(old, ignore_errors=True)
    return base / name, False


def build(index, day, folder: Path) -> int:
    """The reader database, the charts and Datasette's metadata and inspection data, written into folder."""
    import hashlib

    from kb.answers.reader import build as build_database
    from kb.model.schema import Company
    from kb.render.site import metadata, render_charts

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


def run(folder: Path, host: str, port: int) -> None:
    """Serve folder's database (immutable) and charts with Datasette until Ctrl-C."""
    import socket

    import uvicorn
    from datasette.app import Datasette
    from datasette.plugins import DEFAULT_PLUGINS, pm

    import datasette.handle_exception

    datasette.handle_exception.rich = None  # a refused query is the reader's, not a crash: no traceback in the log
    for plugin in list(pm.get_plugins()):  # Datasette's own plugins only: nothing installed beside it runs
        if pm.get_name(plugin) not in DEFAULT_PLUGINS:
            pm.unregister(plugin)
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)  # from here, a browser's request waits for Datasette instead of being refused
    except OSError as error:
        raise fail(f"cannot listen on {host}:{port}: {error.strerror or error}; choose another --port "
                   "(0 picks a free one)", EXIT_USAGE)
    bound = sock.getsockname()[1]
    inspect = json.loads((folder / "inspect.json").read_text(encoding="utf-8"))
    inspect["kb"]["file"] = str(folder / DATABASE_FILE)
    ds = Datasette(immutables=[str(folder / DATABASE_FILE)], inspect_data=inspect,
                   metadata=json.loads((folder / "metadata.json").read_text(encoding="utf-8")),
                   static_mounts=[("charts", str(folder / "charts"))],
                   settings={"allow_download": False, "sql_time_limit_ms": 2000, "max_returned_rows": 1000,
                             # the facets readers want are in the metadata; suggesting others tries a query
                             # per column on every table page (4 s a page at 100,000 claims)
                             "suggest_facets": False})
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"Serving the knowledge base read-only at http://{shown}:{bound}/ (Ctrl-C stops it)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"kb serve: listening on {host}: anyone who can reach this machine can read the knowledge base",
                   err=True)
    config = uvicorn.Config(ds.app(), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    note("kb serve: stopped")
