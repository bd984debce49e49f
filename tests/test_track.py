"""Plan histories (issue 13): `kb track`, `kb track --suggest`, `kb link`, `kb record` and the chart, on
tests/fixtures/plan-history: a made-up company's three US plants, from short articles written for
these tests (sources/). Arizona's production moves in six steps (2024-H2 -> under review -> 2025 -> 2026 ->
2026-spring -> end of 2026); sample production by mid-2026, said with the end of 2026, is a plan of its own
(a step, not the production promise); Ohio is kept, three months late; Georgia is cancelled.
Two `supersedes` links are left out of the fixture for `--suggest` to find and `kb link` to write.

Expected outputs are worked out by hand from the articles.
"""

from __future__ import annotations

import json
import shutil
import struct
import xml.etree.ElementTree as ElementTree

import pytest
from conftest import REPO

FIXTURE = REPO / "tests/fixtures/plan-history"
ARIZONA, OHIO, GEORGIA = "Arizona cell plant, cylindrical", "Ohio cell plant, pouch", "Georgia cell plant, prismatic"
SAMPLES = "Arizona cell plant, cylindrical, sample-production"  # the one claim naming a milestone
MISSING = [  # newer, relation, older: what the articles say and the fixture leaves unlinked
    ("bve-arizona-larger-plant-2025", "supersedes", "bve-arizona-investment-under-review"),
    ("bve-ohio-mass-production-started", "supersedes", "bve-ohio-production-2023-h1"),
]


@pytest.fixture
def kb(tmp_path, kb_at):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE, root)
    return kb_at(root)


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    """The fixture with the missing links written, shared by the tests that only read it."""
    from conftest import Kb

    root = tmp_path_factory.mktemp("linked") / "kb"
    shutil.copytree(FIXTURE, root)
    kb = Kb(root)
    for link in MISSING:
        assert kb("link", *link).exit_code == 0
    return kb


def lines(result, columns: int | None = None) -> list[tuple[str, ...]]:
    assert result.exit_code == 0, result.output
    return [tuple(line.split("\t")[:columns]) for line in result.stdout.splitlines()]


def test_the_fixture_checks_strictly_and_is_canonical(kb):
    result = kb("check", "--strict")
    assert result.exit_code == 0, result.output
    assert result.stderr == "ok: 11 claims, 15 entities checked: 0 error(s), 0 warning(s)\n"
    assert kb("fmt", "--check").exit_code == 0


def test_suggest_finds_the_links_left_out(kb):
    # Ohio's claims name no milestone: linked on company, factory and product, as before plans had one
    reason = "same company, factory and product, said next (neither names a milestone)"
    # at Arizona the sample plan names one (sample-production), so the others' are read from their words:
    # the larger plant is the mass production of 2024-H2 moved; the review (2022-06-28) already superseded
    # that claim, so the larger plant supersedes the review, where the history stood ("the review ended with
    # a larger plant"); nothing proposes that samples by mid-2026 replace the production promised for spring 2026
    arizona = ("same company, factory, product and milestone (mass-production); milestone read from its words "
               "(bve-arizona-mass-production-2024-h2, bve-arizona-larger-plant-2025 names none); the plan's latest "
               "claim said before it (2022-06-28), which superseded bve-arizona-mass-production-2024-h2")
    assert lines(kb("track", "--suggest", "--company", "BVE")) == [
        ("bve-ohio-mass-production-started", "supersedes", "bve-ohio-production-2023-h1",
         "2023-10-05", "2023-09", "2021-09-14", "2023-H1", reason),
        ("bve-arizona-larger-plant-2025", "supersedes", "bve-arizona-investment-under-review",
         "2023-03-24", "2025", "2022-06-28", "-", arizona),
    ]


def test_link_writes_one_line_and_keeps_the_rest(kb):
    path = kb.root / "claims/arizona/bve-arizona-larger-plant-2025.yaml"
    before = path.read_text()
    results = [kb("link", *link) for link in MISSING]
    assert [r.stdout for r in results] == [
        "claims/arizona/bve-arizona-larger-plant-2025.yaml:15: supersedes: [bve-arizona-investment-under-review]\n",
        "claims/ohio/bve-ohio-mass-production-started.yaml:12: supersedes: [bve-ohio-production-2023-h1]\n",
    ]
    # after the quantities block (the canonical place), with the header comment and the one beside
    # the capacity kept
    assert path.read_text() == before + "supersedes: [bve-arizona-investment-under-review]\n"
    result = kb("check", "--strict")
    assert result.exit_code == 0, result.output
    assert kb("fmt", "--check").exit_code == 0
    assert kb("track", "--suggest").stdout == ""


