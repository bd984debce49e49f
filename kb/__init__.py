"""kb: a knowledge base of who said what, kept as one YAML file per claim.

The library is in layers, each a package that may import only the ones below it (an
import-linter contract in pyproject.toml holds them; docs/architecture.md draws them):

    kb.commands   the command line: parse arguments, ask the library, print
    kb.render     tables, pages and charts for people; plain text for pipes
    kb.extract    draft claims from an archived source's text
    kb.edit       every write: new claims, fmt, link, rename, registry entries, imports
    kb.checks     checks over the whole knowledge base    | side by side,
    kb.answers    queries, states, plans, records, stats  | neither imports the other
    kb.store      files, YAML, the index
    kb.model      the format: schema, periods, quantities, ids, validation, records

Kept import-free so that `kb --version` and `kb --help` start fast. Modules that lived at the
top of kb/ before the layers (`kb.query`, `kb.load`, ...) still import, under their old names,
with a DeprecationWarning, until kb 0.3 (`MOVED` below says where each went).
"""

import sys

__version__ = "0.2.0"

# Old module name -> new one (below kb.), for code written against kb 0.1.
MOVED = {
    "atomic": "store.atomic",
    "closest": "model.closest",
    "describe": "answers.describe",
    "diff": "answers.diff",
    "docs": "model.docs",
    "drafts": "edit.drafts",
    "export": "answers.export",
    "extract.periods": "model.period_words",
    "fastclaim": "store.fastclaim",
    "fastread": "store.fastread",
    "files": "store.files",
    "fmt": "edit.fmt",
    "freshness": "store.freshness",
    "gitrepo": "store.gitrepo",
    "graph": "answers.graph",
    "history": "answers.history",
    "html_source": "edit.html_source",
    "ids": "model.ids",
    "import_mapping": "edit.import_mapping",
    "importer": "edit.importer",
    "index": "store.index",
    "indexing": "store.indexing",
    "kinds": "model.kinds",
    "link": "edit.link",
    "load": "store.load",
    "lookup": "answers.lookup",
    "new": "edit.new",
    "period": "model.period",
    "prefetch": "store.prefetch",
    "problem": "model.problem",
    "quantity": "model.quantity",
    "query": "answers.query",
    "record": "answers.record",
    "registry_write": "edit.registry_write",
    "rename": "edit.rename",
    "render.rows": "store.rows",
    "render.text": "model.text",
    "schema": "model.schema",
    "schema_json": "model.schema_json",
    "search": "answers.search",
    "state": "answers.state",
    "stats": "answers.stats",
    "stubs": "store.stubs",
    "track": "answers.track",
    "validate": "model.validate",
    "xref": "answers.xref",
    "yamlread": "store.yamlread",
    "yamlwrite": "store.yamlwrite",
}


# Names that left their old module for another while moving (old module -> further new modules).
ALSO = {
    "load": ("store.parse",),  # load_kb, load_file
    "indexing": ("store.parse", "store.files"),  # Parsed, parse_one; content_hash
    "fmt": ("store.yamlwrite",),  # known_canonical
    "query": ("model.records",),  # entity_names
}


class _MovedFinder:
    """Finds `kb.<old name>` and hands back a module that reads its names from the new places."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if not name.startswith("kb.") or name[3:] not in MOVED:
            return None
        import importlib.util

        return importlib.util.spec_from_loader(name, _MovedLoader())


class _MovedLoader:
    @staticmethod
    def create_module(spec):
        return None  # the default: an empty module, filled in below

    @staticmethod
    def exec_module(module) -> None:
        import importlib
        import warnings

        old = module.__name__[3:]
        places = [f"kb.{new}" for new in (MOVED[old], *ALSO.get(old, ()))]
        warnings.warn(f"kb.{old} is now {places[0]}; the old name goes in kb 0.3", DeprecationWarning, stacklevel=3)

        def __getattr__(attr: str):
            for place in places:
                found = importlib.import_module(place)
                if hasattr(found, attr):
                    return getattr(found, attr)
            raise AttributeError(f"module 'kb.{old}' (now {places[0]}) has no attribute {attr!r}")

        module.__getattr__ = __getattr__
        module.__doc__ = f"Moved: see {places[0]}."


sys.meta_path.append(_MovedFinder())
