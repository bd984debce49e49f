"""Tables never lose a word: every table, at every terminal width from 60 to 200 columns.

Each command runs once on a small knowledge base with 60-character ids, long names and long
claims; the table it would print is caught and rendered again at each width, the way a
terminal of that width shows it. The printed text is then read back column by column (from
the positions of the headers) and compared, word for word and in order, with the cells the
command gave: a word may be split over lines only when it is longer than its column.
"""

from __future__ import annotations

import io
import re
import subprocess
import textwrap

import pytest
from conftest import Kb
from rich.cells import cell_len

import kb.render.show as show_render
import kb.render.table as table_render
from kb.model.text import inert

WIDTHS = range(60, 201, 5)

CLAIM_1 = "amalgamated-battery-springfield-gigafactory-mass-production1"
CLAIM_2 = "amalgamated-battery-springfield-gigafactory-start-delay-2025"
CLAIM_3 = "globex-contradicts-amalgamated-springfield-gigafactory-plans"
CLAIM_4 = "analyst-opinion-on-amalgamated-springfield-gigafactory-ramps"
COMPANY = "amalgamated-consolidated-battery-manufacturing-holdings-corp"
PERSON = "maria-josefina-alvarez-villanueva-de-la-cruz-executive-vp-op"
FACTORY = "amalgamated-springfield-gigafactory-number-two-greater-areas"
SOURCE = "quarterly-industry-review-battery-manufacturing-outlook-2024"
# One word longer than any column can be at 60 columns: it must be folded, and still appear whole.
LONG_WORD = "https://example.com/reports/2024/amalgamated-springfield-gigafactory-second-phase-ramp-up.pdf"
TEXT_1 = ("Amalgamated Consolidated Battery will start mass production of its 4680 cells at the Springfield "
          f"Gigafactory Number Two in 2023, with a first line of 20 GWh a year and a second to follow ({LONG_WORD}).")
TEXT_2 = ("Amalgamated Consolidated Battery now says mass production at the Springfield Gigafactory Number Two "
          "will start in 2025, two years later than first announced, because of equipment delivery delays.")
TEXT_3 = ("Globex says that the Springfield Gigafactory Number Two cannot start mass production of 4680 cells "
          "in 2023, as the site has neither its permits nor its power connection.")
TEXT_4 = ("The analyst considers the ramp-up of the Springfield Gigafactory Number Two unrealistic and "
          "expects no meaningful volume before the end of the decade, whatever the company announces.")

REGISTRY = {
    "companies.yaml": f"""\
        - id: {COMPANY}
          name: Amalgamated Consolidated Battery Manufacturing Holdings Corporation
          aliases: [Amalgamated Consolidated Battery, ACBMH, 統合電池製造]
          country: United States of America

        - id: globex
          name: Globex
          country: Canada
        """,
    "people.yaml": f"""\
        - id: {PERSON}
          name: María Josefina Alvarez Villanueva de la Cruz
          role: Executive Vice President of Global Manufacturing Operations
          company: {COMPANY}
        """,
    "factories.yaml": f"""\
        - id: {FACTORY}
          name: Springfield Gigafactory Number Two
          aliases: [Springfield Two]
          owner: {COMPANY}
          city: Springfield
          region: Greater Springfield Metropolitan Area
          country: United States of America
        """,
    "sources.yaml": f"""\
        - id: {SOURCE}
          title: "Quarterly Industry Review: Battery Manufacturing Outlook for North America, Second Quarter 2024"
          kind: article
          publisher: International Association of Battery Manufacturing Analysts
          date: 2024-03-01
        """,
}

CLAIMS = {
    CLAIM_1: dict(claim=TEXT_1, speaker=PERSON, company=COMPANY, product='"4680"', factory=FACTORY, year=2023,
                  said="2022-11-15", status="planned", quote="We will start mass production in Springfield in 2023."),
    CLAIM_2: dict(claim=TEXT_2, speaker=COMPANY, company=COMPANY, product='"4680"', factory=FACTORY, year=2025,
                  said="2024-02-01", status="planned", quote="Mass production will now start in 2025.",
                  related=f"[{CLAIM_1}]"),  # no elaboration: it moves the date (kb track --suggest says so)
    CLAIM_3: dict(claim=TEXT_3, speaker="globex", company="globex", concerns=f"[{COMPANY}]", factory=FACTORY,
                  year=2023, status="statement", quote="Springfield Two cannot start in 2023.",
                  contradicts=f"[{CLAIM_1}]"),
    CLAIM_4: dict(claim=TEXT_4, speaker=SOURCE, company=COMPANY, factory=FACTORY, status="opinion",
                  quote="We expect no meaningful volume before the end of the decade.", related=f"[{CLAIM_1}]"),
}

