"""Statistical confidentiality of aggregated company figures (no Django here).

A published cell is the sum over companies of one figure in one region. A cell is withheld
(primary suppression) when fewer than ``min_contributors`` companies contribute, or when one
company makes more than ``dominance`` of it. Because the national total is published, a single
withheld region could be recovered as total − the others: then the smallest other cell is
withheld too (secondary suppression), so at least two cells are always hidden together. The
total itself is checked like a cell (over all companies).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

MIN_CONTRIBUTORS = 3
DOMINANCE = Decimal("0.85")


@dataclass(frozen=True)
class Cell:
    value: Decimal
    contributors: int
    suppressed: bool
    reason: str = ""  # "", "few-contributors", "dominance", "secondary"


def _primary(values: list[Decimal], min_contributors: int, dominance: Decimal) -> Cell:
    value = sum(values, Decimal(0))
    reason = ""
    if len(values) < min_contributors:
        reason = "few-contributors"
    elif value > 0 and max(values) > dominance * value:
        reason = "dominance"
    return Cell(value, len(values), bool(reason), reason)


def protect(
    contributions: Mapping[str, Mapping[str, Decimal]],
    *,
    min_contributors: int = MIN_CONTRIBUTORS,
    dominance: Decimal = DOMINANCE,
) -> tuple[dict[str, Cell], Cell]:
    """Cells per territory from ``contributions[territory][company] = value``, and the total.

    >>> cells, total = protect({
    ...     "MA-03": {"a": Decimal(5), "b": Decimal(5)},
    ...     "MA-06": {"a": Decimal(10), "c": Decimal(10), "d": Decimal(10)},
    ...     "MA-04": {"b": Decimal(4), "c": Decimal(4), "e": Decimal(4)},
    ... })
    >>> sorted((t, c.suppressed, c.reason) for t, c in cells.items())
    [('MA-03', True, 'few-contributors'), ('MA-04', True, 'secondary'), ('MA-06', False, '')]
    >>> total.value, total.suppressed
    (Decimal('52'), False)
    """
    cells = {
        territory: _primary([v for v in by_company.values() if v != 0], min_contributors, dominance)
        for territory, by_company in contributions.items()
    }
    suppressed = [t for t, c in cells.items() if c.suppressed]
    visible = sorted((c.value, t) for t, c in cells.items() if not c.suppressed)
    if len(suppressed) == 1 and visible:
        _, territory = visible[0]
        cell = cells[territory]
        cells[territory] = Cell(cell.value, cell.contributors, True, "secondary")
    national: dict[str, Decimal] = {}
    for by_company in contributions.values():
        for company, value in by_company.items():
            national[company] = national.get(company, Decimal(0)) + value
    total = _primary([v for v in national.values() if v != 0], min_contributors, dominance)
    return cells, total
