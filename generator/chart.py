"""The geometry of each decision's chart: the same split as its table.

By recipient where several parties are awarded money, else by claim where there are
several, else by kind of money. Computed here, at build time, so the page carries a
finished static SVG (markup in `templates/_chart.svg.j2`) that needs no JavaScript. Each
chart has its own scale: the largest bar spans the full width. The table beside it holds
the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from .derive import VerdictSummary

WIDTH = 360
"""The chart's viewBox width; it is drawn at most this wide and shrinks with the column."""

_PAD = 8
_LABEL = 18  # room for the label line above each bar
_BAR = 22
_GAP = 12
_AMOUNT = 104  # room right of the longest bar for its figure


@dataclass(frozen=True)
class Bar:
    kind: str
    """The bar's colour: `compensatory`, `punitive`, or `other`."""
    label: str
    amount_usd: int
    label_y: float
    x: float
    y: float
    width: float
    height: float
    amount_x: float
    amount_y: float


@dataclass(frozen=True)
class VerdictChart:
    id: str
    """Prefix of the ids inside the SVG (`<title>`, `<desc>`), unique on the page."""
    split: str
    """What the bars are: `recipient`, `claim` or `kind`."""
    width: int
    height: int
    bars: tuple[Bar, ...]


def chart_verdict(verdict: VerdictSummary) -> VerdictChart:
    """Lay out one horizontal bar per part of the split, scaled to the largest."""
    split = "recipient" if verdict.recipients else ("claim" if len(verdict.claims) > 1 else "kind")
    if split == "recipient":
        kinds = [("other", r.label, r.amount_usd) for r in verdict.recipients]
    elif split == "claim":
        kinds = [
            ("other", c.claim.name if c.claim else c.label, c.subtotal_usd) for c in verdict.claims
        ]
    else:
        kinds = [
            (
                k.label.split()[0].lower() if k.label.split()[0] in _COLOURED else "other",
                k.label,
                k.amount_usd,
            )
            for k in verdict.kinds
        ]
    longest = max(amount for _, _, amount in kinds) or 1
    span = WIDTH - 2 * _PAD - _AMOUNT
    bars = []
    for i, (kind, label, amount) in enumerate(kinds):
        top = _PAD + i * (_LABEL + _BAR + _GAP)
        width = round(span * amount / longest, 1)
        if amount and width < 2:
            width = 2.0  # a small award stays visible as a sliver
        bars.append(
            Bar(
                kind=kind,
                label=label,
                amount_usd=amount,
                label_y=top + 13,
                x=_PAD,
                y=top + _LABEL,
                width=width,
                height=_BAR,
                amount_x=_PAD + width + 6,
                amount_y=top + _LABEL + 16,
            )
        )
    height = 2 * _PAD + len(bars) * (_LABEL + _BAR) + (len(bars) - 1) * _GAP
    return VerdictChart(f"chart-{verdict.anchor}", split, WIDTH, height, tuple(bars))


_COLOURED = ("Compensatory", "Punitive")