def test_track_prints_each_plan_with_its_slips_and_outcome(linked):
    # plan, said, when, slip, status, outcome, speaker, source, id
    assert lines(linked("track", "--company", "BVE", "--as-of", "2026-01-15"), 9) == [
        (OHIO, "2021-09-14", "2023-H1", "-", "planned", "-", "brightvolt", "bve-ohio-plan-2021",
         "bve-ohio-production-2023-h1"),
        # done in September 2023, three months after the first half of 2023 ended
        (OHIO, "2023-10-05", "2023-09", "+3m", "done", "kept late +3m", "brightvolt", "bve-ohio-opening-2023",
         "bve-ohio-mass-production-started"),
        (ARIZONA, "2022-03-22", "2024-H2", "-", "planned", "-", "brightvolt", "bve-arizona-plan-2022",
         "bve-arizona-mass-production-2024-h2"),
        (ARIZONA, "2022-06-28", "-", "-", "considering", "-", "maria-lindqvist", "bve-arizona-review-2022",
         "bve-arizona-investment-under-review"),
        # from 2024-H2 (Jul-Dec 2024) to 2025: the end moves 12 months, the start 6
        (ARIZONA, "2023-03-24", "2025", "+12m (start +6m)", "planned", "-", "brightvolt",
         "bve-arizona-expansion-2023", "bve-arizona-larger-plant-2025"),
        (ARIZONA, "2024-05-10", "2026", "+12m", "planned", "-", "brightvolt", "bve-arizona-update-2024",
         "bve-arizona-production-2026"),
        # spring (Mar-May 2026) narrows 2026: the end comes 7 months earlier, the start 2 months later
        (ARIZONA, "2025-04-29", "2026-spring", "-7m (start +2m)", "planned", "-", "maria-lindqvist",
         "bve-arizona-spring-2025", "bve-arizona-production-spring-2026"),
        # against spring: the end of 2026 (Nov-Dec)
        (ARIZONA, "2025-07-02", "2026-end", "+7m (start +8m)", "planned", "pending", "brightvolt",
         "bve-arizona-schedule-2025", "bve-arizona-commercial-end-2026"),
        (GEORGIA, "2022-08-30", "2025", "-", "planned", "-", "brightvolt", "bve-georgia-plan-2022",
         "bve-georgia-production-2025"),
        (GEORGIA, "2024-02-20", "-", "-", "cancelled", "cancelled", "brightvolt", "bve-georgia-cancelled-2024",
         "bve-georgia-plant-cancelled"),
        # said the same day as the end of 2026: samples by mid-2026 (until August, no start), a step of its own
        (SAMPLES, "2025-07-02", "..2026-mid", "-", "planned", "pending", "brightvolt",
         "bve-arizona-schedule-2025", "bve-arizona-sample-mid-2026"),
    ]


def test_a_plan_falls_overdue_when_its_earliest_head_ends(linked):
    # sample production by mid-2026 runs until the end of August 2026
    assert lines(linked("track", "--factory", "Arizona", "--as-of", "2026-08-31"), 6)[-1][-1] == "pending"
    assert lines(linked("track", "--factory", "Arizona", "--as-of", "2026-09-01"), 6)[-1][-1] == "overdue"


def test_track_json_has_every_step_with_its_dates(linked):
    steps = json.loads(linked("track", "--factory", "Arizona", "--as-of", "2026-01-15", "-o", "json").stdout)
    assert [(s["id"], s["start"], s["end"], s["slip_months"], s["start_slip_months"], s["compared_with"])
            for s in steps] == [
        ("bve-arizona-mass-production-2024-h2", "2024-07-01", "2024-12-31", None, None, None),
        ("bve-arizona-investment-under-review", None, None, None, None, None),
        ("bve-arizona-larger-plant-2025", "2025-01-01", "2025-12-31", 12, 6, "bve-arizona-mass-production-2024-h2"),
        ("bve-arizona-production-2026", "2026-01-01", "2026-12-31", 12, 12, "bve-arizona-larger-plant-2025"),
        ("bve-arizona-production-spring-2026", "2026-03-01", "2026-05-31", -7, 2, "bve-arizona-production-2026"),
        ("bve-arizona-commercial-end-2026", "2026-11-01", "2026-12-31", 7, 8, "bve-arizona-production-spring-2026"),
        ("bve-arizona-sample-mid-2026", None, "2026-08-31", None, None, None),
    ]
    # production: from the first deadline (end of 2024) to the latest (end of 2026); samples: one promise
    assert {(s["plan"], s["plan_outcome"], s["plan_slip_months"]) for s in steps} == {
        (ARIZONA, "pending", 24), (SAMPLES, "pending", 0)}


def test_without_the_links_a_history_falls_apart(kb):
    plans = {row[0] for row in lines(kb("track", "--factory", "Arizona", "--as-of", "2026-01-15"), 1)}
    assert plans == {f"{ARIZONA} (bve-arizona-mass-production-2024-h2)", f"{ARIZONA} (bve-arizona-larger-plant-2025)",
                     SAMPLES}


