"""Writes of the competitiveness app: building index editions."""

from __future__ import annotations

from django.db import transaction

from jiha.accounts.models import User
from jiha.competitiveness import engine_io
from jiha.competitiveness.models import IndexEdition
from jiha.engines.composite import CompositeError
from jiha.lib.errors import InvalidInput


@transaction.atomic
def edition_build(*, actor: User | None, framework_code: str = "regional-2026") -> IndexEdition:
    """Build an edition from the current dataset versions and freeze them."""
    framework = engine_io.load_framework(framework_code)
    inputs = engine_io.gather(framework)
    try:
        computed = engine_io.compute(framework, inputs.table)
    except CompositeError as exc:
        raise InvalidInput(str(exc), code="index_build_failed") from exc
    edition = IndexEdition.objects.create(
        framework_code=framework_code,
        framework=framework,
        inputs=inputs.table,
        legislation_version=inputs.legislation_version,
        synthetic=inputs.synthetic,
        created_by=actor,
        **computed,
    )
    edition.versions.set(inputs.versions)
    return edition


def edition_rebuild(edition: IndexEdition) -> dict[str, object]:
    """Recompute an edition from its frozen versions (nothing is saved)."""
    versions = list(edition.versions.values_list("pk", flat=True))
    inputs = engine_io.gather(edition.framework, versions)
    return {"inputs": inputs.table, **engine_io.compute(edition.framework, inputs.table)}
