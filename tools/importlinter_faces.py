"""An import-linter contract: Jiha's apps meet only through each other's faces.

The layers contract says which app may import which; this one says *what* of another app a
module may import. An app's face is its ``selectors`` (reads), ``services`` (writes),
``engine_io`` (engine adapters) and ``demo`` (synthetic data for ``jiha demo``), plus its
``models`` — but another app's models only from one's own ``models`` (foreign keys) and
``migrations``. Two ground-floor apps are exceptions because every app carries their types:
``accounts`` (the user, roles, permissions and the staff decorator) and ``regions``
(territories as relations). ``config`` wires routers, URLs and views; nothing else imports
another app's views, API, forms, tasks, admin or templates. Tests may import anything.

Configured in pyproject.toml (``[tool.importlinter]``).
"""

from __future__ import annotations

from dataclasses import dataclass

from grimp import ImportGraph
from importlinter import Contract, ContractCheck, fields, output

FACES = {"selectors", "services", "engine_io", "demo"}
# Modules of these apps every other app may import (identity, permissions, territories).
SHARED = {
    "accounts": {"models", "permissions", "decorators"},
    "regions": {"models"},
}


@dataclass(frozen=True)
class Breach:
    importer: str
    imported: str
    line: int


def _app(module: str, root: str, apps: set[str]) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == root and parts[1] in apps else None


def allowed(importer: str, imported: str, importer_app: str, imported_app: str) -> bool:
    """May ``importer`` (in ``importer_app``) import ``imported`` (in another app)?"""
    parts = imported.split(".")
    face = parts[2] if len(parts) > 2 else ""
    own = importer.split(".")[2] if len(importer.split(".")) > 2 else ""
    if face in FACES or face in SHARED.get(imported_app, set()):
        return True
    return face == "models" and own in {"models", "migrations"}


class FacesContract(Contract):
    type_name = "faces"

    root = fields.StringField()
    apps = fields.ListField(subfield=fields.StringField())
    # Modules that assemble the whole site and may import anything (URLs, API routers).
    assemblers = fields.ListField(subfield=fields.StringField())

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        root = str(self.root)
        apps = {str(a) for a in self.apps}  # type: ignore[attr-defined]
        assemblers = tuple(str(a) for a in self.assemblers)  # type: ignore[attr-defined]
        breaches: list[Breach] = []
        for importer in sorted(graph.modules):
            importer_app = _app(importer, root, apps)
            if importer_app is None or importer.startswith(assemblers) or ".tests" in importer:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                imported_app = _app(imported, root, apps)
                if imported_app is None or imported_app == importer_app:
                    continue
                if allowed(importer, imported, importer_app, imported_app):
                    continue
                details = graph.get_import_details(importer=importer, imported=imported)
                line = details[0]["line_number"] if details else 0
                breaches.append(Breach(importer, imported, line))
        return ContractCheck(kept=not breaches, metadata={"breaches": breaches})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for breach in check.metadata["breaches"]:
            output.print_error(
                f"{breach.importer} -> {breach.imported} (l.{breach.line}): use that app's "
                "selectors, services or engine_io",
                bold=False,
            )
        output.new_line()
