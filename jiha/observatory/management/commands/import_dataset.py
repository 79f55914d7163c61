from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jiha.lib.errors import AppError
from jiha.observatory.models import Dataset
from jiha.observatory.services import dataset_import, version_publish


class Command(BaseCommand):
    help = "Check a CSV/XLSX file and load it as a new version of a dataset (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dataset", required=True, help="Dataset slug.")
        parser.add_argument(
            "--schema",
            default="observations",
            help="'observations' (the default contract) or a Table Schema JSON file that "
            "adds constraints (it must keep the observation columns).",
        )
        parser.add_argument("--decimal-comma", action="store_true")
        parser.add_argument("--note", default="")
        parser.add_argument(
            "--publish", action="store_true", help="Publish if there is no warning."
        )
        parser.add_argument("--errors-csv", help="Write the error report (CSV) to this file.")

    def _progress(self, step: str, fraction: float) -> None:
        filled = int(fraction * 30)
        sys.stderr.write(f"\r{step:<24} [{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%}")
        sys.stderr.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        dataset = Dataset.objects.filter(slug=options["dataset"]).first()
        if dataset is None:
            raise CommandError(f"No dataset {options['dataset']!r}: see /observatory/datasets/.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        schema = None
        if options["schema"] != "observations":
            try:
                schema = json.loads(Path(options["schema"]).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"Cannot read the schema: {exc}") from exc
        try:
            outcome = dataset_import(
                actor=None,
                dataset=dataset,
                data=path.read_bytes(),
                filename=path.name,
                note=options["note"],
                decimal_comma=options["decimal_comma"],
                language="en",
                progress=self._progress,
                schema=schema,
            )
        except AppError as exc:
            raise CommandError(str(exc.message)) from exc
        sys.stderr.write("\n")
        if outcome.version is None:
            if options["errors_csv"]:
                Path(options["errors_csv"]).write_bytes(outcome.report.to_csv_bytes("en"))
            for message in outcome.report.messages("en")[:20]:
                self.stderr.write(message)
            raise CommandError(f"{outcome.report.error_count} error(s): nothing was loaded.")
        version = outcome.version
        if options["publish"] and not outcome.warnings:
            version_publish(actor=None, version=version, acknowledged=False)
        state = "published" if options["publish"] and not outcome.warnings else "draft"
        self.stdout.write(
            f"{dataset.slug} v{version.number}: {version.row_count} rows, "
            f"{len(outcome.warnings)} warning(s), {state}."
        )
