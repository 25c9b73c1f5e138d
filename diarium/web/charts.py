"""A small bar chart of funding per year, as numbers an inline SVG template draws."""

from __future__ import annotations

from diarium.web.highlight import format_amount

COLOURS = ("#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b83280", "#718096")


def funding_chart(table: dict, *, width: int = 640, height: int = 200) -> dict:
    """Bars of the yearly amount of each lineage (payers other than ``total`` summed)."""
    years, lineages = table["years"], table["lineages"]
    totals = [[_year_sum(l["payers"], year) for l in lineages] for year in years]
    top = max((v for row in totals for v in row), default=0)
    if not years or top <= 0:
        return {"bars": [], "labels": [], "width": width, "height": height, "legend": []}
    plot = height - 30
    group = width / len(years)
    bar = max(4.0, min(40.0, (group - 12) / max(1, len(lineages))))
    bars, labels = [], []
    for i, year in enumerate(years):
        x0 = i * group + (group - bar * len(lineages)) / 2
        labels.append({"x": round(i * group + group / 2, 1), "y": height - 8, "text": str(year)})
        for j, value in enumerate(totals[i]):
            h = round(plot * value / top, 1)
            bars.append({"x": round(x0 + j * bar, 1), "y": round(plot - h + 4, 1), "w": round(bar - 2, 1), "h": h,
                         "colour": COLOURS[j % len(COLOURS)],
                         "title": f"{lineages[j]['lineage']} {year}: {format_amount(value)} kr"})
    legend = [{"name": l["lineage"], "colour": COLOURS[j % len(COLOURS)]} for j, l in enumerate(lineages)]
    return {"bars": bars, "labels": labels, "width": width, "height": height, "legend": legend}


def _year_sum(payers: dict, year) -> int:
    """What the payers together give in a year; a partnership's stated ``total`` when only it is known."""
    named = sum(years.get(year, 0) for payer, years in payers.items() if payer != "total")
    return named or payers.get("total", {}).get(year, 0)
