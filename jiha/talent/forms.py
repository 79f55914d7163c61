"""Forms of the talent pages: the candidate's profile, a programme, an offer, an outcome, a
text or file to read skills from."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from jiha.lib.forms import BootstrapFormMixin
from jiha.regions.models import Region
from jiha.talent.models import SKILL_LEVELS, Occupation, Skill
from jiha.talent.services import (
    MAX_HOURS,
    MAX_SEATS,
    CandidateInput,
    OfferInput,
    OutcomeInput,
    ProgrammeInput,
)
from jiha.talent.vocabulary import DIPLOMA_LEVELS, FIELDS, LANGUAGES, SCHEMES, choices

SKILL_ROWS = 8
MAX_TEXT = 50_000  # characters of an offer or a CV read for skills
MAX_UPLOAD = 2 * 1024 * 1024
DATE = forms.DateInput(attrs={"type": "date"})
LEVEL_CHOICES = [
    (1, _("1 — notions")),
    (2, _("2 — practice")),
    (3, _("3 — autonomy")),
    (4, _("4 — expertise")),
]
assert [c for c, _label in LEVEL_CHOICES] == list(SKILL_LEVELS)  # noqa: S101


def _region_field(required: bool = False) -> forms.ModelChoiceField[Region]:
    return forms.ModelChoiceField(
        Region.objects.order_by("code"),
        to_field_name="code",
        required=required,
        label=_("Region"),
    )


def _skills_field(label: Any, required: bool = True) -> forms.ModelMultipleChoiceField[Skill]:
    return forms.ModelMultipleChoiceField(
        Skill.objects.order_by("category", "code"),
        to_field_name="code",
        required=required,
        label=label,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )


class CandidateForm(BootstrapFormMixin, forms.Form):
    region = _region_field(required=True)
    birth_year = forms.IntegerField(
        label=_("Year of birth"), required=False, min_value=1940, max_value=2015
    )
    diploma = forms.ChoiceField(choices=choices(DIPLOMA_LEVELS), label=_("Diploma level"))
    field = forms.ChoiceField(choices=choices(FIELDS), label=_("Field of study"))
    languages = forms.MultipleChoiceField(
        choices=choices(LANGUAGES),
        widget=forms.CheckboxSelectMultiple,
        label=_("Languages you work in"),
    )
    remote_training = forms.BooleanField(
        required=False, initial=True, label=_("Available for remote training")
    )
    target_occupation = forms.ModelChoiceField(
        Occupation.objects.all(),
        to_field_name="code",
        required=False,
        label=_("Occupation you aim at"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        skills = Skill.objects.order_by("category", "code")
        for i in range(SKILL_ROWS):
            self.fields[f"skill_{i}"] = forms.ModelChoiceField(
                skills, to_field_name="code", required=False, label=_("Skill %(n)d") % {"n": i + 1}
            )
            self.fields[f"level_{i}"] = forms.TypedChoiceField(
                choices=LEVEL_CHOICES,
                coerce=int,
                initial=2,
                required=False,
                label=_("Level of skill %(n)d") % {"n": i + 1},
            )

    def skill_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"skill_{i}"], self[f"level_{i}"]) for i in range(SKILL_ROWS)]

    def to_input(self) -> CandidateInput:
        data = self.cleaned_data
        skills: dict[str, int] = {}
        for i in range(SKILL_ROWS):
            skill = data.get(f"skill_{i}")
            if skill is not None:
                skills[skill.code] = data.get(f"level_{i}") or 2
        return CandidateInput(
            region=data["region"].code,
            diploma=data["diploma"],
            field=data["field"],
            languages=data["languages"],
            remote_training=data["remote_training"],
            skills=skills,
            birth_year=data.get("birth_year"),
            target_occupation=data["target_occupation"].code if data["target_occupation"] else None,
        )

    @classmethod
    def initial_from(cls, profile: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "region": profile.region.code if profile.region else None,
            "birth_year": profile.birth_year,
            "diploma": profile.diploma,
            "field": profile.field,
            "languages": profile.languages,
            "remote_training": profile.remote_training,
            "target_occupation": (
                profile.target_occupation.code if profile.target_occupation else None
            ),
        }
        for i, row in enumerate(profile.skills.select_related("skill")[:SKILL_ROWS]):
            initial[f"skill_{i}"] = row.skill.code
            initial[f"level_{i}"] = row.level
        return initial


class RegisterForm(CandidateForm):
    consent = forms.BooleanField(
        required=True,
        label=_("I agree that Jiha keeps this profile for the purposes stated above."),
    )


class ProgrammeForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )
    region = _region_field()
    remote = forms.BooleanField(required=False, label=_("Delivered remotely"))
    start = forms.DateField(widget=DATE, label=_("Start"))
    end = forms.DateField(widget=DATE, label=_("End"))
    hours = forms.IntegerField(min_value=1, max_value=MAX_HOURS, label=_("Duration (hours)"))
    cost = forms.DecimalField(
        min_value=Decimal(0), max_digits=12, decimal_places=2, label=_("Cost (MAD)")
    )
    seats = forms.IntegerField(min_value=1, max_value=MAX_SEATS, label=_("Seats"))
    skills = _skills_field(_("Skills taught"))
    schemes = forms.MultipleChoiceField(
        choices=choices(SCHEMES),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Schemes the programme is eligible for"),
    )

    def to_input(self) -> ProgrammeInput:
        d = self.cleaned_data
        return ProgrammeInput(
            title=d["title"],
            description=d["description"],
            region=d["region"].code if d["region"] else None,
            remote=d["remote"],
            start=d["start"],
            end=d["end"],
            hours=d["hours"],
            cost=d["cost"],
            seats=d["seats"],
            skills=[s.code for s in d["skills"]],
            schemes=d["schemes"],
        )


class OfferForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=8000,
        label=_("Description"),
        help_text=_("Skills named in the description are added to the offer's optional skills."),
    )
    occupation = forms.ModelChoiceField(
        Occupation.objects.all(), to_field_name="code", label=_("Occupation")
    )
    region = _region_field()
    remote = forms.BooleanField(required=False, label=_("Remote"))
    languages = forms.MultipleChoiceField(
        choices=choices(LANGUAGES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Required languages"),
    )
    positions = forms.IntegerField(min_value=1, max_value=10_000, initial=1, label=_("Positions"))

    def to_input(self, extra_optional: list[str]) -> OfferInput:
        d = self.cleaned_data
        occupation: Occupation = d["occupation"]
        links = list(occupation.links.select_related("skill"))
        essential = [x.skill.code for x in links if x.essential]
        optional = [x.skill.code for x in links if not x.essential]
        return OfferInput(
            title=d["title"],
            description=d["description"],
            occupation=occupation.code,
            region=d["region"].code if d["region"] else None,
            remote=d["remote"],
            languages=d["languages"],
            positions=d["positions"],
            essential=essential,
            optional=sorted(set(optional) | (set(extra_optional) - set(essential))),
        )


class OutcomeForm(BootstrapFormMixin, forms.Form):
    participant = forms.CharField(
        max_length=40,
        label=_("Participant reference"),
        help_text=_("Your own reference for the participant; never a name."),
    )
    under_30 = forms.BooleanField(required=False, label=_("Under 30"))
    reconversion = forms.BooleanField(
        required=False, label=_("Reconversion (graduate of another field)")
    )
    enrolled_on = forms.DateField(widget=DATE, label=_("Enrolled on"))
    completed_on = forms.DateField(widget=DATE, required=False, label=_("Completed on"))
    placed_on = forms.DateField(widget=DATE, required=False, label=_("Placed in a job on"))

    def to_input(self) -> OutcomeInput:
        return OutcomeInput(**self.cleaned_data)


class ExtractForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=MAX_TEXT,
        label=_("Text of a CV or an offer"),
    )
    file = forms.FileField(
        required=False,
        label=_("Or a file: text (.txt, UTF-8) or PDF with text"),
        help_text=_("A scanned PDF, an image or a word-processor file is refused."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            data["text"] = read_text_upload(upload.read(MAX_UPLOAD + 1))
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Paste a text or choose a text file."))
        return data


class PathForm(BootstrapFormMixin, forms.Form):
    occupation = forms.ModelChoiceField(
        Occupation.objects.all(), to_field_name="code", label=_("Target occupation")
    )
    objective = forms.ChoiceField(
        choices=[("cost", _("Cheapest")), ("hours", _("Shortest"))],
        initial="cost",
        required=False,
        label=_("Path"),
    )


def read_text_upload(content: bytes) -> str:
    """The text of an uploaded file: plain UTF-8 text only (a PDF's text must be pasted).

    >>> read_text_upload("Python et SQL".encode())
    'Python et SQL'
    """
    if len(content) > MAX_UPLOAD:
        raise forms.ValidationError(_("The file is larger than 2 MB."), code="too_large")
    if content.startswith(b"%PDF"):
        return pdf_text(content)
    if content.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")) or b"\x00" in content:
        raise forms.ValidationError(
            _(
                "This file is not text (an office document or an image?). "
                "Save it as text (.txt) or PDF, or paste its text."
            ),
            code="not_text",
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise forms.ValidationError(
            _("The file is not UTF-8 text. Save it as UTF-8 text or paste its text."),
            code="not_text",
        ) from None
    return text[:MAX_TEXT]


MAX_PDF_PAGES = 20


def pdf_text(content: bytes) -> str:
    """The text layer of a PDF (pypdf), its first pages only; a PDF without text (a scan) or
    that cannot be read gets a message saying what to do."""
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise PdfReadError("encrypted")
        text = "\n".join(page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES])
    except (PdfReadError, ValueError, KeyError, TypeError, RecursionError):
        raise forms.ValidationError(
            _("This PDF cannot be read (damaged or protected). Paste its text instead."),
            code="not_text",
        ) from None
    if not text.strip():
        raise forms.ValidationError(
            _("This PDF holds no text (a scan?). Paste its text instead."), code="not_text"
        )
    return text[:MAX_TEXT]
