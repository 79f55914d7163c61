from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jiha.accounts.demo import demo_accounts_create


class Command(BaseCommand):
    help = "Create one demo account per persona (local use only) and print their credentials."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Demo accounts are refused when JIHA_PRODUCTION is on.")
        accounts = demo_accounts_create()
        self.stdout.write("Demo accounts (synthetic, local only):")
        for account in accounts:
            line = f"  {account.persona:<28} {account.email:<34} {account.password}"
            if account.totp_secret:
                line += f"  TOTP secret {account.totp_secret}"
            self.stdout.write(line)
        self.stdout.write(f"{len(accounts)} demo accounts ready.")
