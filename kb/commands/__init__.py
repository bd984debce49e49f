"""The `kb` commands, grouped by area (see cli.py for which module holds which command)."""

import importlib


def _keep_words_whole() -> None:
    """Make the help's line wrapper break lines only at spaces, so that an id, an option or a period
    (`lges-4680-ochang-mass-production`, `--force-duplicate`) is never cut at a hyphen. The wrapper is
    click's (vendored by recent Typer); tests/test_help_examples.py checks that the help keeps them whole."""
    for name in ("typer._click._textwrap", "click._textwrap"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        wrapper = module.TextWrapper
        if getattr(wrapper, "kb_whole_words", False):
            continue

        class WholeWords(wrapper):  # type: ignore[misc, valid-type]
            kb_whole_words = True

            def __init__(self, *args, **kwargs) -> None:
                kwargs["break_on_hyphens"] = False
                super().__init__(*args, **kwargs)

        module.TextWrapper = WholeWords
        return  # the first found is the one Typer uses; importing the other would only cost start-up


_keep_words_whole()
