"""Synthetic demo initiatives (local use only): a few initiatives in the three convention
regions, with KPIs on real published indicators and procedures for workstream 4. Every one is
flagged synthetic and its title says "démo"; their targets are made up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from jiha.observatory import selectors as observatory
from jiha.programme import services
from jiha.programme.models import Channel, Initiative, Workstream
from jiha.regions.models import Region

# (region, workstream, title, status, KPI indicator and the target as a multiple of the latest
# published value, procedures: (name, before, after, volume per year)). All made up.
DEMO = [
    (
        "MA-03",
        "training",
        "Bootcamp de reconversion vers les métiers IT (démo)",
        "ongoing",
        ("establishment-jobs", Decimal("1.05")),
        [],
    ),
    (
        "MA-03",
        "digital",
        "Guichet régional des autorisations en ligne (démo)",
        "done",
        None,
        [
            ("Autorisation d'occupation temporaire", Channel.COUNTER, Channel.ONLINE, 1200),
            ("Attestation de domiciliation d'entreprise", Channel.MAIL, Channel.ONLINE, 800),
        ],
    ),
    (
        "MA-03",
        "digital",
        "Dématérialisation des marchés publics régionaux (démo)",
        "ongoing",
        None,
        [("Dépôt des offres", Channel.COUNTER, Channel.ONLINE, 600)],
    ),
    (
        "MA-02",
        "data",
        "Observatoire régional des données de l'offshoring (démo)",
        "ongoing",
        ("unemployment-rate-census", Decimal("0.9")),
        [],
    ),
    (
        "MA-12",
        "legal",
        "Cadre de délégation de compétences à l'antenne (démo)",
        "planned",
        None,
        [],
    ),
]


@transaction.atomic
def demo_programme_create() -> int:
    """Create the demo initiatives once (nothing when some already exist); returns how many."""
    if Initiative.objects.filter(synthetic=True).exists():
        return 0
    services.programme_reference_load()
    today = timezone.localdate()
    created = 0
    for code, workstream, title, status, kpi, procedures in DEMO:
        region = Region.objects.get(code=code)
        initiative = services.initiative_create(
            actor=None,
            region=region,
            synthetic=True,
            data=services.InitiativeData(
                workstream=Workstream.objects.get(code=workstream),
                title=title,
                objective="Initiative fictive, pour montrer le suivi du programme.",
                budget=None,
                starts_on=dt.date(today.year, 1, 1),
                ends_on=dt.date(today.year + 2, 12, 31),
                owner=f"Antenne régionale {region.name_fr} (fictive)",
                status=status,
            ),
        )
        created += 1
        services.milestone_add(
            actor=None,
            initiative=initiative,
            title="Lancement (démo)",
            due_on=dt.date(today.year, 3, 31),
            done_on=dt.date(today.year, 3, 31) if status != "planned" else None,
        )
        for name, before, after, volume in procedures:
            services.procedure_add(
                actor=None,
                initiative=initiative,
                name=name,
                channel_before=before,
                channel_after=after,
                volume_per_year=volume,
            )
        if kpi is not None:
            _demo_kpi(initiative, *kpi, today=today)
    return created


def _demo_kpi(
    initiative: Initiative, indicator_code: str, factor: Decimal, *, today: dt.date
) -> None:
    indicator = observatory.indicator_list().filter(code=indicator_code).first()
    if indicator is None:
        return
    # The earliest published value as the baseline, so the demo shows some movement.
    first = (
        observatory.current_observations()
        .filter(indicator=indicator, territory=initiative.region.code, value__isnull=False)
        .order_by("period_start")
        .first()
    )
    if first is None or first.value is None:  # no published value: the KPI would be refused
        return
    services.kpi_add(
        actor=None,
        initiative=initiative,
        indicator=indicator,
        baseline_value=first.value,
        baseline_on=dt.date(int(first.period[:4]), 12, 31),
        target_value=(first.value * factor).quantize(Decimal("0.01")),
        deadline=dt.date(today.year + 3, 12, 31),
    )
