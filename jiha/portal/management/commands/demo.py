from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jiha.accounts.demo import demo_accounts_create
from jiha.accounts.models import User
from jiha.observatory.demo import demo_reports_create


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
        self.stdout.write(
            f"{len(accounts)} demo accounts ready; {companies} synthetic companies filed 2025 "
            "activity reports (aggregates published under statistical confidentiality)."
        )
