"""The funding chart: one bar per year, stacked by partnership, with a value axis and the
total written over each bar; as numbers an inline SVG template draws."""

from __future__ import annotations

from diarium.web.highlight import format_amount

COLOURS = ("#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b83280", "#4a5568", "#b7791f", "#2c7a7b")
LEFT, TOP, BOTTOM = 64, 22, 30  # room for the value axis, the totals over the bars and the year labels


def funding_chart(table: dict, *, width: int = 640, height: int = 240) -> dict:
    """Bars of each year's total (:func:`diarium.web.data.funding_table`), each partnership's
    share stacked in its colour; a value axis with round ticks in kronor. The chart widens
    with the years so that the totals over the bars keep apart."""
    years, lineages = table["years"], table["lineages"]
    width = max(width, LEFT + 76 * len(years))
    top = max((table["totals"].get(y, 0) for y in years), default=0)
    empty = {"bars": [], "labels": [], "ticks": [], "totals": [], "width": width, "height": height, "legend": [],
             "left": LEFT, "base": height - BOTTOM}
    if not years or top <= 0:
        return empty
    scale_top, ticks = _ticks(top)
    base, plot = height - BOTTOM, height - BOTTOM - TOP
    group = (width - LEFT) / len(years)
    bar = max(6.0, min(56.0, group * 0.6))
    bars, labels, totals = [], [], []
    for i, year in enumerate(years):
        x = LEFT + i * group + (group - bar) / 2
        centre = round(LEFT + i * group + group / 2, 1)
        labels.append({"x": centre, "y": height - 10, "text": _year_text(year)})
        y = base
        for j, lineage in enumerate(lineages):
            value = lineage["totals"].get(year, 0)
            if not value:
                continue
            h = plot * value / scale_top
            y -= h
            bars.append({"x": round(x, 1), "y": round(y, 1), "w": round(bar, 1), "h": round(h, 1),
                         "colour": COLOURS[j % len(COLOURS)],
                         "title": f"{lineage['name']} {_year_text(year)}: {format_amount(value)} kr"})
        total = table["totals"].get(year, 0)
        if total:
            totals.append({"x": centre, "y": round(y - 5, 1), "text": _short(total)})
    axis = [{"y": round(base - plot * t / scale_top, 1), "text": _short(t)} for t in ticks]
    legend = [{"name": l["name"], "colour": COLOURS[j % len(COLOURS)]} for j, l in enumerate(lineages)]
    return dict(empty, bars=bars, labels=labels, ticks=axis, totals=totals, legend=legend)


def _ticks(top: int) -> tuple[int, list[int]]:
    """A round top of the scale at or over ``top`` and four or five ticks up to it."""
    step = 1
    while top / step > 5:
        for factor in (2, 2.5, 2):  # 1, 2, 5, 10, 20, 50, ...
            step = int(step * factor)
            if top / step <= 5:
                break
    count = -(-top // step)
    return step * count, [step * k for k in range(count + 1)]


def _short(amount: int) -> str:
    """``1 720 000`` -> ``1,72 mnkr``; ``650 000`` -> ``650 tkr``; as Swedish reports write them."""
    if amount >= 1_000_000:
        text = f"{amount / 1_000_000:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") + " mnkr"
    if amount >= 1_000:
        text = f"{amount / 1_000:.1f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") + " tkr"
    return f"{amount} kr"


def _year_text(year) -> str:
    """``2023/2024`` -> ``2023/24`` (a split year, as budgets write it); calendar years as they are."""
    text = str(year)
    return f"{text[:4]}/{text[-2:]}" if "/" in text else text