# Command line -> what it prints as a table (or, for show, as a rich layout).
TABLES = {
    "list": ["list"],
    "timeline": ["timeline"],
    "timeline by said": ["timeline", "--by", "said"],
    "search": ["search", "gigafactory springfield"],
    "conflicts": ["conflicts"],
    "companies": ["companies"],
    "people": ["people"],
    "factories": ["factories"],
    "sources": ["sources"],
    "log": ["log", CLAIM_1],
    "xref claim": ["xref", CLAIM_1],
    "xref entity": ["xref", COMPANY],
    "stats": ["stats"],
    "due": ["due", "--as-of", "2026"],
    "track": ["track", "--as-of", "2026"],
    "track suggest": ["track", "--suggest"],
    "record": ["record", "--as-of", "2026"],
}
SHOWN = {"show claim": ["show", CLAIM_1], "show company": ["show", COMPANY], "show source": ["show", SOURCE]}


def test_the_ids_are_long():
    assert {len(i) for i in (CLAIM_1, CLAIM_2, CLAIM_3, CLAIM_4, COMPANY, PERSON, FACTORY, SOURCE)} == {60}


@pytest.fixture(scope="module")
def caught(tmp_path_factory):
    """What each command hands to the table (or show) renderer, caught instead of printed."""
    root = tmp_path_factory.mktemp("kb")
    for name, text in REGISTRY.items():
        path = root / "claims" / "registry" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    for claim_id, fields in CLAIMS.items():
        lines = [f"id: {claim_id}", *(f"{k}: {v}" for k, v in fields.items()), f"source: {SOURCE}"]
        (root / "claims" / f"{claim_id}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    git = ["git", "-c", "user.name=Bartholomew Featherstonehaugh-Cholmondeley", "-c", "user.email=b@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "claims"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Add the Springfield Gigafactory Number Two claims from the quarterly "
                                               "industry review and the analyst's opinion on its ramp-up"],
                   cwd=root, check=True)
    kb = Kb(root)
    found: dict[str, object] = {}
    with pytest.MonkeyPatch.context() as patch:
        for name, args in {**TABLES, **SHOWN}.items():
            patch.setattr(table_render, "print_table", lambda listing, out, **_: found.__setitem__(name, listing))
            patch.setattr(show_render, "write_rich", lambda detail, out: found.__setitem__(name, detail))
            result = kb(*args, "-o", "rich" if name in SHOWN else "table")
            assert result.exit_code == 0, (name, result.output)
            assert name in found, f"kb {' '.join(args)} printed no table"
    return found


def rendered(monkeypatch, width: int, draw) -> list[str]:
    """What a terminal of this width shows (the console takes its width from COLUMNS)."""
    monkeypatch.setenv("COLUMNS", str(width))
    out = io.StringIO()
    draw(out)
    lines = out.getvalue().split("\n")
    for line in lines:
        assert cell_len(line) <= width, f"a line wider than the terminal ({width}): {line!r}"
    return lines


def tokens(line: str) -> list[tuple[str, int]]:
    """The words of a printed line, each with the terminal cell it starts at."""
    found, x = [], 0
    for match in re.finditer(r"(\s*)(\S+)", line):
        x += cell_len(match.group(1))
        found.append((match.group(2), x))
        x += cell_len(match.group(2))
    return found


def consume(words: list[str], got: list[str], j: int, room: int, where: str) -> int:
    """Match words, in order, against got from j on; a word longer than room may come in pieces."""
    for word in words:
        if j < len(got) and got[j] == word:
            j += 1
            continue
        if cell_len(word) > room:
            piece, k = "", j
            while k < len(got) and len(piece) < len(word) and word.startswith(piece + got[k]):
                piece, k = piece + got[k], k + 1
            if piece == word:
                j = k
                continue
        raise AssertionError(f"{where}: expected {word!r} (room {room}) but the table shows {got[j:j + 4]}")
    return j


