"""Reads: the latest edition and what its pages show."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jiha.competitiveness.models import IndexEdition
from jiha.observatory.models import Indicator
from jiha.regions.models import Region

PILLARS = ("talent", "cost", "incentives", "infrastructure", "ecosystem")


def latest_edition() -> IndexEdition | None:
    return IndexEdition.objects.order_by("-created_at", "-pk").first()


def labels(framework: dict[str, Any]) -> dict[str, str]:
    """Every code's name in the active language: the framework's labels, else the indicator's
    (one query for the whole framework)."""
    language = (get_language() or "fr")[:2]
    codes = [node["code"] for node in framework["nodes"]]
    names = {i.code: i.name for i in Indicator.objects.filter(code__in=codes)}
    out = {}
    for code in codes:
        own = framework.get("labels", {}).get(code)
        out[code] = (
            str(own.get(language) or own.get("fr") or code) if own else names.get(code, code)
        )
    return out


def ranking(edition: IndexEdition) -> list[dict[str, Any]]:
    names = {r.code: r.name for r in Region.objects.all()}
    intervals = {r["unit"]: r for r in edition.uncertainty.get("records", [])}
    rows = []
    for record in edition.results["records"]:
        unit = record["unit"]
        rows.append(
            {
                "code": unit,
                "name": names.get(unit, unit),
                "score": record["index"],
                "rank": record["index_rank"],
                "interval": intervals.get(unit, {}),
                "pillars": [(p, record.get(p), record.get(f"{p}_rank")) for p in PILLARS],
            }
        )
    return sorted(rows, key=lambda r: (r["rank"] is None, r["rank"]))


def scorecard(edition: IndexEdition, unit: str) -> dict[str, Any]:
    """Pillar scores and the region's strongest and weakest indicators (normalised scores)."""
    record = next(r for r in edition.results["records"] if r["unit"] == unit)
    indicators = [n["code"] for n in edition.framework["nodes"] if n["level"] == 1]
    scored = sorted(
        (
            (code, record.get(code), record.get(f"{code}_rank"))
            for code in indicators
            if record.get(code) is not None
        ),
        key=lambda item: item[1],
        reverse=True,
    )
    names = labels(edition.framework)
    named = [(names[c], s, r) for c, s, r in scored]
    return {
        "record": record,
        "strengths": named[:3],
        "weaknesses": named[-3:][::-1],
        "pillars": [(names[p], record.get(p), record.get(f"{p}_rank")) for p in PILLARS],
    }


def disputes(edition: IndexEdition, names: dict[str, str]) -> dict[str, Any]:
    """What the methodology page shows a region disputing its rank, as stored with the
    edition when it was built (nothing is recomputed here). ``names`` are the codes' labels."""
    stored = edition.audit
    regions = {r.code: r.name for r in Region.objects.all()}
    order = [
        record["unit"]
        for record in sorted(
            edition.results["records"],
            key=lambda r: (r["index_rank"] is None, r["index_rank"] or 0),
        )
    ]
    return {
        "constant": [names.get(code, code) for code in stored.get("constant", [])],
        "effective": [
            {
                "label": names.get(node["code"], node["code"]),
                "level": node["level"],
                "percent": _percent(stored["effective_weights"].get(node["code"])),
            }
            for node in edition.framework["nodes"]
            if node["level"] < 3 and "effective_weights" in stored
        ],
        "outliers": [
            {
                **row,
                "label": names.get(row["code"], row["code"]),
                "treatment": treatment_label(row["treatment"]),
                "low": [regions.get(u, u) for u in row["low"]],
                "high": [regions.get(u, u) for u in row["high"]],
            }
            for row in stored.get("outliers", [])
        ],
        "regions": [(unit, regions.get(unit, unit)) for unit in order],
        "removal": [
            {
                "label": names.get(row["code"], row["code"]),
                "mean": row["mean_abs_shift"],
                "shifts": [_shift(row["shifts"].get(unit)) for unit in order],
            }
            for row in stored.get("removal", [])
        ],
    }


def _percent(share: float | None) -> float | None:
    return None if share is None else 100 * share


def _shift(change: float | None) -> dict[str, int] | None:
    """A rank change and its size (the sign is drawn by the template)."""
    return None if change is None else {"value": int(change), "size": abs(int(change))}


def treatment_label(treatment: str) -> str:
    """The engine's treatment code (``none``, ``log``, ``winsorised 2``, ``boxcox 0.5``, or a
    framework's method name) in the user's language."""
    method, _space, detail = treatment.partition(" ")
    if method in ("winsorised", "winsorise"):
        if detail:
            return _("winsorised (%(points)s points)") % {"points": detail}
        return _("winsorised")
    if method == "boxcox":
        return _("Box-Cox (λ = %(lam)s)") % {"lam": detail} if detail else _("Box-Cox")
    labels = {"none": _("none"), "log": _("logarithm")}
    return labels.get(method, treatment)
