"""Who may do what with a dossier, declared with django-rules (autodiscovered).

A company's applicants see and change only their own organisation's dossiers; reviewers (in a
session confirmed with TOTP) see every dossier that left the draft and instruct it; an invited
expert sees the one dossier they were invited on; administrators see dossiers (payments) but
do not decide; a regional officer sees only counts for its region (selectors), no dossier.
"""

from __future__ import annotations

from typing import Any

import rules

from jiha.accounts.models import Role
from jiha.accounts.permissions import is_administrator, is_applicant_of, user_roles


@rules.predicate
def is_reviewer(user: Any) -> bool:
    return Role.REVIEWER in user_roles(user)


@rules.predicate
def is_dossier_applicant(user: Any, dossier: Any) -> bool:
    return dossier is not None and bool(is_applicant_of(user, dossier.organisation))


@rules.predicate
def is_invited_expert(user: Any, dossier: Any) -> bool:
    if dossier is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(dossier.opinions.filter(expert=user).exists())


@rules.predicate
def is_out_of_draft(user: Any, dossier: Any) -> bool:
    return dossier is not None and dossier.state != "draft"


rules.add_perm("incentives.apply", is_applicant_of)
rules.add_perm("incentives.change_dossier", is_dossier_applicant)
rules.add_perm(
    "incentives.view_dossier",
    is_dossier_applicant | ((is_reviewer | is_administrator) & is_out_of_draft),
)
rules.add_perm("incentives.review_dossier", is_reviewer & is_out_of_draft)
rules.add_perm("incentives.view_opinions", is_reviewer & is_out_of_draft)
rules.add_perm("incentives.expert_dossier", is_invited_expert & is_out_of_draft)
rules.add_perm("incentives.review_queue", is_reviewer)
