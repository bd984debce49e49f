"""Turning results into text for people (Rich) and for pipes (plain, JSON, CSV, YAML).

Nothing here decides what to show; it only lays out what `kb.answers.query` and friends chose.
Every string that came from a claim file goes through `inert` first.
"""
