"""How figures, dates and lists read on a page: shared by derive (sentences) and render."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .models import MONTHS


def usd(amount: int) -> str:
    """Whole dollars for tables: 2000000 -> `$2,000,000`."""
    return f"${amount:,}"


def usd_words(amount: int) -> str:
    """Whole dollars for prose: `$2 million`, `$2.02 million`, `$83.3 million`, `$280,000`.

    Never rounds: an amount that is not a whole number of ten-thousands is written in full.
    """
    for size, word in ((10**9, "billion"), (10**6, "million")):
        if amount >= size and amount % (size // 100) == 0:
            figure = Decimal(amount) / size
            return f"${figure.normalize():f} {word}"
    return usd(amount)


def long_date(day: date) -> str:
    """`2024-01-26` -> `January 26, 2024`."""
    return f"{MONTHS[day.month]} {day.day}, {day.year}"


def join_words(items: list[str], last: str = "and") -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"
