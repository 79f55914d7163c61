"""``jiha simulate``: the incentives and the income-tax saving of every employee of a file.

    jiha simulate --input staff.csv --output results.xlsx --year 2027 --explain income_tax_saving

The input has one row per employee (CSV or Parquet): ``company`` (an id), ``region``,
``activity``, ``gross_annual_salary`` (MAD a year) and ``hire_date`` (YYYY-MM-DD) are required;
``id``, ``park``, ``profile``, ``exit_date``, ``permanent``, ``moroccan``, ``charter_zone``,
``profit``, ``investment``, ``investment_date``, ``planned_jobs`` and ``offer_2025_join_date``
are optional (a company's values repeated on each of its rows). See docs/recipes/simulate-a-file.md.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from jiha.engines.rules import InputError
from jiha.incentives import engine_io
from jiha.regions.selectors import region_codes


class Command(BaseCommand):
    help = (
        "Simulate the incentives and the income-tax saving of every employee of a CSV or "
        "Parquet file; write the results as CSV, Parquet or XLSX."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, type=Path, help="employees: .csv or .parquet")
        parser.add_argument(
            "--output", required=True, type=Path, help="results: .csv, .parquet or .xlsx"
        )
        parser.add_argument("--year", type=int, help="year to simulate (default: this year)")
        parser.add_argument(
            "--explain",
            default="",
            help="comma-separated results whose steps (the values behind them) become columns",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        covered = engine_io.years_covered()
        year = options["year"] or time.gmtime().tm_year
        if year not in covered:
            raise CommandError(
                _("Year %(year)s is not simulated: choose one from %(first)s to %(last)s.")
                % {"year": year, "first": covered.start, "last": covered.stop - 1}
            )
        explain = [name.strip() for name in options["explain"].split(",") if name.strip()]
        codes = region_codes()
        if not codes:
            raise CommandError(_("No region is loaded yet: run jiha load_reference first."))
        started = time.perf_counter()
        try:
            run = engine_io.simulate_file(
                options["input"],
                options["output"],
                year=year,
                explain=explain,
                region_codes=codes,
            )
        except (InputError, OSError) as exc:
            raise CommandError(_("Nothing was written. %(problem)s") % {"problem": exc}) from None
        self.stdout.write(
            _("%(rows)s employees of %(companies)s companies, %(year)s, in %(s).2f s: %(path)s")
            % {
                "rows": run.rows,
                "companies": run.companies,
                "year": year,
                "s": time.perf_counter() - started,
                "path": options["output"],
            }
        )
        if run.unconfirmed or run.to_confirm:
            self.stdout.write(
                _("To be confirmed: %(names)s")
                % {"names": ", ".join(sorted({*run.unconfirmed, *run.to_confirm}))}
            )
