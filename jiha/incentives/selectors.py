"""Reads for incentives: the parameter browser, background simulations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from jiha.accounts.models import User
from jiha.engines.rules import DatedValue, Parameter
from jiha.incentives.engine_io import current_legislation
from jiha.incentives.models import SimulationJob
from jiha.incentives.simulator import Limits
from jiha.lib.errors import NotFound


@dataclass(frozen=True)
class ParameterRow:
    parameter: Parameter
    current: DatedValue | None

    @property
    def group(self) -> str:
        return self.parameter.name.split(".")[0]


def parameter_rows(on: dt.date | None = None) -> list[ParameterRow]:
    day = on or timezone.localdate()
    return [ParameterRow(p, p.at(day)) for p in current_legislation().parameters]


def parameter_get(name: str) -> Parameter:
    try:
        return current_legislation().parameters.parameters[name]
    except KeyError:
        raise NotFound(
            _("There is no legal parameter %(name)s.") % {"name": name[:100]},
            code="unknown_parameter",
        ) from None


def synchronous_limits() -> Limits:
    """The most a simulation answered at once may ask for (the simulator, its API, the
    advisor): employees, training rows, years."""
    return Limits.synchronous()


def simulation_job_get(*, owner: User, job_id: int) -> SimulationJob:
    """The owner's background simulation; another user's is "not found", as if it did not
    exist."""
    job = SimulationJob.objects.filter(pk=job_id, owner=owner).first()
    if job is None:
        raise NotFound(code="unknown_simulation")
    return job


# The incentive procedure's reads live in their own module; other apps read them here.
from jiha.incentives.dossiers.selectors import (  # noqa: E402
    Deadline,
    QueueFilters,
    dossier_deadline,
    dossier_get,
    dossier_history,
    dossiers_of,
    region_dossier_counts,
    review_queue,
    reviewer_groups,
    reviewers,
    scheme_get,
    scheme_list,
)

__all__ = [
    "Deadline",
    "QueueFilters",
    "dossier_deadline",
    "dossier_get",
    "dossier_history",
    "dossiers_of",
    "parameter_get",
    "parameter_rows",
    "region_dossier_counts",
    "review_queue",
    "reviewer_groups",
    "reviewers",
    "scheme_get",
    "scheme_list",
    "simulation_job_get",
    "synchronous_limits",
]