def test_record_of_a_company(linked):
    assert [row[4:] for row in lines(linked("record", "--company", "Brightvolt", "--as-of", "2026-01-15"))] == \
        [("-",)] * 5  # the progress column: none toward any plan
    assert lines(linked("record", "--company", "Brightvolt", "--as-of", "2026-01-15"), 4) == [
        ("kept on time", "0", "-", "-"),
        ("kept late", "1", "+3m", "bve-ohio-mass-production-started"),
        ("cancelled", "1", "-", "bve-georgia-plant-cancelled"),
        # production (+24m) and samples (one promise, 0m): the median is +12m
        ("pending", "2", "+12m", "bve-arizona-commercial-end-2026, bve-arizona-sample-mid-2026"),
        ("overdue", "0", "-", "-"),
    ]
    # samples were due by the end of August 2026; production at the end of 2026 is still in time
    assert lines(linked("record", "--company", "Brightvolt", "--as-of", "2026-09-01"), 4)[3:] == [
        ("pending", "1", "+24m", "bve-arizona-commercial-end-2026"),
        ("overdue", "1", "0m", "bve-arizona-sample-mid-2026"),
    ]
    assert linked("record", "--company", "BVE", "--as-of", "2026-01-15", "-o", "ids").stdout.split() == [
        "bve-ohio-mass-production-started", "bve-georgia-plant-cancelled", "bve-arizona-commercial-end-2026",
        "bve-arizona-sample-mid-2026"]
    data = json.loads(linked("record", "--company", "BVE", "--as-of", "2026-01-15", "-o", "json").stdout)
    assert data[1] == {"outcome": "kept late", "plans": 1, "median_slip_months": 3,
                       "claims": ["bve-ohio-mass-production-started"],
                       "plan_claims": [["bve-ohio-production-2023-h1", "bve-ohio-mass-production-started"]],
                       "progress": []}
    table = linked("record", "--company", "BVE", "--as-of", "2026-01-15", "-o", "table").stdout
    assert table.splitlines()[0] == "4 plan(s): 1 kept late, 1 cancelled, 2 pending"


def test_record_of_a_speaker_counts_the_plans_they_spoke_for(linked):
    # Maria Lindqvist spoke only about Arizona (the review and the spring date)
    assert [row[:2] for row in lines(linked("record", "--speaker", "Maria Lindqvist", "--as-of", "2026-01-15"))] \
        == [("kept on time", "0"), ("kept late", "0"), ("cancelled", "0"), ("pending", "1"), ("overdue", "0")]


def test_link_refuses_what_is_wrong_and_writes_nothing(kb):
    before = {p: p.read_text() for p in (kb.root / "claims").rglob("*.yaml")}
    cases = {
        ("bve-arizona-sample-mid-2026", "supersedes", "bve-arizona-sample-mid-2026"):
            "a claim cannot name itself ('bve-arizona-sample-mid-2026' supersedes 'bve-arizona-sample-mid-2026')",
        ("bve-arizona-larger-plant-2025", "supersedes", "bve-arizona-production-spring-2026"):
            "that would make a supersedes cycle: bve-arizona-larger-plant-2025 -> "
            "bve-arizona-production-spring-2026 -> bve-arizona-production-2026 -> bve-arizona-larger-plant-2025; "
            "only the newer claim may supersede the older",
        ("bve-arizona-larger-plant-2025", "replaces", "bve-arizona-mass-production-2024-h2"):
            "unknown relation 'replaces'; use one of: supports, contradicts, supersedes, elaborates, related",
        ("bve-arizona-larger-plant-2025", "supersedes", "bve-arizona-mass-production-2024-h3"):
            "no claim 'bve-arizona-mass-production-2024-h3'; did you mean bve-arizona-mass-production-2024-h2",
        ("bve-arizona-larger-plant-2025", "supercedes", "bve-arizona-mass-production-2024-h2"):
            "unknown relation 'supercedes'; did you mean 'supersedes'? use one of:",
        ("bve-arizona-larger-plant-2025", "supersedes", "bve-arizona-production"):
            "'bve-arizona-production' could be bve-arizona-production-2026, bve-arizona-production-spring-2026; "
            "give more of the id",
        ("bve-arizona-larger-plant-2025", "supersedes", "bve-arizona"):
            "'bve-arizona' is not a claim but a registry entry; the second must be a claim id",
    }
    for args, message in cases.items():
        result = kb("link", *args)
        assert result.exit_code == 1 and message in result.stderr, (args, result.output)
        assert "Traceback" not in result.output
    assert {p: p.read_text() for p in (kb.root / "claims").rglob("*.yaml")} == before
    again = kb("link", "bve-arizona-production-2026", "supersedes", "bve-arizona-larger-plant-2025")
    assert again.exit_code == 0 and "already supersedes bve-arizona-larger-plant-2025; nothing written" in again.stderr
    again = kb("link", "bve-arizona-production-2", "supersedes", "bve-arizona-larger")  # unique prefixes, as kb show
    assert again.exit_code == 0 and again.stderr == ("claims/arizona/bve-arizona-production-2026.yaml: already "
                                                     "supersedes bve-arizona-larger-plant-2025; nothing written\n")
    assert {p: p.read_text() for p in (kb.root / "claims").rglob("*.yaml")} == before


