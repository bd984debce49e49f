"""Tables never lose a word: every table, at every terminal width from 60 to 200 columns.

Each command runs once on a small knowledge base with 60-character ids, long names and long
claims; the table it would print is caught and rendered again at each width, the way a
terminal of that width shows it. The printed text is then read back (`parse_table`): the
title, the headers (whose places give each column's place), a heading over each group
(`kb track`'s plans), each row's cells beside each other and the ones printed under it, and the
footer naming the columns hidden for want of room. Each cell is compared, word for word and in
order, with the cells the command gave. A word may be split over lines only when it is wider
than its column, and then only after a hyphen (ids), after a hyphen or a slash (paths, text), or,
where a part has neither, folded; no piece is punctuation alone.
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
          archive: sources/{SOURCE}.txt
        """,
}

CLAIMS = {
    CLAIM_1: dict(claim=TEXT_1, speaker=PERSON, company=COMPANY, product='"4680"', factory=FACTORY, year=2023,
                  quantities="{capacity: 20 GWh/yr, investment: 1.5 billion USD}",
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
    "stats sum": ["stats", "--sum", "capacity", "--by", "factory"],
    "extract": ["extract", SOURCE, "--all"],
}
# What the archived source says, for `kb extract` (one sentence a draft).
SOURCE_TEXT = (f"{TEXT_1}\n\nMaría Josefina Alvarez Villanueva de la Cruz said the company will invest in a "
               "second line at the Springfield Gigafactory Number Two in 2026.\n")
SHOWN = {"show claim": ["show", CLAIM_1], "show company": ["show", COMPANY], "show source": ["show", SOURCE]}


def test_the_ids_are_long():
    assert {len(i) for i in (CLAIM_1, CLAIM_2, CLAIM_3, CLAIM_4, COMPANY, PERSON, FACTORY, SOURCE)} == {60}


@pytest.fixture(scope="module")
def caught_root(tmp_path_factory):
    """The knowledge base of long ids, names and claims, in a git repository."""
    root = tmp_path_factory.mktemp("kb")
    for name, text in REGISTRY.items():
        path = root / "claims" / "registry" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    for claim_id, fields in CLAIMS.items():
        lines = [f"id: {claim_id}", *(f"{k}: {v}" for k, v in fields.items()), f"source: {SOURCE}"]
        (root / "claims" / f"{claim_id}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    git = ["git", "-c", "user.name=Bartholomew Featherstonehaugh-Cholmondeley", "-c", "user.email=b@example.com"]
    (root / "sources").mkdir()
    (root / "sources" / f"{SOURCE}.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "claims"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Add the Springfield Gigafactory Number Two claims from the quarterly "
                                               "industry review and the analyst's opinion on its ramp-up"],
                   cwd=root, check=True)
    return root


@pytest.fixture(scope="module")
def caught(caught_root):
    """What each command hands to the table (or show) renderer, caught instead of printed."""
    kb = Kb(caught_root)
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


def header(column: str) -> str:
    return column.capitalize()


# Where a word may break, written out again here rather than taken from the renderer: after a hyphen
# (ids), after a hyphen or a slash (paths and text), when a letter or a digit follows.
def break_points(word: str, kind: str) -> set[int]:
    marks = "-" if kind == "id" else "-/"
    return {i for i in range(1, len(word)) if word[i - 1] in marks and word[i].isalnum()}


def consume(words: list[str], got: list[str], j: int, room: int, where: str, kind: str = "text") -> int:
    """Match words, in order, against got from j on. A word wider than room may come in pieces: broken
    where it may break, or folded inside a part with no break point that is itself wider than room;
    no piece is punctuation alone."""
    for word in words:
        if j < len(got) and got[j] == word:
            j += 1
            continue
        piece, k, cuts = "", j, []
        while k < len(got) and len(piece) < len(word) and word.startswith(piece + got[k]):
            piece, k = piece + got[k], k + 1
            cuts.append(len(piece))
        if piece != word:
            raise AssertionError(f"{where}: expected {word!r} (room {room}) but the table shows {got[j:j + 4]}")
        assert cell_len(word) > room, f"{where}: {word!r} is split though it fits in {room} cells"
        points = sorted(break_points(word, kind) | {0, len(word)})
        for cut in cuts[:-1]:
            if cut in points:
                continue
            part = word[max(p for p in points if p < cut):min(p for p in points if p > cut)]
            assert cell_len(part) > room, f"{where}: {word!r} broken at {word[:cut]!r} / {word[cut:]!r}"
        for p in got[j:k]:
            assert any(ch.isalnum() for ch in p), f"{where}: {word!r} leaves {p!r} alone on a line"
        j = k
    return j


def expected_words(listing, row: dict, column: str) -> list[str]:
    return inert(row.get(column, "")).split()


def parse_table(listing, lines: list[str], width: int) -> dict:
    """A printed table read back against the listing it was printed from: each row's words per column
    (as printed, pieces of a word apart), the columns beside each other, under each row, and hidden."""
    where = f"{width} columns"
    body = [line for line in lines if line.strip()]
    if listing.title:
        want, got = inert(listing.title).split(), []
        while len(got) < len(want):
            got += body.pop(0).split()
        assert got == want, f"{where}: the title reads {got}"
    if not listing.rows:
        assert body == [listing.empty], f"{where}: an empty table prints {body}"
        return {"grid": [], "stacked": [], "hidden": [], "rows": []}
    hidden: list[str] = []
    for i, line in enumerate(body):
        if line.startswith("hidden at this width: "):
            footer = " ".join(body[i:])
            body = body[:i]
            assert footer.endswith(" — widen or use --format plain"), f"{where}: {footer!r}"
            hidden = footer[len("hidden at this width: "):-len(" — widen or use --format plain")].split(", ")
            break
    rule = next(i for i, line in enumerate(body) if set(line.strip()) == {"─"})
    heads, body = body[:rule], body[rule + 1:]
    stacked: list[str] = []
    under = {" " * table_render.STACK_INDENT + header(c): c for c in listing.stack}
    while heads and heads[-1].rstrip() in under:
        stacked.insert(0, under[heads.pop().rstrip()])
    # Where each column beside the others starts: the last line of its header (headers sit on the
    # rule), read left to right; a header that wrapped shows its last words there.
    starts, bottom = {}, tokens(heads[-1])
    for column in listing.columns:
        words = header(column).split()
        if bottom and bottom[0][0] in words:
            tail = words[words.index(bottom[0][0]):]
            if [w for w, _ in bottom[:len(tail)]] == tail:
                starts[column] = bottom[0][1]
                bottom = bottom[len(tail):]
    assert not bottom, f"{where}: headers that are no column: {bottom}"
    grid = list(starts)
    ends = {c: (starts[grid[i + 1]] - 2 if i + 1 < len(grid) else width) for i, c in enumerate(grid)}

    def column_at(x: int, word: str, line: str) -> str:
        column = next((c for c in grid if starts[c] <= x < ends[c] + 2), None)
        assert column is not None and x + cell_len(word) <= ends[column], \
            f"{where}: {word!r} runs out of its column in {line!r}"
        return column

    got = {c: [] for c in grid}
    for line in heads:
        for word, x in tokens(line):
            got[column_at(x, word, line)].append(word)
    for column in grid:
        j = consume(header(column).split(), got[column], 0, ends[column] - starts[column], f"{where}, header")
        assert j == len(got[column]), f"{where}: header {column!r} reads {got[column]}"

    def chars(words: list[str]) -> int:
        return sum(len(w) for w in words)

    parsed, previous, lines_left = [], object(), list(body)
    for number, row in enumerate(listing.rows):
        want = {c: expected_words(listing, row, c) for c in [*grid, *stacked]}
        group = row.get(listing.group_by) if listing.group_by else None
        if listing.group_by in want and group == previous:
            want[listing.group_by] = []  # a repeated value is printed once, at the start of its group
        if listing.heading and group != previous:
            heading = " — ".join(inert(row[c]) for c in listing.heading if inert(row.get(c, "")).strip()).split()
            seen: list[str] = []
            while len(seen) < len(heading) or seen and seen[-1] != heading[len(seen) - 1]:
                line = lines_left.pop(0)
                assert tokens(line)[0][1] == 0, f"{where}: a heading indented: {line!r}"
                words = line.split()
                if seen and seen[-1].endswith("-") and seen[-1] != heading[len(seen) - 1]:
                    seen[-1] += words.pop(0)  # an id broken after a hyphen goes on on the next line
                seen += words
            assert seen == heading, f"{where}: heading {seen} instead of {heading}"
        previous = group
        cells = {c: [] for c in want}
        while any(chars(cells[c]) < chars(want[c]) for c in grid):
            assert lines_left, f"{where}: row {number} ends early: {cells}"
            line = lines_left.pop(0)
            found = tokens(line)
            assert found[0][1] != table_render.STACK_INDENT or starts.get(grid[0]) == 4 or not stacked, line
            for word, x in found:
                cells[column_at(x, word, line)].append(word)
        for column in stacked:
            while chars(cells[column]) < chars(want[column]):
                line = lines_left.pop(0)
                found = tokens(line)
                assert found[0][1] == table_render.STACK_INDENT, f"{where}: {line!r} is not under its row"
                cells[column] += [w for w, _ in found]
        for column in cells:
            kind = table_render.kind_of(listing, column)
            room = width - table_render.STACK_INDENT if column in stacked else \
                ends[column] - starts[column] if column != grid[-1] else \
                max([ends[column] - starts[column] if False else 0,
                     *(len(w) for w in cells[column]), *(len(w) for w in got[column])])
            at = f"{where}, row {number}, column {column!r}"
            j = consume(want[column], cells[column], 0, room if column != grid[-1] or column in stacked
                        else _last_room(listing, row, column, cells[column], room), at, kind)
            assert j == len(cells[column]), f"{at}: extra words {cells[column][j:]}"
        parsed.append(cells)
    assert not lines_left, f"{where}: lines that belong to no row: {lines_left}"
    return {"grid": grid, "stacked": stacked, "hidden": hidden, "rows": parsed}


def _last_room(listing, row, column, printed: list[str], room: int) -> int:
    """The last column may be narrower than the terminal leaves it: its room is at least its widest
    printed piece; a word is split there only if wider than the widest piece of the column."""
    return max([room, *(cell_len(p) for p in printed)])


def check_table(listing, lines: list[str], width: int) -> dict:
    where = f"{width} columns"
    parsed = parse_table(listing, lines, width)
    if not listing.rows:
        return parsed
    columns = [c for c in listing.columns if c not in listing.heading]
    empty = {c for c in columns[1:] if not any(inert(r.get(c, "")).strip() for r in listing.rows)}
    shown = set(parsed["grid"]) | set(parsed["stacked"])
    assert all(w in shown for w in listing.wide), f"{where}: the wide column went"
    assert not empty & shown, f"{where}: the empty columns {empty & shown} are shown"
    dropped = [c for c in columns if c not in shown and c not in empty]
    assert parsed["hidden"] == dropped, f"{where}: {dropped} went but the footer names {parsed['hidden']}"
    order = [c for c in listing.droppable if c in columns and c not in empty]
    assert set(dropped) == set(order[:len(dropped)]), f"{where}: {dropped} went; only {order} may go, in that order"
    assert set(parsed["stacked"]) <= set(listing.stack), f"{where}: {parsed['stacked']} printed under the rows"
    return parsed


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
    (docs/terminal.md lists the order), and a line under the table names them; at 200 columns every column is there."""
    listing = caught["list"]
    assert listing.droppable == ("company", "factory", "speaker", "status", "state")
    kept = [header(c) for c in listing.columns if c not in listing.droppable]
    lines = rendered(monkeypatch, 60, lambda out: table_render.print_table(listing, out))
    top = [w for w, _ in tokens(lines[0])]
    assert top == kept and top[0] == "Id" and top[-1] == "Claim" and len(top) == 3
    assert " ".join(line for line in lines if line).endswith(
        "hidden at this width: status, state, speaker, company, factory — widen or use --format plain")
    lines = rendered(monkeypatch, 200, lambda out: table_render.print_table(listing, out))
    top = [w for w, _ in tokens(lines[0])]
    assert top == [header(c) for c in listing.columns] and len(top) == 8
    assert not any("hidden" in line for line in lines)


def test_the_claim_never_narrows_as_the_terminal_widens(caught, monkeypatch):
    """The claim text gets the room: it is never narrower at a wider terminal, ids stay whole from 120
    columns on (up to 40 cells), and at 80 columns the claim has at least 30 cells."""
    for name in ("list", "due", "timeline", "search"):
        listing = caught[name]
        widths = {w: table_render.layout(listing, listing.rows, w) for w in WIDTHS}
        claim = {w: lay.widths.get("claim", w - table_render.STACK_INDENT) for w, lay in widths.items()}
        assert all(claim[a] <= claim[b] for a, b in zip(WIDTHS, WIDTHS[1:])), name
        assert claim[80] >= 30, (name, claim[80])
        assert min(widths[120].widths["id"], widths[150].widths["id"]) >= 40, name


def test_track_prints_each_plan_as_a_block_at_80_columns(kb_at, monkeypatch):
    """kb track at 80 columns, written out by hand: each plan's name and outcome once, its steps under
    it; each step's id and claim under its dates, whole (no step slipped: no Slip column)."""
    from conftest import REPO

    kb = kb_at(REPO / "tests" / "fixtures" / "plan-history")
    out = kb("track", "--factory", "Georgia", "--as-of", "2026", "-o", "table", env={"COLUMNS": "80"}).stdout
    assert out == """\
Said        When  Status     Speaker  Source
    Id
    Claim
────────────────────────────────────────────────────────────────────────────────
Georgia cell plant, prismatic — cancelled
2022-08-30  2025  planned    BVE      bve-georgia-plan-2022
    bve-georgia-production-2025
    Brightvolt expects production at a planned prismatic cell plant in Georgia
    to start in 2025.
2024-02-20        cancelled  BVE      bve-georgia-cancelled-2024
    bve-georgia-plant-cancelled
    Brightvolt has cancelled its planned prismatic cell plant in Georgia.
"""


def test_a_plan_named_like_another_is_a_block_of_its_own(caught, monkeypatch):
    """Two plans of one place and product: each a block, its heading telling it from the other by the id
    of the claim it is named after (a reader compares headings, not the ids under them)."""
    listing = caught["track"]
    headings = {r["#"]: r["plan"] for r in listing.rows}
    assert len(headings) >= 2
    assert len(set(headings.values())) == len(headings)


def test_record_breaks_ids_after_hyphens_and_leaves_no_comma_alone(kb_at, monkeypatch):
    from conftest import REPO

    kb = kb_at(REPO / "tests" / "fixtures" / "plan-history")
    out = kb("record", "--as-of", "2026", "-o", "table", env={"COLUMNS": "60"}).stdout
    assert out.splitlines()[5:13] == [
        "cancelled     1                   bve-georgia-plant-",
        "                                  cancelled",
        "pending       3      +6m          bve-arizona-investment-",
        "                                  under-review,",
        "                                  bve-arizona-commercial-",
        "                                  end-2026,",
        "                                  bve-arizona-sample-mid-",
        "                                  2026",
    ]


def test_an_empty_table_prints_one_line_and_no_header(kb_at, make_kb):
    root = make_kb({"claims/a.yaml": "id: a\nclaim: A.\nspeaker: acme\ncompany: acme\nstatus: planned\n"
                                     "source: daily-news\nquote: A.\nwhen: 2026\n"})
    out = kb_at(root)("track", "--suggest", "-o", "table", env={"COLUMNS": "80"}).stdout
    assert out == "no missing links to suggest between plans of one company, factory and product\n"
    out = kb_at(root)("list", "--company", "globex", "-o", "table", env={"COLUMNS": "80"}).stdout
    assert out == "nothing matches\n"


def words_of_detail(detail) -> list[tuple[list[str], list[str], str]]:
    """(label words, value words, kind) for each line of a shown record, in the order printed."""
    blocks = [(detail.title.split(), [], "text")]
    blocks += [(label.split(), inert(value).split(), "path" if label == "File" else "text")
               for label, value in detail.fields]
    for heading, items in detail.sections.items():
        blocks.append((heading.split(), [], "text"))
        blocks += [(label.split(), f"{item_id}: {inert(text)}".split(), "text") for label, item_id, text in items]
    return blocks


@pytest.mark.parametrize("name", SHOWN)
def test_show_prints_every_word(caught, monkeypatch, name):
    detail = caught[name]
    labels = max(cell_len(label) for label, _ in detail.fields)
    for width in WIDTHS:
        lines = rendered(monkeypatch, width, lambda out: show_render.write_rich(detail, out))
        got = [t for line in lines for t in tokens(line)]
        words = [w for w, _ in got]
        j = 0
        for label, value, kind in words_of_detail(detail):
            j = consume(label, words, j, width, f"{name} at {width} columns")
            if value:
                field = bool(label) and j < len(got) and got[j][1] == labels + 2
                room = width - (labels + 2 if field else 4)  # a field's value beside its label; an item indented
                j = consume(value, words, j, room, f"{name} at {width} columns, after {' '.join(label)!r}", kind)
        assert j == len(words), f"{name} at {width} columns: extra words {words[j:]}"


def test_show_breaks_a_path_only_after_a_slash_or_a_hyphen(kb_at, monkeypatch):
    from conftest import REPO

    kb = kb_at(REPO / "tests" / "fixtures" / "plan-history")
    out = kb("show", "bve-arizona-production-spring-2026", "-o", "rich", env={"COLUMNS": "50"}).stdout
    assert "File       claims/arizona/bve-arizona-production-\n           spring-2026.yaml:1\n" in out


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
    assert "more rows" not in out and "hidden" not in out
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
    assert table_render.at_hyphens("a-verylongpartwithnohyphen-b", 10) == "a-\nverylongpa\nrtwithnohy\nphen-b"
    assert table_render.at_hyphens("short-id", 22) == "short-id"
    assert table_render.at_hyphens("trailing-", 5) == "trail\ning-"
    assert table_render.wrap("cells-sizes, cells-other", 12, "id") == ["cells-sizes,", "cells-other"]


def test_a_word_folded_leaves_no_punctuation_alone():
    assert table_render.wrap("the investment.", 10) == ["the", "investmen", "t."]
    assert table_render.wrap("construction).", 12) == ["constructio", "n)."]
    assert table_render.wrap("see https://example.com/a-report/2024.pdf now", 16) == [
        "see", "https://", "example.com/a-", "report/2024.pdf", "now"]
    assert table_render.wrap("統合電池製造 plant", 5) == ["統合", "電池", "製造", "plant"]


def test_a_column_empty_in_every_row_is_left_out_and_its_room_goes_to_the_claim(monkeypatch):
    from kb.render.listing import Listing

    rows = [{"id": "a-claim", "when": "", "claim": "Word " * 30}, {"id": "b-claim", "when": "", "claim": "Two."}]
    listing = Listing(columns=("id", "when", "claim"), rows=rows, data=rows, ids=["a-claim", "b-claim"],
                      no_wrap=("id", "when"), wide=("claim",))
    lines = rendered(monkeypatch, 80, lambda out: table_render.print_table(listing, out))
    assert [w for w, _ in tokens(lines[0])] == ["Id", "Claim"]
    assert lines[2] == "a-claim  " + " ".join(["Word"] * 14)


# The differential oracle: what a command prints at 80 columns against what it prints at 250, read back
# from the output itself. Every cell carries the same words at both widths (only wrapped, or broken
# where it may break), in every row; a column missing at 80 is one the line under the table names.
DIFFERENTIAL = ["list", "due", "track", "record", "stats", "timeline", "conflicts", "search", "companies",
                "people", "factories", "sources", "xref claim", "log", "track suggest", "stats sum", "extract"]


@pytest.mark.parametrize("name", DIFFERENTIAL)
def test_a_table_at_80_columns_carries_the_words_it_carries_at_250(caught_root, monkeypatch, name):
    printed = {}
    original = table_render.print_table
    for width in (80, 250):
        def capture(listing, out, **options):
            original(listing, out, **options)
            printed[width] = listing

        monkeypatch.setattr(table_render, "print_table", capture)
        result = Kb(caught_root)(*TABLES[name], "-o", "table", env={"COLUMNS": str(width)})
        assert result.exit_code == 0, result.output
        lines = result.stdout.split("\n")
        if name == "extract":
            lines = lines[:-2]  # the line after the table says how many drafts
        assert all(cell_len(line) <= width for line in lines), name
        printed[width] = parse_table(printed[width], lines, width)
    narrow, wide = printed[80], printed[250]
    assert len(narrow["rows"]) == len(wide["rows"]) > 0
    assert wide["hidden"] == [] and not wide["stacked"]
    missing = [c for c in wide["grid"] if c not in narrow["grid"] and c not in narrow["stacked"]]
    assert missing == narrow["hidden"], name
    for at_80, at_250 in zip(narrow["rows"], wide["rows"]):
        for column, words in at_250.items():
            if column in at_80:
                assert "".join(at_80[column]) == "".join(words), (name, column)


def test_the_duplicate_comparison_of_kb_add_keeps_every_word(monkeypatch):
    """`kb add` shows a probable duplicate beside the new entity (kb.render.compare), on a terminal's stderr."""
    from kb.render import compare

    caught_listing = {}
    original = table_render.print_table
    monkeypatch.setattr(table_render, "print_table",
                        lambda listing, out, **options: caught_listing.setdefault("listing", listing))

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    new = {"id": COMPANY, "name": "Amalgamated Consolidated Battery Manufacturing Holdings Corporation",
           "aliases": ["ACBMH", "統合電池製造"], "country": "United States of America"}
    old = {**new, "id": "amalgamated", "note": f"Registered from {LONG_WORD}"}
    compare.side_by_side(["id", "name", "aliases", "country", "note"], new, old,
                         ("new", "existing (claims/registry/companies.yaml:1)"), Terminal())
    listing = caught_listing["listing"]
    monkeypatch.setattr(table_render, "print_table", original)
    assert [r["field"] for r in listing.rows] == ["id", "name", "aliases", "country", "note"]
    for width in WIDTHS:
        check_table(listing, rendered(monkeypatch, width, lambda out: table_render.print_table(listing, out)), width)
