"""The `kb` commands, grouped by area (see cli.py for which module holds which command)."""
