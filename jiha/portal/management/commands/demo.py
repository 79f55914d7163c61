from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jiha.accounts.demo import demo_accounts_create
from jiha.accounts.models import User
from jiha.competitiveness.services import edition_refresh
from jiha.incentives.demo import demo_dossiers_create
from jiha.lib.errors import AppError
from jiha.observatory.demo import demo_costs_create, demo_reports_create


class Command(BaseCommand):
    help = "Create demo accounts (one per persona) and synthetic activity reports; local only."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo accounts are refused when JIHA_PRODUCTION is on.")
        accounts = demo_accounts_create()
        self.stdout.write("Demo accounts (synthetic, local only):")
        for account in accounts:
            line = f"  {account.persona:<30} {account.email:<34} {account.password}"
            if account.totp_secret:
                line += f"  TOTP secret {account.totp_secret}"
            self.stdout.write(line)
        applicant = User.objects.get(email="applicant@demo.jiha.local")
        companies = demo_reports_create(applicant)
        demo_costs_create()
        reviewer = User.objects.filter(email="reviewer@demo.jiha.local").first()
        dossiers = demo_dossiers_create(applicant, reviewer)
        self.stdout.write(f"{dossiers} synthetic incentive dossiers for the demo company.")
        self._index_edition()
        self.stdout.write(
            f"{len(accounts)} demo accounts ready; {companies} synthetic companies filed 2025 "
            "activity reports (aggregates published under statistical confidentiality)."
        )

    def _index_edition(self) -> None:
        """Build an index edition unless the latest one already used the current data."""
        try:
            edition = edition_refresh(actor=None)
        except AppError as exc:
            self.stdout.write(
                f"Index edition not built: {exc.message} (run `jiha load_reference`)."
            )
            return
        if edition is not None:
            self.stdout.write(f"Index edition {edition.pk} built (synthetic cost inputs).")
