"""Background work of documents and letters (run by `jiha worker`; immediately in tests)."""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _
from django_tasks import task

from jiha.incentives.documents import services

logger = logging.getLogger(__name__)


@task()
def document_scan_run(version_id: int) -> str:
    """Scan one document version; a failure is retried, then recorded — never left pending."""
    return services.document_scan(version_id=version_id)


@task()
def decision_letter_run(decision_id: int) -> str:
    """Write the letter of a final decision; a failure is recorded on the letter."""
    try:
        services.letter_generate(decision_id=decision_id)
    except Exception:
        logger.exception("The letter of decision %s could not be written", decision_id)
        services.letter_fail(
            decision_id=decision_id, message=_("The letter could not be written; it is logged.")
        )
        return "failed"
    return "ready"
