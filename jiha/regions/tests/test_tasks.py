from __future__ import annotations

import pytest
from django_tasks import TaskResultStatus

from jiha.regions.models import Region
from jiha.regions.tasks import reference_refresh


@pytest.mark.django_db
def test_the_reference_refresh_task_loads_the_regions() -> None:
    result = reference_refresh.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert "12 regions" in str(result.return_value)
    assert Region.objects.count() == 12
