"""The schedule-slip chart of plans (kb.answers.track): when each promise was made (x) against the period it
promised (y, a bar from the period's start to its end), one line per plan through its deadlines,
its outcome marked at its end. Written as SVG (labels stay text) or PNG, with matplotlib.

matplotlib is an optional extra (the `chart` extra; without it the error gives the command that
installs it, kb.model.extras) and is imported only here, when a chart is drawn.
"""

from __future__ import annotations

import io
import textwrap
from datetime import date, timedelta
from typing import Sequence

from ..answers.track import Plan
from ..model.period import parse as parse_period

FORMATS = ("svg", "png")
# How each outcome is marked at the end of its plan's line: marker, colour.
MARKERS = {"kept on time": ("o", "#1a7f37"), "kept late": ("o", "#bf8700"), "cancelled": ("X", "#cf222e"),
           "overdue": ("s", "#cf222e"), "pending": ("D", "#0969da")}


class ChartError(Exception):
    """The chart cannot be drawn (matplotlib is missing, nothing to draw)."""


def _matplotlib():
    """matplotlib, or ChartError with the command that installs it."""
    try:
        import matplotlib
    except ImportError:
        from ..model.extras import missing

        raise ChartError(missing("chart", "the chart")) from None
    return matplotlib


def _said(step) -> date | None:
    return parse_period(step.said).start if step.said else None


def render(plans: Sequence[Plan], fmt: str, title: str = "") -> bytes:
    """The chart of plans as SVG or PNG bytes (see `figure`)."""
    matplotlib = _matplotlib()

    out = io.BytesIO()
    with matplotlib.rc_context(RC):  # read as each text is made, so the figure too is built inside
        chart = figure(plans, title)
        chart.savefig(out, format=fmt, metadata={"Date": None} if fmt == "svg" else {})
    return out.getvalue()


RC = {"svg.fonttype": "none", "svg.hashsalt": "kb", "font.size": 9,
      "text.parse_math": False}  # names from files are text: "$5 and $6" is no formula
LABEL_WIDTH = 120  # characters in a line of the plan legend, which spans the figure's width
TAG_GAP = 11  # points between the plan numbers at the ends of lines, so that none covers another


def figure(plans: Sequence[Plan], title: str = ""):
    """The chart of plans as a matplotlib Figure. Steps with no known said date or no period are left
    out of the lines; a plan with no such step is left out; ChartError when none is left.

    Each line ends in its outcome's marker and the plan's number; the legends, outside the plot so that
    they cover nothing, give each number's plan and outcome (below) and what each marker means (right)."""
    matplotlib = _matplotlib()
    from matplotlib.figure import Figure

    drawn = [(plan, [s for s in plan.steps if _said(s) and s.period is not None
                     and (s.period.start or s.period.end)]) for plan in plans]
    drawn = [(plan, steps) for plan, steps in drawn if steps]
    if not drawn:
        raise ChartError("no plan has a promise with a known date and period to draw")
    with matplotlib.rc_context(RC):
        from matplotlib.lines import Line2D

        chart = Figure(figsize=(9, 5 + 0.2 * len(drawn)), dpi=100, layout="constrained")
        axes = chart.add_subplot()
        colours = matplotlib.colormaps["tab10"]
        ends, plan_handles = [], []
        for number, (plan, steps) in enumerate(drawn, 1):
            colour = colours((number - 1) % 10)
            xs, deadlines = [], []
            by_day: dict[date, list] = {}
            for step in steps:
                by_day.setdefault(_said(step), []).append(step)
            for day, same in sorted(by_day.items()):
                for offset, step in enumerate(same):  # claims said the same day stand side by side
                    x = day + timedelta(days=12 * (offset - (len(same) - 1) / 2))
                    start, end = step.period.start, step.period.end
                    if start and end:
                        axes.vlines(x, start, end, colors=[colour], linewidth=5, alpha=0.45)
                    else:  # 'by X' (open start) points down from its end; 'from X on' up from its start
                        axes.plot([x], [end or start], marker="v" if end else "^", color=colour, alpha=0.6)
                xs.append(day)
                deadlines.append(max(s.period.end or s.period.start for s in same))
            axes.plot(xs, deadlines, color=colour, marker="_", markersize=12, linewidth=1.5)
            last = _said(plan.steps[-1]) or xs[-1]  # a cancellation has no period: the plan ends when it was said
            if last > xs[-1]:
                axes.plot([xs[-1], last], [deadlines[-1]] * 2, color=colour, linestyle=":", linewidth=1.5)
            marker, marker_colour = MARKERS[plan.outcome]
            axes.plot([max(last, xs[-1])], [deadlines[-1]], linestyle="none", marker=marker, markersize=9,
                      color=marker_colour, markeredgecolor="black")
            ends.append((max(last, xs[-1]), deadlines[-1], number, colour))
            label = textwrap.fill(f"{number}  {plan.label}: {plan.outcome_text}", LABEL_WIDTH,
                                  subsequent_indent="     ", break_long_words=False, break_on_hyphens=False)
            plan_handles.append(Line2D([], [], color=colour, linewidth=1.5, label=label))
        axes.set_xlabel("when it was said")
        axes.set_ylabel("promised for (bar: the period, line: its end)")
        axes.grid(True, alpha=0.3)
        axes.margins(x=0.08, y=0.08)
        if title:
            axes.set_title(title)
        outcome_handles = [Line2D([], [], linestyle="none", marker=m, color=c, markeredgecolor="black", label=o)
                           for o, (m, c) in MARKERS.items()]
        chart.legend(handles=plan_handles, loc="outside lower left", fontsize=8, title="plan: outcome",
                     alignment="left")
        chart.legend(handles=outcome_handles, loc="outside right upper", fontsize=8, title="outcome")
        _tag_ends(chart, axes, ends)
    return chart


def _tag_ends(chart, axes, ends: list) -> None:
    """Each line's number beside its end marker; numbers that would touch are moved apart (a thin line
    then joins each to its marker)."""
    from matplotlib.dates import date2num

    chart.draw_without_rendering()  # lay the figure out first: the numbers go where the marks ended up
    per_point = chart.dpi / 72
    placed: list[tuple[float, float]] = []
    for x, y, number, colour in sorted(ends, key=lambda e: (-date2num(e[1]), date2num(e[0]))):
        px, py = axes.transData.transform((date2num(x), date2num(y)))
        tx, ty = px + 9 * per_point, py
        gap = TAG_GAP * per_point
        while any(abs(tx - ox) < 2 * gap - 0.5 and abs(ty - oy) < gap - 0.5 for ox, oy in placed):
            ty -= gap
        placed.append((tx, ty))
        tag = axes.annotate(str(number), (x, y), xytext=(9, (ty - py) / per_point), textcoords="offset points",
                            va="center", fontsize=8, fontweight="bold", color=colour,
                            arrowprops={"arrowstyle": "-", "color": colour, "linewidth": 0.6} if ty != py else None)
        tag.set_in_layout(False)
