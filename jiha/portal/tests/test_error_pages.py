"""Error pages are branded, in the user's language, and never fail themselves."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("reference")


@pytest.fixture
def manifest_without_entries(settings: Any, tmp_path: Path) -> None:
    """Production's manifest storage, with a manifest that lacks every file the layout needs."""
    (tmp_path / "staticfiles.json").write_text(json.dumps({"version": "1.1", "paths": {}}))
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }


@pytest.mark.usefixtures("manifest_without_entries")
@pytest.mark.parametrize(("prefix", "lang"), [("", "fr"), ("/ar", "ar"), ("/en", "en")])
def test_a_404_stays_a_branded_404_when_the_static_manifest_misses_an_entry(
    prefix: str, lang: str
) -> None:
    response = Client(raise_request_exception=False).get(f"{prefix}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert "Jiha" in html and "404" in html


def test_the_404_page_is_the_full_layout_when_static_files_are_there(client: Client) -> None:
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "This page does not exist." in html
    assert "bootstrap.min.css" in html
