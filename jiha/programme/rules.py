"""Permissions of the programme app (django-rules, autodiscovered).

A regional officer edits its own region's initiatives; the programme office (analysts and
administrators, in a TOTP-confirmed session) edits every region's. Everyone reads the
programme and its published progress.
"""

from __future__ import annotations

from typing import Any

import rules

from jiha.accounts.permissions import is_programme_analyst, is_regional_officer_of
from jiha.regions.models import Region


@rules.predicate
def is_officer_of_its_region(user: Any, target: Any) -> bool:
    """``target`` is a region, or anything with a ``region`` (an initiative, a KPI's initiative)."""
    region = target if isinstance(target, Region) else getattr(target, "region", None)
    return bool(is_regional_officer_of(user, region))


can_edit = is_programme_analyst | is_officer_of_its_region

# Add an initiative to a region, or change one (its KPIs, milestones and procedures with it).
rules.add_perm("programme.add_initiative", can_edit)
rules.add_perm("programme.change_initiative", can_edit)
# Ask for a region's fact sheets to be (re)generated: the same people.
rules.add_perm("programme.generate_factsheet", can_edit)
