"""kb: a knowledge base of who said what, kept as one YAML file per claim.

Kept import-free so that `kb --version` and `kb --help` start fast; import the
submodules you need (``kb.load``, ``kb.query``, ...).
"""

__version__ = "0.1.0"
