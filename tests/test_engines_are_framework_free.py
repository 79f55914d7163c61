"""Engines and the legislation must not import Django, django-ninja or the Jiha apps."""

from __future__ import annotations

import ast
from pathlib import Path

import jiha

FORBIDDEN_ROOTS = {"django", "ninja", "rules", "allauth", "django_tasks", "django_tasks_db"}
APPS = {
    "accounts",
    "regions",
    "observatory",
    "competitiveness",
    "incentives",
    "talent",
    "programme",
    "portal",
    "config",
    "lib",
}
# The legislation (parameters, formulas, vocabulary) is read by the observatory as well as the
# incentives app: it sits on the ground floor with the engines.
FRAMEWORK_FREE = [Path(jiha.__file__).parent / name for name in ("engines", "legislation")]


def forbidden_imports(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] in FORBIDDEN_ROOTS or (
                parts[0] == "jiha" and len(parts) > 1 and parts[1] in APPS
            ):
                found.append(name)
    return found


def test_the_checker_catches_django_and_app_imports() -> None:
    source = "import django\nfrom django.db import models\nfrom jiha.regions import models\n"
    assert forbidden_imports(source) == ["django", "django.db", "jiha.regions"]
    assert forbidden_imports("import numpy\nfrom jiha.engines import rules\n") == []


def test_nothing_under_engines_or_the_legislation_imports_django_or_the_apps() -> None:
    offenders = {
        str(path): bad
        for root in FRAMEWORK_FREE
        for path in root.rglob("*.py")
        if (bad := forbidden_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
