"""Full-text search over claims: their text, quote, and the names and aliases of the entities they name.

A source's title is left out: it would make every claim of that source match its words.

Uses SQLite's FTS5 inside the index. The search table is rebuilt from the index
when the index has changed since it was last built (one SQL statement, in C).
"""

from __future__ import annotations

import re

from ..store.index import Index

TOKEN = re.compile(r"\w+", re.UNICODE)

_BUILD = """
INSERT INTO search(rowid, claim, quote, names)
SELECT r.rid, json_extract(r.data, '$.claim'), json_extract(r.data, '$.quote'),
       (SELECT group_concat(n.name, ' ') FROM links l
          JOIN records e ON e.id = l.target AND e.kind != 'claim'
          JOIN names n ON n.rid = e.rid
         WHERE l.rid = r.rid AND l.field != 'source')
FROM records r WHERE r.kind = 'claim'
"""


def words(query: str) -> list[str]:
    """The words of a query, as the search understands them (case and punctuation set aside)."""
    return [w.casefold() for w in TOKEN.findall(query)]


def match_expression(query: str) -> str | None:
    """An FTS5 query: every word must occur, each as a prefix ('ramp' finds 'ramp-up')."""
    tokens = words(query)
    if not tokens:
        return None
    return " AND ".join(f'"{t}"*' for t in tokens)


def ensure_search_table(index: Index) -> None:
    """Build the search table when the index has moved on since it was built."""
    conn = index.conn
    built = conn.execute("SELECT value FROM meta WHERE key = 'search_generation'").fetchone()
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'search'").fetchone()
    if built and exists and int(built[0]) == index.generation:
        return
    with conn:
        conn.execute("DROP TABLE IF EXISTS search")
        conn.execute("CREATE VIRTUAL TABLE search USING fts5(claim, quote, names, "
                     "tokenize='unicode61 remove_diacritics 2')")
        conn.execute(_BUILD)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('search_generation', ?)", (str(index.generation),))


def ranked_rids(index: Index, query: str) -> list[int]:
    """Row ids of matching claims, best first (BM25, the claim's own text weighing most)."""
    expression = match_expression(query)
    if expression is None:
        return []
    ensure_search_table(index)
    rows = index.conn.execute("SELECT rowid FROM search WHERE search MATCH ? ORDER BY bm25(search, 3.0, 2.0, 1.0), "
                              "rowid", (expression,))
    return [rid for (rid,) in rows]
