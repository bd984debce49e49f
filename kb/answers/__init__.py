"""Answers: pure functions from the knowledge base (or its index) to results.

Filters and lookups (`query`, `lookup`, `search`), cross-references (`xref`), states (`state`),
plan histories and track records (`track`, `record`), counts and sums (`stats`), the graph
(`graph`), history and diffs between revisions (`history`, `diff`), a record described for
`kb show` (`describe`), exports (`export`) and the database `kb serve` publishes (`reader`).

May import: `kb.model`, `kb.store`. Not the checks, and nothing that writes claims, renders or parses
the command line.
"""
