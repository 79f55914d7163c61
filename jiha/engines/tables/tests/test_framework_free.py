"""The tables engine stands alone: no Django, no django-ninja, no Jiha app."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[1]
FORBIDDEN = {"django", "ninja", "rules", "allauth", "django_tasks", "django_tasks_db"}


def imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def test_it_imports_neither_django_nor_the_jiha_apps() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(bad)
        for path in PACKAGE.rglob("*.py")
        if (
            bad := {
                module
                for module in imported_modules(path)
                if module.split(".")[0] in FORBIDDEN
                or (module.startswith("jiha.") and not module.startswith("jiha.engines."))
            }
        )
    }

    assert offenders == {}


def test_it_checks_real_files() -> None:
    assert len(list(PACKAGE.rglob("*.py"))) > 10
    assert "polars" in imported_modules(PACKAGE / "checks.py")
