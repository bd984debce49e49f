"""`kb fmt` skips the files the index knows to be canonical: that knowledge must be right.

A file is known canonical when it is exactly the canonical lines of its data; the slow
way (`kb.edit.fmt.canonical_text`) must then give it back unchanged, and for files without
comments the two must agree both ways.
"""

from __future__ import annotations

import os
import time

from kb.edit.fmt import canonical_text
from kb.store.files import Found
from kb.store.indexing import parse_one

CANONICAL = ('id: c-1\nclaim: "LGES will build a plant in Ochang: 10 GWh."\nspeaker: jane-doe\ncompany: acme\n'
             'status: planned\nsource: daily-news\nquote: Plans for Ochang.\ntags: [cells, delay]\n')

VARIANTS = {
    "canonical": (CANONICAL, True),
    "keys out of order": (CANONICAL.replace("speaker: jane-doe\ncompany: acme\n", "company: acme\nspeaker: jane-doe\n"),
                          False),
    "needless quotes": (CANONICAL.replace("status: planned", 'status: "planned"'), False),
    "empty list": (CANONICAL.replace("tags: [cells, delay]\n", "tags: []\n"), False),
    "two spaces": (CANONICAL.replace("status: planned", "status:  planned"), False),
    "single quotes": (CANONICAL.replace("quote: Plans for Ochang.", "quote: 'Plans for Ochang.'"), False),
    "block list": (CANONICAL.replace("tags: [cells, delay]\n", "tags:\n  - cells\n  - delay\n"), False),
    "nested mapping": (CANONICAL.replace("status:", "when: 2026\nstatus:") + "inferred:\n  when: next year\n", True),
    "nested, two spaces": (CANONICAL.replace("status:", "when: 2026\nstatus:") + "inferred:\n  when:  next year\n",
                           False),
    "old year key": (CANONICAL.replace("status:", "year: 2026\nstatus:") + "inferred:\n  year: next year\n", False),
    "quoted year": (CANONICAL.replace("status:", 'when: "2026"\nstatus:'), False),
    "quantities": (CANONICAL.replace("tags:", "quantities:\n  capacity: 53 GWh/yr\n  investment: [about 5.5 "
                                         "billion USD, about 7.2 trillion KRW]\ntags:"), True),
    "quantities after tags": (CANONICAL + "quantities:\n  capacity: 53 GWh/yr\n", False),
    "blank line at the end": (CANONICAL + "\n", False),
    "no final newline": (CANONICAL[:-1], False),
    "comment line": ("# checked by hand\n" + CANONICAL, None),  # canonical, but only the slow way can tell
}


def test_known_canonical_agrees_with_canonical_text(tmp_path):
    (tmp_path / "claims").mkdir()
    for name, (text, expected) in VARIANTS.items():  # True, False, or None: canonical but not known
        path = tmp_path / "claims" / "c-1.yaml"
        path.write_text(text, encoding="utf-8")
        parsed = parse_one(tmp_path, Found("claims/c-1.yaml", False))
        new_text, problems = canonical_text("claims/c-1.yaml", text)
        assert (new_text == text) == (expected is not False), (name, new_text)  # the variants say what they are
        assert parsed.canonical is (True if expected else None), name  # None: read and judged by fmt


def _backdate(path, seconds: int) -> None:
    moment = time.time() - seconds
    os.utime(path, (moment, moment))


def test_fmt_check_sees_every_edit(make_kb, kb_at):
    from conftest import claim_text

    root = make_kb({"claims/a.yaml": claim_text("a"), "claims/b.yaml": claim_text("b")})
    kb = kb_at(root)
    assert kb("fmt").exit_code == 0  # registry files get their canonical layout
    steps = [
        ("claims/a.yaml", 'id: a\nclaim: Claim a.\nspeaker: jane-doe\ncompany: acme\nstatus: planned\n'
                          'source: daily-news\nquote: Quote of a.\n', ""),
        ("claims/a.yaml", 'id: a\nclaim: Claim a.\nspeaker: jane-doe\ncompany: acme\nstatus: "planned"\n'
                          'source: daily-news\nquote: Quote of a.\n', "would reformat claims/a.yaml\n"),
        ("claims/b.yaml", "# by hand\nid: b\nclaim: Claim b.\nspeaker: jane-doe\ncompany: acme\nstatus: planned\n"
                          "source: daily-news\nquote: Quote of b.\n", "would reformat claims/a.yaml\n"),
        ("claims/b.yaml", "# by hand\nid: b\nspeaker: jane-doe\nclaim: Claim b.\ncompany: acme\nstatus: planned\n"
                          "source: daily-news\nquote: Quote of b.\n",
         "would reformat claims/a.yaml\nwould reformat claims/b.yaml\n"),
    ]
    for number, (rel, text, expected) in enumerate(steps):
        (root / rel).write_text(text, encoding="utf-8")
        _backdate(root / rel, 3600 - number)
        for _ in range(2):  # the second run reads what the first one noted
            result = kb("fmt", "--check")
            assert result.stdout == expected, (number, result.stdout)
            assert result.exit_code == (1 if expected else 0)
            assert kb("--no-cache", "fmt", "--check").stdout == expected
    assert kb("fmt").exit_code == 0
    assert (kb("fmt", "--check").exit_code, kb("fmt", "--check").stdout) == (0, "")
    assert (root / "claims/b.yaml").read_text(encoding="utf-8").startswith("# by hand\nid: b\nclaim: Claim b.\n")
