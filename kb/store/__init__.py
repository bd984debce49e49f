"""Files and the index: where claims are kept and how they are read back fast.

Finding claim and registry files (`files`), reading YAML (`yamlread`, and `fastread`/`fastclaim`
for canonical files), writing YAML in the canonical layout (`yamlwrite`), one file to records
(`load`, `parse`), the SQLite index and its freshness (`index`, `indexing`, `freshness`), git
(`gitrepo`, `prefetch`), atomic writes (`atomic`), records that failed to load but can be named
(`stubs`), and the text formats of rows and records (`rows`, `formats`).

May import: `kb.model`. Nothing above it (answers, checks, edit, extract, render, commands).
"""
