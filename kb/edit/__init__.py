"""Writing: every change kb makes to a knowledge base's files.

New claims (`new`), the canonical layout (`fmt`), relations (`link`), renames (`rename`),
registry entries (`registry_write`), imports of data sets (`importer`, `import_mapping`), drafts
kept while a claim is written (`drafts`) and sources archived from web pages (`html_source`).
Every write is atomic and refuses to overwrite unasked.

May import: `kb.model`, `kb.store`, `kb.answers`, `kb.checks`. Not `kb.extract`, `kb.render` or
`kb.commands`.
"""