def test_link_takes_a_unique_prefix_of_each_id_as_kb_show_does(kb):
    result = kb("link", "bve-georgia-plant-c", "related", "bve-ohio-mass")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("claims/georgia/bve-georgia-plant-cancelled.yaml:12: related: "
                             "[bve-ohio-mass-production-started]\n")


def test_link_adds_to_a_list_where_it_stands(make_kb, kb_at):
    from conftest import claim_text

    root = make_kb({
        "claims/a/old.yaml": claim_text("old", when="2025"),
        "claims/a/older.yaml": claim_text("older", when="2024"),
        "claims/a/flow.yaml": claim_text("flow", supersedes="[older]  # the first plan"),
        "claims/a/block.yaml": claim_text("block", related=None) + "related:\n  - older  # same plant\n"
                                                                    "note: by hand\n",
        "claims/a/two.yaml": claim_text("two") + "supports:\n  - older\n  - flow\n",
    })
    (root / "claims/a/crlf.yaml").write_bytes(claim_text("crlf").replace("\n", "\r\n").encode())
    kb = kb_at(root)
    assert kb("link", "flow", "supersedes", "old").stdout == "claims/a/flow.yaml:8: supersedes: [older, old]  # the first plan\n"
    assert kb("link", "block", "related", "old").stdout == "claims/a/block.yaml:10:   - old\n"
    assert (root / "claims/a/block.yaml").read_text().endswith("related:\n  - older  # same plant\n  - old\nnote: by hand\n")
    assert kb("link", "two", "supports", "old").stdout == "claims/a/two.yaml:11:   - old\n"  # after the last item
    assert (root / "claims/a/two.yaml").read_text().endswith("supports:\n  - older\n  - flow\n  - old\n")
    assert kb("link", "crlf", "elaborates", "old").exit_code == 0
    assert (root / "claims/a/crlf.yaml").read_bytes().endswith(b"quote: Quote of crlf.\r\nelaborates: [old]\r\n")
    assert kb("check").exit_code == 0


def test_link_refuses_a_file_gone_or_changed_since_it_was_read(make_kb):
    from conftest import claim_text

    from kb.edit.link import LinkError, plan_link
    from kb.store.parse import load_kb

    root = make_kb({"claims/old.yaml": claim_text("old", when="2025"), "claims/gone.yaml": claim_text("gone"),
                    "claims/edited.yaml": claim_text("edited")})
    kb = load_kb(root)[0]
    (root / "claims/gone.yaml").unlink()
    (root / "claims/edited.yaml").write_text(claim_text("edited", claim="Edited."))
    with pytest.raises(LinkError) as error:
        plan_link(kb, "gone", "supports", "old")
    assert str(error.value) == ("claims/gone.yaml: cannot read it (cannot read the file (No such file or directory); "
                                "check it exists); run `kb check`")
    with pytest.raises(LinkError) as error:
        plan_link(kb, "edited", "supports", "old")
    assert str(error.value) == "claims/edited.yaml has problems or changed since it was read; run `kb check` and try again"
    assert plan_link(kb, "old", "supports", "edited").line_text == "supports: [edited]"


