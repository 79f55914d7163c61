"""The matching engine imports neither Django, django-ninja nor any Jiha app."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1]
FORBIDDEN = {"django", "ninja", "rules", "allauth", "django_tasks", "django_tasks_db"}


def imported_modules(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.name)
def test_it_imports_nothing_from_django_or_the_apps(path: Path) -> None:
    for name in imported_modules(path):
        parts = name.split(".")
        assert parts[0] not in FORBIDDEN, f"{path.name} imports {name}"
        if parts[0] == "jiha":
            assert parts[1:2] == ["engines"], f"{path.name} imports {name}"
