"""The chart of ``ivr when``: the expected minutes to a human, hour by hour, one line per
number, drawn by matplotlib (the optional extra ``ivr[chart]``), as SVG or PNG bytes."""

from __future__ import annotations

import io

from ivr.errors import InputError
from ivr.routing.when import Plan

CHART_FORMATS = ("svg", "png")


def when_chart(plan: Plan, format: str = "svg") -> bytes:  # noqa: A002  (the CLI's word)
    """SVG or PNG bytes of ``plan``: minutes to a human (route + queue) by hour, per number.

    InputError when matplotlib is not installed (``pip install 'ivr[chart]'``) or the format
    is not one of :data:`CHART_FORMATS`.
    """
    if format not in CHART_FORMATS:
        raise InputError(f"unknown chart format '{format}': one of {', '.join(CHART_FORMATS)}")
    try:
        import matplotlib  # noqa: PLC0415

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt  # noqa: PLC0415
    except ImportError as exc:
        raise InputError(
            "a chart needs matplotlib: pip install 'ivr[chart]' (the text table needs nothing)"
        ) from exc
    hours = list(range(len(plan.hours)))
    fig, ax = plt.subplots(figsize=(9, 4.5))
    try:
        for i, dial in enumerate(plan.numbers):
            minutes = []
            for h in plan.hours:
                route = dict(h.by_number).get(dial)
                if route is None or route.wait is None:
                    minutes.append(float("nan"))
                else:
                    minutes.append((route.seconds + route.wait) / 60)
            ax.plot(hours, minutes, marker="o", markersize=3, label=dial, zorder=2 + i)
        best = plan.best
        if best is not None and best.total is not None:
            ax.scatter([plan.hours.index(best)], [best.total / 60], s=120, facecolors="none",
                       edgecolors="black", zorder=10, label=plan.advice())  # fmt: skip
        ax.set_xticks(hours, [h.at for h in plan.hours], rotation=90, fontsize=7)
        ax.set_ylabel("minutes to a human (route + queue)")
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
        ax.set_title(", ".join(f"{k}={v}" for k, v in plan.caller.items()), fontsize=9)
        fig.tight_layout()
        out = io.BytesIO()
        metadata = {"Date": None} if format == "svg" else {}
        fig.savefig(out, format=format, metadata=metadata)
    finally:
        plt.close(fig)
    return out.getvalue()
