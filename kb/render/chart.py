"""The schedule-slip chart of plans (kb.track): when each promise was made (x) against the period it
promised (y, a bar from the period's start to its end), one line per plan through its deadlines,
its outcome marked at its end. Written as SVG (labels stay text) or PNG, with matplotlib.

matplotlib is an optional extra (`pip install 'kb-claims[chart]'`) and is imported only here,
when a chart is drawn.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Sequence

from ..period import parse as parse_period
from ..track import Plan

FORMATS = ("svg", "png")
# How each outcome is marked at the end of its plan's line: marker, colour.
MARKERS = {"kept on time": ("o", "#1a7f37"), "kept late": ("o", "#bf8700"), "cancelled": ("X", "#cf222e"),
           "overdue": ("s", "#cf222e"), "pending": ("D", "#0969da")}


class ChartError(Exception):
    """The chart cannot be drawn (matplotlib is missing, nothing to draw)."""


def _said(step) -> date | None:
    return parse_period(step.said).start if step.said else None


def render(plans: Sequence[Plan], fmt: str, title: str = "") -> bytes:
    """The chart of plans as SVG or PNG bytes. Steps with no known said date or no period are left
    out of the lines; a plan with no such step is left out; ChartError when none is left."""
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError:
        raise ChartError("the chart needs matplotlib: pip install 'kb-claims[chart]'") from None
    drawn = [(plan, [s for s in plan.steps if _said(s) and s.period is not None
                     and (s.period.start or s.period.end)]) for plan in plans]
    drawn = [(plan, steps) for plan, steps in drawn if steps]
    if not drawn:
        raise ChartError("no plan has a promise with a known date and period to draw")
    rc = {"svg.fonttype": "none", "svg.hashsalt": "kb", "font.size": 9}
    with matplotlib.rc_context(rc):
        from matplotlib.lines import Line2D

        figure = Figure(figsize=(9, 4.6 + 0.35 * len(drawn)), dpi=100, layout="constrained")
        axes = figure.add_subplot()
        colours = matplotlib.colormaps["tab10"]
        for number, (plan, steps) in enumerate(drawn):
            colour = colours(number % 10)
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
            axes.plot(xs, deadlines, color=colour, marker="_", markersize=12, linewidth=1.5, label=plan.label)
            last = _said(plan.steps[-1]) or xs[-1]  # a cancellation has no period: the plan ends when it was said
            if last > xs[-1]:
                axes.plot([xs[-1], last], [deadlines[-1]] * 2, color=colour, linestyle=":", linewidth=1.5)
            marker, marker_colour = MARKERS[plan.outcome]
            axes.plot([max(last, xs[-1])], [deadlines[-1]], linestyle="none", marker=marker, markersize=9,
                      color=marker_colour, markeredgecolor="black")
            axes.annotate(f"{plan.label}: {plan.outcome_text}", (max(last, xs[-1]), deadlines[-1]), xytext=(8, 0),
                          textcoords="offset points", va="center", fontsize=8)
        axes.set_xlabel("when it was said")
        axes.set_ylabel("promised for (bar: the period, line: its end)")
        axes.grid(True, alpha=0.3)
        axes.margins(x=0.25, y=0.1)
        if title:
            axes.set_title(title)
        handles = [Line2D([], [], linestyle="none", marker=m, color=c, markeredgecolor="black", label=o)
                   for o, (m, c) in MARKERS.items()]
        first = axes.legend(loc="upper left", fontsize=8, title="plan")
        axes.add_artist(first)
        axes.legend(handles=handles, loc="lower right", fontsize=8, title="outcome")
        out = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {}
        figure.savefig(out, format=fmt, metadata=metadata)
    return out.getvalue()
