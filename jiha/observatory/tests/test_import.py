"""All-or-nothing imports, versions, anomaly warnings and publication."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from conftest import sign_in_with_totp
from jiha.accounts.models import User
from jiha.lib.errors import InvalidInput, PermissionDenied
from jiha.observatory import services
from jiha.observatory.models import Dataset, DatasetVersion, Observation
from jiha.observatory.selectors import current_observations, version_diff

GOOD = (
    b"indicator,territory,period,value,status\n"
    b"unemployment-rate-census,MA-03,2024,23.3,\n"
    b"unemployment-rate-census,MA-02,2024,30.4,provisional\n"
    b"population,03.061,2024,,confidential\n"
)


def _import(
    dataset: Dataset, data: bytes, actor: User | None = None, **kw: Any
) -> services.ImportOutcome:
    request = services.ImportRequest(
        dataset=dataset, source=data, file_name="x.csv", actor=actor, **kw
    )
    return services.dataset_import(request)


def test_a_clean_file_becomes_a_draft_version_with_its_hash(dataset: Dataset) -> None:
    outcome = _import(dataset, GOOD)
    version = outcome.version
    assert version is not None and version.status == DatasetVersion.Status.DRAFT
    assert version.row_count == 3 and len(version.sha256) == 64
    rows = Observation.objects.filter(version=version).order_by("territory")
    assert [(o.territory, o.level) for o in rows] == [
        ("03.061", "province"),
        ("MA-02", "region"),
        ("MA-03", "region"),
    ]
    assert rows[0].confidential and rows[0].value is None
    assert rows[1].provisional
    assert not current_observations().filter(version=version).exists()  # a draft is not public


def test_publishing_makes_it_current(dataset: Dataset) -> None:
    version = _import(dataset, GOOD).version
    assert version is not None
    services.version_publish(actor=None, version=version, acknowledged=False)
    dataset.refresh_from_db()
    assert dataset.current_version == version
    assert current_observations().filter(version=version).count() == 3


@pytest.mark.django_db(transaction=True)
def test_one_bad_row_in_100000_loads_nothing(dataset: Dataset) -> None:
    lines = ["indicator,territory,period,value"]
    lines += [  # 12 regions × 8,334 distinct months: every key is unique
        f"population,MA-{1 + i % 12:02d},{1900 + i // 144}-{1 + i // 12 % 12:02d},{i}"
        for i in range(100_000)
    ]
    lines[50_001] = "population,MA-99,2024,1"
    before = (DatasetVersion.objects.count(), Observation.objects.count())
    outcome = _import(dataset, "\n".join(lines).encode())
    assert outcome.version is None
    assert [(e.row, e.column, e.code) for e in outcome.report.errors] == [
        (50_002, "territory", "foreign-key")
    ]
    assert (DatasetVersion.objects.count(), Observation.objects.count()) == before


def test_decimal_commas_are_read_when_asked(dataset: Dataset) -> None:
    data = b"indicator;territory;period;value\nunemployment-rate-census;MA-03;2024;23,3\n"
    assert _import(dataset, data).version is None  # a decimal comma is an error by default
    version = _import(dataset, data, decimal_comma=True).version
    assert version is not None
    assert Observation.objects.get(version=version).value == Decimal("23.3")


def test_an_unusual_change_must_be_acknowledged_before_publishing(dataset: Dataset) -> None:
    first = _import(
        dataset,
        b"indicator,territory,period,value\npopulation,MA-03,2023,100\n"
        b"population,MA-03,2022,98\npopulation,MA-04,2022,50\npopulation,MA-04,2023,51\n",
    )
    assert first.version is not None
    services.version_publish(actor=None, version=first.version, acknowledged=False)
    second = _import(dataset, b"indicator,territory,period,value\npopulation,MA-03,2024,400\n")
    assert second.version is not None and second.warnings
    assert second.warnings[0]["territory"] == "MA-03" and second.warnings[0]["change"] == 300.0
    with pytest.raises(InvalidInput):
        services.version_publish(actor=None, version=second.version, acknowledged=False)
    assert DatasetVersion.objects.get(pk=second.version.pk).status == "draft"
    services.version_publish(
        actor=None, version=second.version, acknowledged=True, removals_acknowledged=True
    )
    assert version_diff(second.version)["removed"] == 4


def test_an_applicant_cannot_load_into_a_dataset(dataset: Dataset, applicant: User) -> None:
    with pytest.raises(PermissionDenied):
        _import(dataset, GOOD, actor=applicant)
    assert not DatasetVersion.objects.exists()


def test_a_regional_officer_loads_into_its_region_s_dataset(
    dataset: Dataset, officer: User, other_applicant: User
) -> None:
    dataset.owner = officer.memberships.get().organisation
    dataset.save()
    assert _import(dataset, GOOD, actor=officer).version is not None


def test_the_fast_path_is_used_on_postgresql(dataset: Dataset) -> None:
    # Same result on both databases; on PostgreSQL the rows went through COPY.
    version = _import(dataset, GOOD).version
    assert Observation.objects.filter(version=version).count() == 3
    assert connection.vendor in ("sqlite", "postgresql")


def test_a_large_upload_is_loaded_in_the_background_with_progress(
    client: object, dataset: Dataset, make_member: object, settings: object
) -> None:
    import io

    from jiha.accounts.models import OrganisationKind, Role
    from jiha.observatory.models import ImportJob

    settings.JIHA_IMPORT_ASYNC_BYTES = 10  # type: ignore[attr-defined]
    analyst = make_member("an@prog.example", OrganisationKind.PROGRAMME_OFFICE, Role.ANALYST)  # type: ignore[operator]
    sign_in_with_totp(client, analyst)  # type: ignore[arg-type]
    upload = io.BytesIO(GOOD)
    upload.name = "big.csv"
    response = client.post("/en/observatory/datasets/fes-labour/upload/", {"file": upload})  # type: ignore[attr-defined]
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/import-jobs/{job.pk}/")
    assert job.status == ImportJob.Status.DONE and job.progress == 1.0
    assert job.version is not None and job.version.row_count == 3
    page = client.get(f"/en/observatory/import-jobs/{job.pk}/")  # type: ignore[attr-defined]
    assert b"Review and publish" in page.content


def test_a_refused_background_import_keeps_the_error_report(
    client: object, dataset: Dataset, make_member: object, settings: object
) -> None:
    import io

    from jiha.accounts.models import OrganisationKind, Role
    from jiha.observatory.models import ImportJob

    settings.JIHA_IMPORT_ASYNC_BYTES = 10  # type: ignore[attr-defined]
    analyst = make_member("an@prog.example", OrganisationKind.PROGRAMME_OFFICE, Role.ANALYST)  # type: ignore[operator]
    sign_in_with_totp(client, analyst)  # type: ignore[arg-type]
    upload = io.BytesIO(b"indicator,territory,period,value\npopulation,MA-99,2024,1\n")
    upload.name = "big.csv"
    client.post("/en/observatory/datasets/fes-labour/upload/", {"file": upload})  # type: ignore[attr-defined]
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED and job.error_count == 1
    errors = client.get(f"/en/observatory/import-jobs/{job.pk}/errors.csv")  # type: ignore[attr-defined]
    assert b"MA-99" in errors.content
    assert not DatasetVersion.objects.exists()


def test_the_cli_loads_a_file_and_reports_errors(dataset: Dataset, tmp_path: object) -> None:
    import json as jsonlib
    from pathlib import Path

    from django.core.management import CommandError, call_command

    folder = Path(str(tmp_path))
    good, bad = folder / "good.csv", folder / "bad.csv"
    good.write_bytes(GOOD)
    bad.write_bytes(b"indicator,territory,period,value\npopulation,MA-99,2024,1\n")
    call_command("import_dataset", str(good), dataset="fes-labour", publish=True)
    dataset.refresh_from_db()
    assert dataset.current_version is not None and dataset.current_version.row_count == 3
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command(
            "import_dataset", str(bad), dataset="fes-labour", errors_csv=str(folder / "errors.csv")
        )
    assert b"MA-99" in (folder / "errors.csv").read_bytes()
    strict = {
        **services.observations_schema(),
        "fields": [
            *services.observations_schema()["fields"][:3],
            {"name": "value", "type": "number", "constraints": {"maximum": 10}},
            services.observations_schema()["fields"][4],
        ],
    }
    (folder / "strict.json").write_text(jsonlib.dumps(strict))
    with pytest.raises(CommandError):
        call_command(
            "import_dataset", str(good), dataset="fes-labour", schema=str(folder / "strict.json")
        )
    assert DatasetVersion.objects.count() == 1


def test_withdrawing_falls_back_to_the_previous_version(
    client: object, dataset: Dataset, make_member: object
) -> None:
    from jiha.accounts.models import OrganisationKind, Role

    first = _import(dataset, GOOD).version
    second = _import(dataset, GOOD.replace(b"23.3", b"24.1")).version
    assert first is not None and second is not None
    services.version_publish(actor=None, version=first, acknowledged=True)
    services.version_publish(actor=None, version=second, acknowledged=True)
    analyst = make_member("w@prog.example", OrganisationKind.PROGRAMME_OFFICE, Role.ANALYST)  # type: ignore[operator]
    sign_in_with_totp(client, analyst)  # type: ignore[arg-type]
    response = client.post(f"/en/observatory/datasets/fes-labour/v{second.number}/withdraw/")  # type: ignore[attr-defined]
    assert response.status_code == 302
    dataset.refresh_from_db()
    assert dataset.current_version == first
    assert DatasetVersion.objects.get(pk=second.pk).status == "withdrawn"
    with pytest.raises(InvalidInput):  # a second withdrawal changes nothing
        services.version_withdraw(actor=None, version=second)
    dataset.refresh_from_db()
    assert dataset.current_version == first


def test_an_applicant_cannot_withdraw(client: object, dataset: Dataset, applicant: User) -> None:
    version = _import(dataset, GOOD).version
    assert version is not None
    services.version_publish(actor=None, version=version, acknowledged=False)
    client.force_login(applicant)  # type: ignore[attr-defined]
    response = client.post(f"/en/observatory/datasets/fes-labour/v{version.number}/withdraw/")  # type: ignore[attr-defined]
    assert response.status_code == 403
    assert DatasetVersion.objects.get(pk=version.pk).status == "published"
