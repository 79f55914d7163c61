"""The site-selection advisor page and its PDF export."""

from __future__ import annotations

from functools import partial
from typing import Any, cast

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from jiha.competitiveness import selectors, services
from jiha.competitiveness.services import LITERACY, ProjectBrief
from jiha.incentives.selectors import SalarySource, synchronous_limits
from jiha.legislation.vocabulary import ACTIVITIES, PARKS, PROFILES
from jiha.lib.forms import BootstrapFormMixin, run_on_form
from jiha.lib.i18n import current_language
from jiha.lib.vocabulary import choices

# The advisor's refusals that concern one field of the form.
FIELD_OF_REFUSAL = {"years_not_covered": "start_year", "invalid_horizon": "horizon_years"}
LANGUAGE_LABELS = {"french": _("French required"), "english": _("English required")}


class AdvisorForm(BootstrapFormMixin, forms.Form):
    pillar_names: dict[str, str] = {}  # noqa: RUF012 - the view sets the edition's names
    activity = forms.ChoiceField(
        label=_("Activity line"), initial="BPO", choices=choices(ACTIVITIES)
    )
    m2_per_seat = forms.FloatField(label=_("m² per seat"), min_value=1, max_value=50, initial=8)
    start_year = forms.IntegerField(label=_("First year"), required=False)
    horizon_years = forms.IntegerField(
        label=_("Horizon (years)"), min_value=1, initial=5
    )  # __init__
    discount_rate = forms.FloatField(
        label=_("Discount rate (%)"), min_value=0, max_value=50, initial=8
    )
    other_cost_per_seat = forms.FloatField(
        label=_("Other costs per seat and year (MAD)"), min_value=0, max_value=1_000_000, initial=0
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start_year"].initial = timezone.localdate().year
        # At most the years a synchronous simulation covers (the advisor runs one).
        self.fields["horizon_years"] = forms.IntegerField(
            label=_("Horizon (years)"), min_value=1, max_value=synchronous_limits().years, initial=5
        )
        for language, label in LANGUAGE_LABELS.items():
            self.fields[language] = forms.BooleanField(
                label=label, required=False, initial=language == "french"
            )
        for profile in PROFILES:
            self.fields[f"h_{profile.code}"] = forms.IntegerField(
                label=profile.label(current_language()),
                min_value=0,
                max_value=100_000,
                required=False,
                initial=100 if profile.code == "bpo" else 0,
            )
        for pillar in selectors.PILLARS:
            self.fields[f"w_{pillar}"] = forms.FloatField(
                label=pillar, min_value=0, max_value=5, initial=1, required=False
            )

    def brief(self) -> ProjectBrief:
        data = self.cleaned_data
        return ProjectBrief(
            headcount={p: int(data.get(f"h_{p}") or 0) for p in PROFILES.codes},
            start_year=data.get("start_year") or timezone.localdate().year,
            activity=data["activity"],
            languages=tuple(language for language in LITERACY if data.get(language)),
            m2_per_seat=data["m2_per_seat"],
            horizon_years=data["horizon_years"],
            discount_rate=data["discount_rate"] / 100,
            other_cost_per_seat=data["other_cost_per_seat"],
            priorities={
                p: float(data[f"w_{p}"]) if data.get(f"w_{p}") is not None else 1.0
                for p in selectors.PILLARS
            },
        )


def _advice(form: AdvisorForm) -> list[services.RegionAdvice]:
    if not form.is_bound or not form.is_valid():
        return []
    call = partial(services.site_advice, brief=form.brief())
    return run_on_form(form, call, fields=FIELD_OF_REFUSAL) or []


def _inputs(form: AdvisorForm) -> list[tuple[str, Any]]:
    """The user's inputs, as the answer restates them (page, print, PDF)."""
    if not form.is_bound or not form.is_valid():
        return []
    found: list[tuple[str, Any]] = []
    brief = form.brief()
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if name == "start_year":
            value = brief.start_year
        if value in (None, "", 0, False) and not name.startswith("w_"):
            continue
        if isinstance(field, forms.BooleanField):
            value = _("yes")
        elif isinstance(field, forms.ChoiceField):
            value = dict(cast(Any, field.choices)).get(value, value)
        label = field.label
        if name.startswith("w_"):
            label = _("Priority: %(pillar)s") % {
                "pillar": form.pillar_names.get(name[2:], name[2:])
            }
            value = 1.0 if value is None else value
        found.append((str(label), value))
    return found


def _sources(results: list[services.RegionAdvice]) -> list[SalarySource]:
    """The datasets the salaries come from, once each."""
    found: dict[tuple[str, int], SalarySource] = {}
    for advice in results:
        for source in advice.salaries.values():
            found.setdefault((source.dataset, source.version), source)
    return list(found.values())


def _context(request: HttpRequest) -> dict[str, Any]:
    asked = any(f"h_{profile}" in request.GET for profile in PROFILES.codes)
    form = AdvisorForm(request.GET if asked else None)
    edition = selectors.latest_edition()
    names = selectors.labels(edition.framework) if edition else {}
    form.pillar_names = names
    results = _advice(form)
    language = current_language()
    simulator = reverse("incentives:simulator")
    return {
        "form": form,
        "results": results,
        "parks": {park.code: park.label(language) for park in PARKS},
        "pillar_fields": [(form[f"w_{p}"], names.get(p, p)) for p in selectors.PILLARS],
        "profile_fields": [form[f"h_{p}"] for p in PROFILES.codes],
        "synthetic": any(r.synthetic_inputs for r in results),
        "query": request.GET.urlencode(),
        "inputs": _inputs(form),
        "today": timezone.localdate(),
        "salary_sources": _sources(results),
        "simulator_links": {
            r.code: f"{simulator}?{urlencode(r.simulator_query)}"
            for r in results
            if r.simulator_query
        },
        "share_url": request.build_absolute_uri(
            f"{reverse('competitiveness:advisor')}?{request.GET.urlencode()}"
        ),
        "profiles": {p.code: p.label(language) for p in PROFILES},
    }


def advisor(request: HttpRequest) -> HttpResponse:
    return render(request, "competitiveness/advisor.html", _context(request))


def advisor_pdf(request: HttpRequest) -> HttpResponse:
    from weasyprint import HTML

    context = _context(request)
    if not context["results"]:
        return render(request, "competitiveness/advisor.html", context, status=422)
    html = render_to_string("competitiveness/advisor_pdf.html", context, request=request)
    pdf = HTML(string=html).write_pdf()  # self-contained: no URL is fetched
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="jiha-site-selection.pdf"'
    return response
