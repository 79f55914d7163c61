"""Pages: ranking with uncertainty, scorecards, weights, methodology, downloads, advisor."""

from __future__ import annotations

import csv
import io
import math
import time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiha.accounts.permissions import is_programme_analyst
from jiha.competitiveness import engine_io, selectors, services
from jiha.competitiveness.models import IndexEdition
from jiha.lib.i18n import current_language
from jiha.regions.models import Region
from jiha.regions.selectors import region_names


def _edition_or_404() -> IndexEdition:
    edition = selectors.latest_edition()
    if edition is None:
        raise Http404(_("No index edition has been built yet."))
    return edition


def ranking(request: HttpRequest) -> HttpResponse:
    edition = selectors.latest_edition()
    if edition is None:
        return render(
            request, "competitiveness/empty.html", {"can_build": is_programme_analyst(request.user)}
        )
    rows = selectors.ranking(edition)
    names = selectors.labels(edition.framework)
    pillars = [(p, names[p]) for p in selectors.PILLARS]
    sensitivity = edition.sensitivity.get("records", [])
    title = edition.framework.get("title", {})
    sobol_names = {
        "weights": _("weights"),
        "normalisation": _("normalisation"),
        "aggregation": _("aggregation"),
        "imputation": _("imputation"),
    }
    # One map of the index and of each pillar: a <select> picks the measure the map colours.
    measures = [("index", _("Index")), *pillars]
    map_rows = [
        {
            "code": row["code"],
            "name": row["name"],
            "url": reverse("competitiveness:scorecard", kwargs={"code": row["code"]}),
            "values": {"index": row["score"], **{p: score for p, score, _rank in row["pillars"]}},
        }
        for row in rows
    ]
    context = {
        "edition": edition,
        "title": title.get(current_language()) or title.get("fr", ""),
        "rows": rows,
        "pillars": pillars,
        "measures": measures,
        "map_rows": map_rows,
        "sensitivity": [{**s, "label": sobol_names.get(s["name"], s["name"])} for s in sensitivity],
        "can_build": is_programme_analyst(request.user),
        "versions": edition.versions.select_related("dataset"),
    }
    return render(request, "competitiveness/ranking.html", context)


def region_scorecard(request: HttpRequest, code: str) -> HttpResponse:
    edition = _edition_or_404()
    region = get_object_or_404(Region, code=code)
    try:
        card = selectors.scorecard(edition, code)
    except StopIteration as exc:
        raise Http404 from exc
    return render(
        request, "competitiveness/scorecard.html", {"edition": edition, "region": region, **card}
    )


def weights(request: HttpRequest) -> HttpResponse:
    """Adjust the pillar weights; the server recomputes the ranking (htmx, or a plain form)."""
    edition = _edition_or_404()
    chosen: dict[str, float] = {}
    for pillar in selectors.PILLARS:
        try:
            value = float(request.POST.get(pillar, request.GET.get(pillar, 1)))
        except ValueError:
            value = 1.0
        # "nan" and "inf" parse as floats: a weight the engine cannot use falls back to 1.
        chosen[pillar] = min(max(value, 0.0), 5.0) if math.isfinite(value) else 1.0
    started = time.perf_counter()
    if sum(chosen.values()) == 0:
        result_rows: list[dict[str, Any]] = []
        messages.warning(request, _("Give at least one pillar a weight above zero."))
    else:
        result = engine_io.reweight(edition.framework, edition.units, edition.inputs, chosen)
        names = region_names()
        result_rows = sorted(
            (
                {"code": u, "name": names.get(u, u), "score": float(s), "rank": float(r)}
                for u, s, r in zip(
                    result.units, result.index_scores, result.index_ranks, strict=True
                )
            ),
            key=lambda row: row["rank"],
        )
    elapsed_ms = (time.perf_counter() - started) * 1000
    names = selectors.labels(edition.framework)
    pillars = [(p, names[p], chosen[p]) for p in selectors.PILLARS]
    context = {
        "edition": edition,
        "rows": result_rows,
        "pillars": pillars,
        "elapsed_ms": elapsed_ms,
    }
    template = (
        "competitiveness/includes/weighted_ranking.html"
        if request.headers.get("HX-Request")
        else "competitiveness/weights.html"
    )
    return render(request, template, context)


