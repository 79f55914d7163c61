"""The schemes catalogue: ``schemes.yaml`` (data, not code) into ``Scheme`` rows.

``scheme_rows`` reads and checks the file; ``catalogue_sync`` writes it into a ``Scheme`` model
(the current one, or a migration's historical one) by code, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

FILE = Path(__file__).parent / "schemes.yaml"
FIELDS = (
    "labels",
    "eligibility",
    "legal_basis",
    "required_documents",
    "variables",
    "data_kind",
    "filing_opens",
    "filing_closes",
    "decision_days",
    "decision_days_reference",
    "position",
)
DATA_KINDS = {"trainings", "hires", "investment", "employees"}


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def scheme_rows(path: Path = FILE) -> list[dict[str, Any]]:
    """The schemes of the file, checked: a code, labels in French, a known kind of data, a
    legal basis whose every text has its source, date and confidence."""
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out = []
    for row in rows:
        code = row.get("code")
        if not code or "fr" not in row.get("labels", {}):
            raise ValueError(f"{path.name}: every scheme needs a code and a French label.")
        if row.get("data_kind") not in DATA_KINDS:
            raise ValueError(f"{path.name}: scheme {code} has data_kind outside {DATA_KINDS}.")
        for basis in row.get("legal_basis", []):
            missing = {"reference", "source", "date", "confidence"} - set(basis)
            if missing:
                raise ValueError(f"{path.name}: scheme {code} legal basis lacks {missing}.")
        documents = row.get("required_documents", [])
        confidence = row.get("required_documents_confidence", "to_confirm")
        values = {name: row.get(name) for name in FIELDS}
        values["required_documents"] = {"confidence": confidence, "items": documents}
        values["filing_opens"] = _date(values["filing_opens"])
        values["filing_closes"] = _date(values["filing_closes"])
        values["variables"] = list(values["variables"] or [])
        values["position"] = values["position"] or 0
        values["decision_days_reference"] = values["decision_days_reference"] or ""
        out.append({"code": code, **values})
    return out


def catalogue_sync(scheme_model: Any, path: Path = FILE) -> int:
    """Create or update each scheme of the file (by code); returns how many."""
    rows = scheme_rows(path)
    for row in rows:
        values = dict(row)
        code = values.pop("code")
        scheme_model.objects.update_or_create(code=code, defaults=values)
    return len(rows)
