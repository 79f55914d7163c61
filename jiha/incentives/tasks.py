"""Background simulations (run by `jiha worker`; immediately in tests)."""

from __future__ import annotations

import json
import logging

from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from jiha.incentives import services
from jiha.incentives.models import SimulationJob
from jiha.incentives.simulator import Limits, SimulationIn, simulation_run
from jiha.lib.errors import AppError

logger = logging.getLogger(__name__)


@task()
def simulation_job_run(job_id: int) -> str:
    """Run a stored simulation request; the job records progress, then the result or why it
    failed — whatever goes wrong, it does not stay "running"."""
    job = SimulationJob.objects.get(pk=job_id)
    services.simulation_job_start(job=job)
    with translation.override(job.language):
        try:
            result = simulation_run(
                SimulationIn.model_validate(json.loads(job.request)),
                Limits.batch(),
                progress=lambda fraction: services.simulation_job_progress(
                    job=job, fraction=fraction
                ),
            )
            services.simulation_job_finish(job=job, result=result)
        except AppError as exc:  # the rules changed since it was checked (e.g. the years)
            services.simulation_job_fail(job=job, message=str(exc.message))
            return "failed"
        except Exception:
            logger.exception("Background simulation %s failed", job_id)
            services.simulation_job_fail(
                job=job, message=_("The simulation failed unexpectedly. It has been logged.")
            )
            return "failed"
    return "done"