def methodology(request: HttpRequest) -> HttpResponse:
    edition = selectors.latest_edition()
    framework = edition.framework if edition else engine_io.load_framework("regional-2026")
    outcome = framework.get("validation", {}).get("indicator")
    codes = [node["code"] for node in framework["nodes"]]
    names = selectors.labels(framework, [*codes, outcome] if outcome else codes)
    language = current_language()
    nodes = [
        {
            **node,
            "label": names[node["code"]],
            "why": _text_in(node.get("justification"), language),
            "own_normalisation": _method_name(node.get("normalisation")),
            "own_treatment": selectors.treatment_label(_method_name(node.get("treatment")))
            if node.get("treatment")
            else "",
        }
        for node in framework["nodes"]
    ]
    context = {
        "framework": framework,
        "nodes": nodes,
        "edition": edition,
        "pillars": [n for n in nodes if n["level"] == 2],
        "pillar_why": _shared_text([n["why"] for n in nodes if n["level"] == 2]),
        "versions": edition.versions.select_related("dataset") if edition else [],
        "disputes": selectors.disputes(edition, names) if edition else None,
        "validation": selectors.validation(edition, names) if edition else None,
    }
    return render(request, "competitiveness/methodology.html", context)


def _shared_text(texts: list[str]) -> str:
    """The one text every pillar gives (shown once), else nothing (each pillar shows its own)."""
    return texts[0] if texts and len(set(texts)) == 1 else ""


def _text_in(texts: object, language: str) -> str:
    """A framework text in ``language`` (French when missing)."""
    if not isinstance(texts, dict):
        return ""
    return str(texts.get(language) or texts.get("fr") or "")


def _method_name(setting: object) -> str:
    """A framework method as written: a name, or the ``method`` of its mapping."""
    if isinstance(setting, dict):
        return str(setting.get("method", ""))
    return str(setting or "")


DOWNLOAD_PARTS = {
    "results": None,  # columns from the framework, see below
    "inputs": None,
    "uncertainty": ["unit", "nominal", "median", "low", "high"],
    "sensitivity": ["name", "first_order", "first_order_conf", "total", "total_conf"],
}


def _download_rows(edition: IndexEdition, part: str) -> tuple[list[str], list[dict[str, Any]]]:
    if part == "results":
        # Column order from the framework: PostgreSQL's JSONB does not keep the keys' order.
        codes = edition.results["codes"]
        return ["unit", *codes, *(f"{c}_rank" for c in codes)], edition.results["records"]
    if part == "inputs":
        codes = [n["code"] for n in edition.framework["nodes"] if n["level"] == 1]
        rows = [
            {"unit": unit, **{c: edition.inputs[c][i] for c in codes}}
            for i, unit in enumerate(edition.units)
        ]
        return ["unit", *codes], rows
    source = edition.uncertainty if part == "uncertainty" else edition.sensitivity
    return DOWNLOAD_PARTS[part] or [], source.get("records", [])


def download(request: HttpRequest, pk: int, part: str = "results") -> HttpResponse:
    """Every result of an edition as CSV: scores and ranks, the input table, rank intervals,
    Sobol indices."""
    edition = get_object_or_404(IndexEdition, pk=pk)
    if part not in DOWNLOAD_PARTS:
        raise Http404
    fields, rows = _download_rows(edition, part)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="index-edition-{pk}-{part}.csv"'
    return response


@login_required
@require_POST
def build(request: HttpRequest) -> HttpResponse:
    if not is_programme_analyst(request.user):
        raise PermissionDenied
    edition = services.edition_build(actor=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Edition %(n)s is built.") % {"n": edition.pk})
    return redirect("competitiveness:ranking")