def header(column: str) -> str:
    return column.capitalize()


def check_table(listing, lines: list[str], width: int) -> None:
    where = f"{width} columns"
    lines = [line for line in lines if line.strip()]
    if listing.title:  # on one line, or wrapped between words
        title, taken = [], 0
        while len(title) < len(listing.title.split()):
            title, taken = title + lines[taken].split(), taken + 1
        assert title == listing.title.split(), where
        lines = lines[taken:]
    rule = next(i for i, line in enumerate(lines) if line.strip() and set(line.strip()) == {"─"})
    heads, body = lines[:rule], lines[rule + 1:]
    # Where each printed column starts: the last line of its header (headers sit on the rule), read
    # left to right; a header that wrapped shows its last words there.
    starts, bottom = {}, tokens(heads[-1])
    for column in listing.columns:
        words = header(column).split()
        if bottom and bottom[0][0] in words:
            tail = words[words.index(bottom[0][0]):]
            if [w for w, _ in bottom[:len(tail)]] == tail:
                starts[column] = bottom[0][1]
                bottom = bottom[len(tail):]
    empty = {c for c in listing.columns[1:] if not any(inert(r.get(c, "")).strip() for r in listing.rows)}
    dropped = [c for c in listing.columns if c not in starts and c not in empty]  # an empty column always goes
    assert all(w in starts for w in listing.wide), f"{where}: the wide column went"
    assert not empty & set(starts), f"{where}: the empty columns {empty & set(starts)} are shown"
    order = [c for c in listing.droppable if c in listing.columns and c not in empty]
    assert set(dropped) == set(order[:len(dropped)]), f"{where}: {dropped} went; only {order} may go, in that order"
    printed = list(starts)
    previous = None
    expected: dict[str, list[str]] = {c: header(c).split() for c in printed}
    for row in listing.rows:
        for column in printed:
            text = row.get(column, "")
            if column == listing.group_by:
                text, previous = ("" if text == previous else text), text
            expected[column] += inert(text).split()
    lines = [tokens(line) for line in heads + body]
    for i, column in enumerate(printed):
        start = starts[column]
        end = starts[printed[i + 1]] if i + 1 < len(printed) else width + 1
        found = [(w, x) for line in lines for w, x in line if start <= x < end]
        for word, x in found:
            assert x + cell_len(word) < end, f"{where}: {word!r} runs out of column {column!r} into the next"
        # The column is as wide as its widest line: a word folded there fills it.
        room = max(x + cell_len(w) for w, x in found) - start
        got = [w for w, _ in found]
        j = consume(expected[column], got, 0, room, f"{where}, column {column!r}")
        assert j == len(got), f"{where}, column {column!r}: extra words {got[j:]}"


@pytest.mark.parametrize("name", TABLES)
def test_every_word_of_every_cell_is_printed(caught, monkeypatch, name):
    listing = caught[name]
    assert listing.rows, f"{name}: the test knowledge base gives this table no rows"
    for width in WIDTHS:
        lines = rendered(monkeypatch, width, lambda out: table_render.print_table(listing, out))
        check_table(listing, lines, width)


def test_the_tables_carry_the_whole_claims(caught):
    """The cells compared above are the claims themselves, not a shortened copy."""
    claims = {row["id"]: row["claim"] for row in caught["list"].rows}
    assert claims == {CLAIM_1: TEXT_1, CLAIM_2: TEXT_2, CLAIM_3: TEXT_3, CLAIM_4: TEXT_4}
    conflict = caught["conflicts"].rows[0]
    assert {conflict["first claim"], conflict["second claim"]} <= {TEXT_1, TEXT_2, TEXT_3}


def test_narrow_terminals_drop_columns_in_the_documented_order(caught, monkeypatch):
    """At 60 columns `kb list` keeps the id, the date and the claim; the others went, company first
    (README lists the order); at 200 columns every column is there."""
    listing = caught["list"]
    assert listing.droppable == ("company", "factory", "speaker", "status", "state")
    kept = [header(c) for c in listing.columns if c not in listing.droppable]
    top = [w for w, _ in tokens(rendered(monkeypatch, 60, lambda out: table_render.print_table(listing, out))[0])]
    assert top == kept and top[0] == "Id" and top[-1] == "Claim" and len(top) == 3
    top = [w for w, _ in tokens(rendered(monkeypatch, 200, lambda out: table_render.print_table(listing, out))[0])]
    assert top == [header(c) for c in listing.columns] and len(top) == 8


