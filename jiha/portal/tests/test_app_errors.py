"""One place turns an application error into a page: a view lets a service's refusal through
and the portal's middleware answers with the branded error page, in the user's language; a
view that shows the refusal in its form goes through lib.forms.run_on_form."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.test import Client

import jiha
from conftest import force_login_confirmed
from jiha.accounts.models import User
from jiha.competitiveness.models import IndexEdition
from jiha.observatory import services as observatory
from jiha.observatory.models import Dataset, DatasetVersion
from jiha.regions.models import Confidence

ROOT = Path(jiha.__file__).parent
CSV = b"indicator,territory,period,value\npopulation,MA-03,2024,4467911\n"


@pytest.fixture
def draft(reference: None) -> DatasetVersion:
    observatory.indicators_upsert()
    dataset = Dataset.objects.create(
        slug="labour",
        title_fr="Emploi",
        title_ar="الشغل",
        title_en="Labour",
        publisher="x",
        licence="x",
        theme="labour",
        confidence=Confidence.OFFICIAL,
    )
    request = observatory.ImportRequest(dataset=dataset, source=CSV, file_name="v.csv")
    version = observatory.dataset_import(request).version
    assert version is not None
    return version


def test_a_refusal_a_view_lets_through_is_the_branded_page_in_the_user_s_language(
    client: Client, analyst: User, draft: DatasetVersion
) -> None:
    force_login_confirmed(client, analyst)
    english = client.post("/en/observatory/datasets/labour/v1/withdraw/")
    arabic = client.post("/ar/observatory/datasets/labour/v1/withdraw/")
    assert english.status_code == arabic.status_code == 422
    assert "Only a published version can be withdrawn." in english.content.decode()
    assert '<html lang="ar" dir="rtl">' in arabic.content.decode()
    assert "Traceback" not in english.content.decode()
    assert draft.__class__.objects.get(pk=draft.pk).status == DatasetVersion.Status.DRAFT


def test_an_unknown_parameter_is_a_404_page_that_names_it(client: Client, reference: None) -> None:
    response = client.get("/en/incentives/parameters/no.such.thing/")
    assert response.status_code == 404
    assert "There is no legal parameter no.such.thing." in response.content.decode()


def test_a_failed_build_says_why_and_builds_nothing(
    client: Client, analyst: User, reference: None
) -> None:
    force_login_confirmed(client, analyst)
    response = client.post("/en/competitiveness/editions/build/")
    assert response.status_code == 422
    assert "higher-education-share" in response.content.decode()  # the indicator missing
    assert not IndexEdition.objects.exists()


def test_a_refused_publication_shows_the_reason_on_the_version_page(
    client: Client, analyst: User, draft: DatasetVersion
) -> None:
    observatory.version_publish(actor=None, version=draft, acknowledged=True)
    force_login_confirmed(client, analyst)
    response = client.post("/en/observatory/datasets/labour/v1/publish/")
    html = response.content.decode()
    assert response.status_code == 422
    assert "data-refusal" in html and "Only a draft can be published." in html
    assert "<h1" in html and "labour" in html  # the version's page, not an error page


def _catches_app_error(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            names = {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)}
            if "AppError" in names:
                return True
    return False


def test_no_view_catches_an_application_error_itself() -> None:
    views = [p for p in ROOT.rglob("*.py") if p.stem.endswith("views") or p.stem == "api"]
    assert len(views) >= 8
    assert [str(p.relative_to(ROOT)) for p in views if _catches_app_error(p)] == []
