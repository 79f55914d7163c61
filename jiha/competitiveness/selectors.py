"""Reads: the latest edition and what its pages show."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jiha.competitiveness.models import IndexEdition
from jiha.lib.errors import NotFound
from jiha.lib.i18n import current_language
from jiha.observatory.selectors import indicator_names
from jiha.regions.selectors import region_names

PILLARS = ("talent", "cost", "incentives", "infrastructure", "ecosystem")


def edition_list() -> QuerySet[IndexEdition]:
    return IndexEdition.objects.order_by("-created_at", "-pk")


def latest_edition() -> IndexEdition | None:
    return edition_list().first()


def edition_get(pk: int) -> IndexEdition:
    """The edition ``pk``, or a NotFound error."""
    edition = IndexEdition.objects.filter(pk=pk).first()
    if edition is None:
        raise NotFound(_("There is no index edition %(id)s.") % {"id": pk}, code="unknown_edition")
    return edition


def labels(framework: dict[str, Any], codes: Iterable[str] | None = None) -> dict[str, str]:
    """The name of each code (all the framework's when None) in the active language: the
    framework's label, else the indicator's (one query, only when some code needs it)."""
    language = current_language()
    own = framework.get("labels", {})
    wanted = list(codes) if codes is not None else [n["code"] for n in framework["nodes"]]
    unlabelled = [code for code in wanted if code not in own]
    names = indicator_names(unlabelled) if unlabelled else {}
    return {
        code: str(own[code].get(language) or own[code].get("fr") or code)
        if code in own
        else names.get(code, code)
        for code in wanted
    }


def _row(record: dict[str, Any], interval: dict[str, Any], name: str) -> dict[str, Any]:
    """A region's line of an edition: score, rank and its interval, pillar scores and ranks."""
    return {
        "code": record["unit"],
        "name": name,
        "score": record["index"],
        "rank": record["index_rank"],
        "interval": interval,
        "pillars": [(p, record.get(p), record.get(f"{p}_rank")) for p in PILLARS],
    }


def _intervals(edition: IndexEdition) -> dict[str, dict[str, Any]]:
    return {r["unit"]: r for r in edition.uncertainty.get("records", [])}


def ranking(edition: IndexEdition) -> list[dict[str, Any]]:
    names, intervals = region_names(), _intervals(edition)
    rows = [
        _row(record, intervals.get(record["unit"], {}), names.get(record["unit"], record["unit"]))
        for record in edition.results["records"]
    ]
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


def region_standing(code: str) -> dict[str, Any] | None:
    """A region in the latest edition of the index: its score, rank with the interval of
    ranks over the alternative builds, and pillar scores (None before any edition)."""
    edition = latest_edition()
    records = edition.results["records"] if edition else []
    record = next((r for r in records if r["unit"] == code), None)
    if edition is None or record is None:
        return None
    row = _row(record, _intervals(edition).get(code, {}), code)
    names = labels(edition.framework, PILLARS)
    row["pillars"] = [(names[p], score, rank) for p, score, rank in row["pillars"]]
    return {**row, "edition": edition, "of": len(records)}


def disputes(edition: IndexEdition, names: dict[str, str]) -> dict[str, Any]:
    """What the methodology page shows a region disputing its rank, as stored with the
    edition when it was built (nothing is recomputed here). ``names`` are the codes' labels."""
    stored = edition.audit
    regions = region_names()
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


def validation(edition: IndexEdition, names: dict[str, str] | None = None) -> dict[str, Any]:
    """The edition's validation as stored when it was built (nothing is recomputed): the
    correlations, the outcome's name, where its figures come from, and, when there is none,
    why, in the user's language. ``names``: the codes' labels when the caller has them
    (one query fewer)."""
    stored = edition.validation or {"available": False, "reason": "not_computed"}
    language = current_language()
    code = stored.get("indicator")
    regions = region_names()
    reasons = {
        "not_computed": _("this edition was built before the validation existed"),
        "no_outcome": _("the framework names no outcome to validate against"),
        "no_data": _("the observatory has no regional figures of the outcome"),
        "too_few": _("fewer than three regions have both a score and the outcome"),
    }
    return {
        **stored,
        "label": (names or labels(edition.framework, [code])).get(code, code) if code else "",
        "datasets": [
            {**d, "title": d["title"].get(language) or d["title"].get("fr", "")}
            for d in stored.get("datasets", [])
        ],
        "zero_regions": [regions.get(u, u) for u in stored.get("zero_without_park", [])],
        "reason_text": reasons.get(stored.get("reason", ""), ""),
        "index_synthetic": edition.synthetic,
    }
