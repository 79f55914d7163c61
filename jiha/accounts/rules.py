"""Permissions of the accounts app, declared with django-rules (autodiscovered)."""

from __future__ import annotations

import rules

from jiha.accounts.permissions import (
    is_administrator,
    is_applicant_of,
    is_member_of,
    is_programme_analyst,
    is_regional_officer_of,
)

# Act for an organisation (file a report, apply for an incentive): its applicants only.
rules.add_perm("accounts.act_for_organisation", is_applicant_of)
# Edit an organisation's profile: its members, or a programme administrator.
rules.add_perm("accounts.change_organisation", is_member_of | is_administrator)
rules.add_perm("accounts.view_organisation", is_member_of | is_administrator)
# See a region's non-public data (aggregated dossiers, talent): its officers and the programme.
rules.add_perm("regions.view_private_data", is_regional_officer_of | is_programme_analyst)
