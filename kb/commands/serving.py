"""`kb serve`: the knowledge base read-only in a browser, through Datasette (the `web` extra).

The reader database (kb.answers.reader: the export, plan histories, track records, names), Datasette's
metadata (kb.render.site) and the schedule-slip charts are built in `.kb-cache/serve/` (git-ignored, beside
the index) and reused while the index has not changed; Datasette serves them read-only: the database
immutable, only its own pages and the charts folder, no plugin but its own, loopback unless --host says
otherwise. Nothing in the knowledge base is written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .common import EXIT_USAGE, AsOfOpt, answer_as_of, app, fail, note, open_for_answers, parse_as_of



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
            from kb.model.extras import missing

            raise fail(missing("web", "kb serve"))
    index, problems = open_for_answers()
    day = answer_as_of(index, as_of)  # --as-of: the knowledge base as it stood then, as every command reads it
    from kb.render.served import DATABASE_FILE, prepare

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
    from kb.render.served import DATABASE_FILE

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