def test_a_link_that_would_change_more_than_the_link_is_not_written(make_kb):
    from conftest import claim_text

    from kb.edit.link import LinkError, _verify
    from kb.store.parse import load_kb

    root = make_kb({"claims/old.yaml": claim_text("old", when="2025"), "claims/older.yaml": claim_text("older")})
    claim = load_kb(root)[0].claims_by_id["old"]
    before = (root / "claims/old.yaml").read_text()
    assert _verify(claim, "supports", "older", "claims/old.yaml", before, before + "supports: [older]\n") is None
    for after in (before + "supports: [older]\nnote: x\n",  # another field changed too
                  before + "# a new comment\nsupports: [older]\n",  # a comment added
                  before + "supports: older\n",  # a problem (not a list)
                  before + "supports: [older\n"):  # unreadable
        with pytest.raises(LinkError) as error:
            _verify(claim, "supports", "older", "claims/old.yaml", before, after)
        assert str(error.value) == ("claims/old.yaml: adding the link would change more than the link; add 'older' "
                                    "to 'supports:' by hand (and please report this file)"), after


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_the_chart_draws_every_plan(linked):
    matplotlib_image = pytest.importorskip("matplotlib.image")  # in the test extra: CI always draws it
    svg, png = linked.root / "slips.svg", linked.root / "out/slips.png"
    for path in (svg, png):
        result = linked("track", "--company", "BVE", "--as-of", "2026-01-15", "--chart", str(path))
        assert result.exit_code == 0, result.output
        assert result.stderr == f"chart of 4 plan(s) written to {path}\n"
    root = ElementTree.parse(svg).getroot()
    assert (root.get("width"), root.get("height")) == ("648pt", "417.6pt")  # 9 x 5.8 inches (5 + 0.2 a plan)
    texts = {"".join(t.itertext()).strip() for t in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {f"1  {OHIO}: kept late +3m", f"2  {ARIZONA}: pending", f"3  {GEORGIA}: cancelled",
            f"4  {SAMPLES}: pending"} <= texts  # legend
    assert {"1", "2", "3", "4"} <= texts  # each number at the end of its plan's line
    data = png.read_bytes()
    assert _png_size(data) == (900, 580)
    pixels = matplotlib_image.imread(png)
    drawn = (pixels[:, :, :3] < 0.9).any(axis=2).mean()
    assert 0.02 < drawn < 0.5  # lines, bars, text: neither blank nor a solid block
    again = linked("track", "--company", "BVE", "--chart", str(png))
    assert again.exit_code == 1 and "already exists" in again.stderr and "--force" in again.stderr
    assert linked("track", "--chart", str(linked.root / "slips.pdf")).exit_code == 2
    both = linked("track", "--suggest", "--chart", str(linked.root / "other.svg"))
    assert (both.exit_code, both.stderr) == (2, "kb: error: --chart draws plans, --suggest lists links: ask for one "
                                                "at a time\n")


def test_the_chart_covers_no_line_with_a_legend_and_keeps_every_label_apart_and_inside():
    pytest.importorskip("matplotlib")
    from datetime import date

    from matplotlib.text import Text

    from kb.answers.track import plans
    from kb.render.chart import figure
    from kb.store.parse import load_kb

    kb = load_kb(FIXTURE)[0]  # five plans: the two links left out make Arizona's production two plans
    chart = figure(plans(kb, date(2026, 1, 15)))
    chart.draw_without_rendering()
    axes = chart.axes[0]
    page = chart.bbox
    legends = chart.legends
    assert [t.get_text() for t in legends[0].get_texts()] == [
        f"1  {OHIO}: overdue",
        f"2  {ARIZONA} (bve-arizona-mass-production-2024-h2): pending",
        f"3  {GEORGIA}: cancelled",
        f"4  {ARIZONA} (bve-arizona-larger-plant-2025): pending",
        f"5  {SAMPLES}: pending"]
    plot = axes.get_window_extent()
    for legend in legends:
        assert not legend.get_window_extent().overlaps(plot)  # below the plot, covering none of it
    tags = [t for t in axes.texts]
    assert sorted(t.get_text() for t in tags) == ["1", "2", "3", "4", "5"]
    texts = [*tags, *(t for legend in legends for t in legend.get_texts()), axes.xaxis.label, axes.yaxis.label,
             *axes.get_xticklabels(), *axes.get_yticklabels()]
    for text in texts:
        box = text.get_window_extent()
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1, text
    boxes = [Text.get_window_extent(t) for t in tags]  # the number, without the line to its marker
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_numbers_at_ends_that_meet_are_moved_apart():
    pytest.importorskip("matplotlib")
    from datetime import date

    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from kb.render.chart import _tag_ends

    chart = Figure(figsize=(4, 3), dpi=100, layout="constrained")
    axes = chart.add_subplot()
    axes.plot([date(2024, 1, 1), date(2025, 1, 1)], [date(2026, 1, 1), date(2027, 1, 1)])
    ends = [(date(2024, 6, 1), date(2026, 6, 1), n, "black") for n in (1, 2, 3)]
    _tag_ends(chart, axes, ends)
    chart.draw_without_rendering()
    boxes = [Text.get_window_extent(t) for t in axes.texts]  # the number, without the line to its marker
    assert len(boxes) == 3
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_link_where_the_file_gives_it_no_list_yet(make_kb, kb_at):
    from conftest import claim_text

    root = make_kb({
        "claims/older.yaml": claim_text("older", when="2024"),
        "claims/empty.yaml": claim_text("empty", supersedes="[]"),
        "claims/block.yaml": claim_text("block", quote=None, note=None) + "quote: |\n  Line one.\n  Line two.\n"
                                                                          "note: N.\n",
    })
    (root / "claims/no-newline.yaml").write_text(claim_text("no-newline").rstrip("\n"))
    (root / "claims/bom.yaml").write_bytes(b"\xef\xbb\xbf" + claim_text("bom").encode())
    kb = kb_at(root)
    assert [kb("link", *args).stdout for args in (("empty", "supersedes", "older"), ("block", "supports", "older"),
                                                  ("no-newline", "elaborates", "older"), ("bom", "related", "older"))] \
        == ["claims/empty.yaml:8: supersedes: [older]\n", "claims/block.yaml:10: supports: [older]\n",
            "claims/no-newline.yaml:8: elaborates: [older]\n", "claims/bom.yaml:8: related: [older]\n"]
    assert (root / "claims/empty.yaml").read_text() == claim_text("empty", supersedes="[older]")
    assert (root / "claims/block.yaml").read_text().endswith(
        "quote: |\n  Line one.\n  Line two.\nsupports: [older]\nnote: N.\n")  # after the block, before the note
    assert (root / "claims/no-newline.yaml").read_text() == claim_text("no-newline") + "elaborates: [older]\n"
    assert (root / "claims/bom.yaml").read_bytes() == b"\xef\xbb\xbf" + (claim_text("bom") + "related: [older]\n").encode()
    assert kb("check").exit_code == 0


def test_link_refuses_ids_that_are_no_claims(make_kb, kb_at):
    from conftest import claim_text

    kb = kb_at(make_kb({"claims/a.yaml": claim_text("a")}))
    assert [kb("link", *args).stderr.strip() for args in (("a", "related", "zzzz"), ("acme", "related", "a"))] == [
        "kb: error: no claim 'zzzz'; `kb list --format ids` lists claim ids",
        "kb: error: 'acme' is not a claim but a registry entry; the first must be a claim id"]


def test_names_with_dollar_signs_are_drawn_as_text_not_formulas():
    pytest.importorskip("matplotlib")
    from datetime import date

    from kb.answers.track import Plan, Step
    from kb.model.period import parse
    from kb.render.chart import render

    class Claim:
        id, status = "a", "planned"

    label = r"Plant $\frac$ x and $5 and $6"  # matplotlib would take $...$ for math, and fail on \frac
    svg = render([Plan(label, (Step(Claim(), "2024-01-01", parse("2025")),), "pending", ("a",), None)], "svg")
    texts = {"".join(t.itertext()).strip() for t in ElementTree.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")}
    assert f"1  {label}: pending" in texts


def test_plans_with_open_ends_and_plans_done_without_a_date(make_kb):
    from datetime import date

    from conftest import claim_text

    from kb.answers.track import Slip, plans
    from kb.store.parse import load_kb

    root = make_kb({  # a: only the start moves (both open-ended); b: done, saying neither when nor when said;
        # c: done in 2026-03, but the promise it replaces had no deadline to be late against
        "claims/a1.yaml": claim_text("a1", product="cells", when="2025-H2..", said="2024-06"),
        "claims/a2.yaml": claim_text("a2", product="cells", when="2026-H1..", said="2025-06", supersedes="[a1]"),
        "claims/b1.yaml": claim_text("b1", product="packs", when="2025", said="2024-01"),
        "claims/b2.yaml": claim_text("b2", product="packs", status="done", supersedes="[b1]"),
        "claims/c1.yaml": claim_text("c1", product="modules", when="2025-H2..", said="2024-07"),
        "claims/c2.yaml": claim_text("c2", product="modules", status="done", when="2026-03", said="2026-04",
                                     supersedes="[c1]"),
        # e: done on the very day the promise ran to; s: one promise, dated; o: one promise, open-ended
        "claims/e1.yaml": claim_text("e1", product="lfp", when="2025-H1", said="2024-01"),
        "claims/e2.yaml": claim_text("e2", product="lfp", status="done", when="2025-06-30", said="2025-07",
                                     supersedes="[e1]"),
        "claims/s1.yaml": claim_text("s1", product="nmc", when="2027", said="2024-02"),
        "claims/o1.yaml": claim_text("o1", product="lmfp", when="2027..", said="2024-03"),
    })
    kb, problems = load_kb(root)
    assert problems == []
    assert [(p.ids, p.heads, p.outcome, p.slip, [(s.slip, s.previous) for s in p.steps])
            for p in plans(kb, date(2026, 6, 1))] == [
        (("b1", "b2"), ("b2",), "kept on time", None, [(None, None), (None, None)]),
        (("e1", "e2"), ("e2",), "kept on time", 0, [(None, None), (Slip(0, None), "e1")]),
        (("s1",), ("s1",), "pending", 0, [(None, None)]),  # a dated promise not moved (yet): slipped by 0
        (("o1",), ("o1",), "pending", None, [(None, None)]),  # no deadline to slip from
        (("a1", "a2"), ("a2",), "pending", None, [(None, None), (Slip(None, 6), "a1")]),  # 2025-07 -> 2026-01
        (("c1", "c2"), ("c2",), "kept on time", None, [(None, None), (Slip(None, None), "c1")]),
    ]


def test_how_a_slip_reads():
    from kb.answers.track import Slip

    assert [Slip(*sides).text for sides in ((12, None), (12, 12), (-7, 2), (None, 3), (None, -2), (None, None),
                                            (0, 0))] == [
        "+12m", "+12m", "-7m (start +2m)", "start +3m", "start -2m", "", "+0m"]


def test_suggest_leaves_out_what_it_cannot_place_or_is_linked_already(make_kb):
    from conftest import claim_text

    from kb.answers.suggest import suggest
    from kb.store.parse import load_kb

    def plan(claim_id, said=None, **fields):
        return claim_text(claim_id, said=said, **fields)

    root = make_kb({
        "claims/g1.yaml": plan("g1", "2024-01", product="cells"),
        "claims/g2.yaml": plan("g2", "2024-06", product="Cells"),  # the same product, however written
        "claims/n1.yaml": plan("n1", product="cells"),  # said when? (its source has no date): left out
        "claims/x1.yaml": plan("x1", "2024-01", company=None, product="packs"),  # no company: left out
        "claims/x2.yaml": plan("x2", "2024-06", company=None, product="packs"),
        "claims/y1.yaml": plan("y1", "2024-01"),  # neither factory nor product: left out
        "claims/y2.yaml": plan("y2", "2024-06"),
        "claims/d1.yaml": plan("d1", "2023-01", product="modules", status="done"),  # a finished plan
        "claims/d2.yaml": plan("d2", "2024-01", product="modules"),
        "claims/e1.yaml": plan("e1", "2023-01", product="lfp"),
        "claims/e2.yaml": plan("e2", "2023-06", product="lfp", supersedes="[e3]"),
        "claims/e3.yaml": plan("e3", product="lfp", supersedes="[e1]"),  # e2 reaches e1 through e3 (left out)
        "claims/f1.yaml": plan("f1", "2023-01", product="nmc", supersedes="[f2]"),  # linked the other way
        "claims/f2.yaml": plan("f2", "2023-06", product="nmc"),
    })
    kb, problems = load_kb(root)
    assert problems == []
    assert [(s.newer.id, s.older.id, s.newer_said, s.older_said) for s in suggest(kb)] == [
        ("g2", "g1", "2024-06", "2024-01")]


def test_a_plan_named_by_its_first_claims_id_keeps_that_name_when_shared_and_one_without_a_plant_by_its_company(make_kb):
    from datetime import date

    from conftest import claim_text

    from kb.answers.track import plans
    from kb.store.parse import load_kb

    root = make_kb({  # p: neither factory nor product, so named by its first claim, p1; z: no company, product "p1"
        "claims/p1.yaml": claim_text("p1", when="2026", said="2024-01"),
        "claims/p2.yaml": claim_text("p2", when="2027", said="2024-06", supersedes="[p1]"),
        "claims/z1.yaml": claim_text("z1", company=None, product="p1", when="2026", said="2024-03"),
        "claims/c1.yaml": claim_text("c1", product="cells", when="2026", said="2024-09"),  # no factory: its company
    })
    kb, problems = load_kb(root)
    assert problems == []
    assert [(p.label, p.ids) for p in plans(kb, date(2025, 1, 1))] == [("p1", ("p1", "p2")), ("p1 (z1)", ("z1",)),
                                                                       ("ACB, cells", ("c1",))]


def test_a_plan_done_is_measured_from_the_end_of_the_period_it_was_done_in(make_kb):
    """Kept late by how long after the first deadline the plan was done: to the end of the period the done
    claim gives (2026-H1 ends 2026-06-30), to its one end when it has one only (..2026 ends 2026-12-31,
    2026-03.. starts 2026-03-01); the earliest of several done claims."""
    from datetime import date

    from conftest import claim_text

    from kb.answers.track import plans
    from kb.store.parse import load_kb

    root = make_kb({
        "claims/p1.yaml": claim_text("p1", product="cells", when="2025", said="2024-01"),
        "claims/p2.yaml": claim_text("p2", product="cells", status="done", when="2026-H1", said="2026-08",
                                     supersedes="[p1]"),
        "claims/q1.yaml": claim_text("q1", product="packs", when="2025", said="2024-02"),
        "claims/q2.yaml": claim_text("q2", product="packs", status="done", when="..2026", said="2027-01",
                                     supersedes="[q1]"),
        "claims/r1.yaml": claim_text("r1", product="modules", when="2025", said="2024-03"),
        "claims/r2.yaml": claim_text("r2", product="modules", status="done", when="2026-03..", said="2026-04",
                                     supersedes="[r1]"),
        "claims/s1.yaml": claim_text("s1", product="lfp", when="2025", said="2024-04"),
        "claims/s2.yaml": claim_text("s2", product="lfp", status="done", when="..2026", said="2027-02",
                                     supersedes="[s1]"),
        "claims/s3.yaml": claim_text("s3", product="lfp", status="done", when="2026-Q2", said="2026-07",
                                     supersedes="[s1]"),
    })
    kb, problems = load_kb(root)
    assert problems == []
    assert [(p.ids, p.outcome_text) for p in plans(kb, date(2027, 6, 1))] == [
        (("p1", "p2"), "kept late +6m"),   # 2025-12-31 -> 2026-06-30
        (("q1", "q2"), "kept late +12m"),  # 2025-12-31 -> 2026-12-31
        (("r1", "r2"), "kept late +3m"),   # 2025-12-31 -> 2026-03-01
        (("s1", "s3", "s2"), "kept late +6m"),  # the earlier of 2026-12-31 and 2026-06-30
    ]


def test_link_names_five_claims_a_prefix_could_be_and_three_an_id_is_close_to(make_kb, kb_at):
    from conftest import claim_text

    ids = [f"acme-plan-{n}" for n in range(1, 7)]
    kb = kb_at(make_kb({f"claims/{i}.yaml": claim_text(i) for i in ids}))
    assert kb("link", "acme-plan", "related", "acme-plan-1").stderr == (
        "kb: error: 'acme-plan' could be acme-plan-1, acme-plan-2, acme-plan-3, acme-plan-4, acme-plan-5 and 1 more; "
        "give more of the id\n")
    (kb.root / "claims/acme-plan-6.yaml").unlink()
    assert kb("link", "acme-plan", "related", "acme-plan-1").stderr == (
        "kb: error: 'acme-plan' could be acme-plan-1, acme-plan-2, acme-plan-3, acme-plan-4, acme-plan-5; "
        "give more of the id\n")
    assert kb("link", "acme-plan-1", "related", "acme-plam-9").stderr == (
        "kb: error: no claim 'acme-plam-9'; did you mean acme-plan-5, acme-plan-4, acme-plan-3?\n")


NOTE = ("1 {what} plan(s) may have been kept by a done claim of the same company and plant that no link ties to "
        "them: bve-ohio-production-2023-h1 (done: bve-ohio-mass-production-started); if it reports the plan kept, "
        "link them (`kb track --suggest` proposes the link)")


def test_an_overdue_plan_a_done_claim_may_have_kept_is_noted_and_the_answer_stays_what_the_links_say(kb, linked):
    """Ohio's production was reported started (2023-10-05), but nothing links that report to the plan: kb due,
    kb record and kb track still call the plan overdue (kb never guesses a link) and say on stderr why it may
    not be; once linked, or as of a day before the report, there is nothing to say."""
    due = kb("due", "--as-of", "2025-12")
    assert "bve-ohio-production-2023-h1" in due.stdout and "note" not in due.stdout
    assert due.stderr.splitlines()[-1] == NOTE.format(what="overdue")
    for command in ("record", "track"):
        result = kb(command, "--company", "BVE", "--as-of", "2025-12")
        assert result.stderr.splitlines()[-1] == NOTE.format(what="pending or overdue"), command
    assert "may have been kept" not in kb("due", "--as-of", "2023-09").stderr  # the report was not said yet
    for command in ("due", "record", "track"):
        assert "may have been kept" not in linked(command, "--as-of", "2025-12").stderr, command


def test_a_claim_naming_itself_in_supersedes_is_tracked_as_if_it_did_not_in_a_plan_of_one_claim_or_more(make_kb):
    """`supersedes: [itself]` is an error kb check reports (bad-relation); kb track reads the rest of the
    claim and leaves that link out, whether the plan holds one claim or more."""
    from datetime import date

    from conftest import claim_text

    from kb.answers.track import plans
    from kb.store.parse import load_kb

    root = make_kb({
        "claims/s1.yaml": claim_text("s1", product="cells", when="2025", said="2024-01-10", supersedes="[s1]"),
        "claims/t1.yaml": claim_text("t1", product="modules", when="2025", said="2024-01-20"),
        "claims/t2.yaml": claim_text("t2", product="modules", when="2027", said="2024-06-01", supersedes="[t1, t2]"),
    })
    found = plans(load_kb(root)[0], date(2026, 1, 1))
    assert [(p.ids, p.outcome, p.heads, p.slip, [s.slip.text if s.slip else None for s in p.steps]) for p in found] == [
        (("s1",), "overdue", ("s1",), 0, [None]),
        (("t1", "t2"), "pending", ("t2",), 24, [None, "+24m"]),
    ]
