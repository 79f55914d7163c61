"""One answer to "how much will I get": what the simulator and the advisor assume, and the
link from an advisor's region to the simulator with exactly the advisor's inputs.

Both pages compute the incentives with the same service (``engine_io.simulate`` /
``simulate_sites``: one pass over the rules). They differ only by their inputs: the simulator
takes the salaries typed in (or, left empty, the observatory's regional salary of the
profile), the advisor always the observatory's regional salaries. Each figure they give
states where its salaries come from, its years and its park (ADR 0021); the advisor's link
to the simulator carries every input (ADR 0022), so the simulator gives the same total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jiha.incentives.engine_io import HireGroup
from jiha.observatory.selectors import LatestValues, latest_values, salary_indicator

TYPED, OBSERVATORY = "typed", "observatory"


@dataclass(frozen=True)
class SalarySource:
    """The observatory's regional salary of a profile, and where it comes from."""

    profile: str
    region: str
    amount: Decimal  # to the centime, as the simulator takes it
    dataset: str  # the dataset's slug
    title: str
    publisher: str
    version: int  # the dataset's version number (not the database id)
    period: str
    published: dt.date | None
    synthetic: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": OBSERVATORY,
            "profile": self.profile,
            "region": self.region,
            "amount": str(self.amount),
            "dataset": self.dataset,
            "title": self.title,
            "publisher": self.publisher,
            "version": self.version,
            "period": self.period,
            "published": self.published.isoformat() if self.published else None,
            "synthetic": self.synthetic,
        }


def salary_amount(value: float | Decimal) -> Decimal:
    """A salary as both pages pass it to the rules: rounded to the centime."""
    return Decimal(str(round(float(value), 2)))


def salary_sources(
    regions: Iterable[str] | None, profiles: Iterable[str], latest: LatestValues | None = None
) -> dict[tuple[str, str], SalarySource]:
    """The observatory's latest published salary of each profile in each region (all regions
    when ``regions`` is None), keyed by (region, profile); absent where none is published."""
    codes = {salary_indicator(p): p for p in profiles}
    latest = latest or latest_values(list(codes))
    wanted = None if regions is None else set(regions)
    found = {}
    for code, profile in codes.items():
        for region, cell in latest.cells.get(code, {}).items():
            if wanted is not None and region not in wanted:
                continue
            version = cell.version
            dataset = version.dataset
            published = version.published_at or version.created_at
            found[region, profile] = SalarySource(
                profile=profile,
                region=region,
                amount=salary_amount(cell.value),
                dataset=dataset.slug,
                title=dataset.title,
                publisher=dataset.publisher,
                version=version.number,
                period=cell.period,
                published=published.date() if published else None,
                synthetic=dataset.synthetic,
            )
    return found


def hire_groups(
    headcount: Mapping[str, int], salaries: Mapping[str, Decimal], start_year: int
) -> list[HireGroup]:
    """The hire groups of a project described by headcount per profile, all hired on
    1 January of ``start_year``, permanent and Moroccan (what the advisor assumes)."""
    start = dt.date(start_year, 1, 1)
    return [
        HireGroup(profile, salaries[profile], start, count=count)
        for profile, count in headcount.items()
        if count
    ]


def simulator_query(
    *,
    region: str,
    park: str,
    activity: str,
    headcount: Mapping[str, int],
    salaries: Mapping[str, Decimal],
    first_year: int,
    last_year: int,
) -> dict[str, str]:
    """The simulator's inputs (its query string) for exactly the project of
    :func:`hire_groups`: the same groups, salaries, dates, park and years."""
    query = {
        "region": region,
        "park": park,
        "activity": activity,
        "first_year": str(first_year),
        "last_year": str(last_year),
    }
    for i, group in enumerate(hire_groups(headcount, salaries, first_year)):
        query |= {
            f"g{i}_count": str(group.count),
            f"g{i}_profile": group.profile,
            f"g{i}_salary": str(group.gross_annual_salary),
            f"g{i}_hire_date": group.hire_date.isoformat(),
            f"g{i}_permanent": "on",
            f"g{i}_moroccan": "on",
        }
    return query
