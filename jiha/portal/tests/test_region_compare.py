"""Two regions side by side (issue 15, §2): a GET link, census figures, key figures with
Morocco's and their source, and a clear message for a wrong choice."""

from __future__ import annotations

import pytest
from django.test import Client

from jiha.observatory.models import Dataset
from jiha.observatory.services import indicators_upsert, publish_rows

pytestmark = pytest.mark.usefixtures("reference")


def test_it_compares_two_regions_side_by_side_with_sources(client: Client) -> None:
    indicators_upsert()
    dataset = Dataset.objects.create(
        slug="literacy",
        title_fr="Alphabétisation",
        title_ar="محو الأمية",
        title_en="Literacy",
        publisher="t",
        licence="t",
        theme="t",
        confidence="official",
    )
    rows = {"MA": 60, "MA-01": 70, "MA-06": 55}
    publish_rows(
        dataset,
        [
            {"indicator": "french-literacy", "territory": t, "period": "2024", "value": v}
            for t, v in rows.items()
        ],
        "test",
    )
    response = client.get("/regions/compare/?a=MA-01&b=MA-06")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tanger-Tétouan-Al Hoceïma" in html
    assert "Casablanca-Settat" in html
    figures = html[html.index("data-compare-figures") :]
    row = figures[figures.index('data-indicator="french-literacy"') :]
    row = row[: row.index("</tr>")]
    assert ">70 <" in row
    assert ">55 <" in row
    assert ">60<" in row  # Morocco
    assert "/observatory/datasets/literacy/v1/" in row
    assert "data-sortable data-compare-figures" in html
    assert 'href="/regions/compare/?a=MA-01&amp;b=MA-06"' in html


def test_it_shows_the_form_alone_without_a_choice(client: Client) -> None:
    response = client.get("/regions/compare/?a=MA-03")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="MA-03" selected>' in html
    assert "data-compare-census" not in html


@pytest.mark.parametrize(
    "query",
    ["a=MA-99&b=MA-01", "a=MA-01&b=ma-06", "a=MA-01&b=MA-01", "a=<script>&b=MA-02"],
)
def test_it_refuses_a_wrong_choice_with_a_clear_message(client: Client, query: str) -> None:
    response = client.get(f"/regions/compare/?{query}")
    html = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in html
    assert 'aria-invalid="true"' in html
    assert "Traceback" not in html
    assert "<script>&" not in html


def test_it_reads_the_latest_values_once_for_both_regions(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jiha.observatory import selectors as observatory

    calls = []
    read = observatory.latest_values

    def counted(*args: object, **kwargs: object) -> observatory.LatestValues:
        calls.append(kwargs)
        return read(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(observatory, "latest_values", counted)
    assert client.get("/regions/compare/?a=MA-01&b=MA-06").status_code == 200
    assert calls == [{"national": True}]
