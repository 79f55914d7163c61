"""The site-selection advisor page and its PDF export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from jiha.competitiveness import selectors
from jiha.competitiveness.advisor import ProjectBrief, advise
from jiha.incentives.engine_io import years_covered
from jiha.incentives.simulator import Limits
from jiha.legislation.vocabulary import ACTIVITIES, PROFILES
from jiha.lib.i18n import current_language
from jiha.lib.vocabulary import choices


class AdvisorForm(forms.Form):
    activity = forms.ChoiceField(
        label=_("Activity line"),
        initial="BPO",
        choices=choices(ACTIVITIES),
    )
    french = forms.BooleanField(label=_("French required"), required=False, initial=True)
    english = forms.BooleanField(label=_("English required"), required=False)
    m2_per_seat = forms.FloatField(label=_("m² per seat"), min_value=1, max_value=50, initial=8)
    horizon_years = forms.IntegerField(
        label=_("Horizon (years)"), min_value=1, initial=5
    )  # see __init__
    discount_rate = forms.FloatField(
        label=_("Discount rate (%)"), min_value=0, max_value=50, initial=8
    )
    other_cost_per_seat = forms.FloatField(
        label=_("Other costs per seat and year (MAD)"), min_value=0, max_value=1_000_000, initial=0
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The horizon runs at most to the last year the incentive rules cover.
        self.fields["horizon_years"] = forms.IntegerField(
            label=_("Horizon (years)"),
            min_value=1,
            max_value=years_covered().stop - ProjectBrief.start_year,
            initial=5,
        )
        for profile in PROFILES.codes:
            self.fields[f"h_{profile}"] = forms.IntegerField(
                label=PROFILES.label(profile, current_language()),
                min_value=0,
                max_value=100_000,
                required=False,
                initial=100 if profile == "bpo" else 0,
            )
        for pillar in selectors.PILLARS:
            self.fields[f"w_{pillar}"] = forms.FloatField(
                label=pillar, min_value=0, max_value=5, initial=1, required=False
            )
        for field in self.fields.values():
            css = (
                "form-check-input"
                if isinstance(field, forms.BooleanField)
                else "form-select"
                if isinstance(field, forms.ChoiceField)
                else "form-control"
            )
            field.widget.attrs.setdefault("class", css)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        headcount = sum(data.get(f"h_{p}") or 0 for p in PROFILES.codes)
        if not headcount:
            raise forms.ValidationError(_("Give the headcount of at least one profile."))
        limit = Limits.synchronous().employees  # each region's incentives: one simulation
        if headcount > limit:
            raise forms.ValidationError(
                _("The advisor compares projects of up to %(limit)s hires.") % {"limit": limit}
            )
        return data

    def brief(self) -> ProjectBrief:
        data = self.cleaned_data
        return ProjectBrief(
            headcount={p: int(data.get(f"h_{p}") or 0) for p in PROFILES.codes},
            activity=data["activity"],
            languages=tuple(lang for lang in ("french", "english") if data.get(lang)),
            m2_per_seat=data["m2_per_seat"],
            horizon_years=data["horizon_years"],
            discount_rate=data["discount_rate"] / 100,
            other_cost_per_seat=data["other_cost_per_seat"],
            priorities={
                p: float(data[f"w_{p}"]) if data.get(f"w_{p}") is not None else 1.0
                for p in selectors.PILLARS
            },
        )


def _context(request: HttpRequest) -> dict[str, Any]:
    form = AdvisorForm(request.GET if "h_bpo" in request.GET else None)
    edition = selectors.latest_edition()
    results = advise(form.brief()) if form.is_bound and form.is_valid() else []
    names = selectors.labels(edition.framework) if edition else {}
    pillar_fields = [(form[f"w_{p}"], names.get(p, p)) for p in selectors.PILLARS]
    return {
        "form": form,
        "results": results,
        "pillar_fields": pillar_fields,
        "profile_fields": [form[f"h_{p}"] for p in PROFILES.codes],
        "synthetic": any(r.synthetic_inputs for r in results),
        "query": request.GET.urlencode(),
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
