"""Background fact sheets (run by `jiha worker`; immediately in tests)."""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _
from django_tasks import task

from jiha.programme import services
from jiha.programme.factsheet import factsheet_render
from jiha.programme.models import FactSheet

logger = logging.getLogger(__name__)


@task()
def factsheet_generate(sheet_id: int) -> str:
    """Render one stored fact sheet request; it ends done or failed, never stays queued."""
    sheet = FactSheet.objects.select_related("region").get(pk=sheet_id)
    try:
        pdf, versions = factsheet_render(sheet.region.code, sheet.language)
    except Exception:
        logger.exception("Fact sheet %s failed", sheet_id)
        services.factsheet_fail(sheet=sheet, message=_("The fact sheet could not be generated."))
        return "failed"
    services.factsheet_finish(sheet=sheet, pdf=pdf, versions=versions)
    return "done"