def words_of_detail(detail) -> list[tuple[list[str], list[str]]]:
    """(label words, value words) for each line of a shown record, in the order printed."""
    blocks = [(detail.title.split(), [])]
    blocks += [(label.split(), inert(value).split()) for label, value in detail.fields]
    for heading, items in detail.sections.items():
        blocks.append((heading.split(), []))
        blocks += [(label.split(), f"{item_id}: {inert(text)}".split()) for label, item_id, text in items]
    return blocks


@pytest.mark.parametrize("name", SHOWN)
def test_show_prints_every_word(caught, monkeypatch, name):
    detail = caught[name]
    for width in WIDTHS:
        lines = rendered(monkeypatch, width, lambda out: show_render.write_rich(detail, out))
        got = [t for line in lines for t in tokens(line)]
        words = [w for w, _ in got]
        j = 0
        for label, value in words_of_detail(detail):
            j = consume(label, words, j, width, f"{name} at {width} columns")
            if value:
                room = width - got[j][1]  # the value's column starts where its first word does
                j = consume(value, words, j, room, f"{name} at {width} columns, after {' '.join(label)!r}")
        assert j == len(words), f"{name} at {width} columns: extra words {words[j:]}"


LGES_CLAIMS = ["article-lges-announcement-shockwaves", "article-lges-global-ambitions",
               "article-lges-tesla-partnership", "lges-4680-arizona-production", "lges-4680-nanjing-considering",
               "lges-4680-ochang-mass-production", "lges-tesla-4680-production-this-year",
               "musk-4680-supplement-suppliers"]


def first_words(out: str) -> list[str]:
    return [words[0] for words in map(str.split, out.splitlines()) if words and words[0] in LGES_CLAIMS]


def test_a_table_of_every_match_says_nothing_is_hidden(kb_repo):
    """The registry's people whose company is LGES are not claims: they are not counted as rows."""
    assert kb_repo("list", "--company", "LGES", "-o", "ids").stdout.split() == LGES_CLAIMS
    out = kb_repo("list", "--company", "LGES", "-o", "table", env={"COLUMNS": "200"}).stdout
    assert "more rows" not in out
    assert first_words(out) == LGES_CLAIMS


def test_the_more_rows_line_counts_the_claims_not_shown(kb_repo, monkeypatch):
    import kb.commands.listing

    monkeypatch.setattr(kb.commands.listing, "TABLE_ROWS", 3)
    out = kb_repo("list", "--company", "LGES", "-o", "table", env={"COLUMNS": "200"}).stdout
    assert first_words(out) == LGES_CLAIMS[:3]
    assert "… 5 more rows not shown; add --all to see them, or pipe the output." in out


def test_an_id_too_long_for_its_column_breaks_after_a_hyphen():
    assert table_render.at_hyphens("kim-north-america-investment", 22) == "kim-north-america-\ninvestment"
    assert table_render.at_hyphens("lges-arizona-commercial-end-2026", 20) == "lges-arizona-\ncommercial-end-2026"
    assert table_render.at_hyphens("a-verylongpartwithnohyphen-b", 10) == "a-\nverylongpartwithnohyphen-\nb"
    assert table_render.at_hyphens("short-id", 22) == "short-id"
    assert table_render.at_hyphens("trailing-", 5) == "trailing-"


def test_a_column_empty_in_every_row_is_left_out_and_its_room_goes_to_the_claim(monkeypatch):
    from kb.render.listing import Listing

    rows = [{"id": "a-claim", "when": "", "claim": "Word " * 30}, {"id": "b-claim", "when": "", "claim": "Two."}]
    listing = Listing(columns=("id", "when", "claim"), rows=rows, data=rows, ids=["a-claim", "b-claim"],
                      no_wrap=("id", "when"), wide=("claim",))
    lines = rendered(monkeypatch, 80, lambda out: table_render.print_table(listing, out))
    assert [w for w, _ in tokens(lines[0])] == ["Id", "Claim"]
    assert lines[2].rstrip() == "a-claim  " + " ".join(["Word"] * 14)
