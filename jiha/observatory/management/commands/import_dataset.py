from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from jiha.lib.errors import AppError
from jiha.observatory.imports import import_submit
from jiha.observatory.models import Dataset, ImportJob
from jiha.observatory.services import ImportOutcome, ImportRequest

LANGUAGE = "en"  # the operator's command line speaks English, as its other messages


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
        parser.add_argument(
            "--sheet",
            help="Sheet of an XLSX workbook (default: the one it opens on; a hidden sheet is "
            "only read when named).",
        )
        parser.add_argument("--decimal-comma", action="store_true")
        parser.add_argument("--note", default="")
        parser.add_argument("--publish", action="store_true", help="Publish the new version.")
        parser.add_argument(
            "--acknowledge-warnings",
            action="store_true",
            help="Publish even though it raised unusual-change warnings.",
        )
        parser.add_argument(
            "--acknowledge-removals",
            action="store_true",
            help="Publish even though most published figures disappear, or it has no figure "
            "or no value at all.",
        )
        parser.add_argument("--errors-csv", help="Write the error report (CSV) to this file.")

    def _progress(self, step: str, fraction: float) -> None:
        filled = int(fraction * 30)
        with translation.override(LANGUAGE):
            label = str(ImportJob.Step(step).label)
        sys.stderr.write(f"\r{label:<24} [{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%}")
        sys.stderr.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        dataset = Dataset.objects.filter(slug=options["dataset"]).first()
        if dataset is None:
            raise CommandError(f"No dataset {options['dataset']!r}: see /observatory/datasets/.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        request = ImportRequest(
            dataset=dataset,
            source=path,
            file_name=path.name,
            schema=self._schema(options["schema"]),
            sheet=options["sheet"],
            decimal_comma=options["decimal_comma"],
            note=options["note"],
            language=LANGUAGE,
            publish=options["publish"],
            acknowledge_warnings=options["acknowledge_warnings"],
            acknowledge_removals=options["acknowledge_removals"],
            may_defer=False,  # the command line loads in its own process, with a progress bar
        )
        try:
            submission = import_submit(request, progress=self._progress)
        except AppError as exc:
            raise CommandError(str(exc.message)) from exc
        sys.stderr.write("\n")
        assert submission.outcome is not None  # noqa: S101 - never deferred
        self._summarise(dataset, submission.outcome, options)

    def _schema(self, choice: str) -> dict[str, Any] | None:
        if choice == "observations":
            return None
        try:
            schema = json.loads(Path(choice).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read the schema: {exc}") from exc
        if not isinstance(schema, dict):
            raise CommandError("The schema must be a JSON object (a Table Schema).")
        return schema

    def _summarise(self, dataset: Dataset, outcome: ImportOutcome, options: Any) -> None:
        if outcome.version is None:
            if options["errors_csv"]:
                Path(options["errors_csv"]).write_bytes(outcome.report.to_csv_bytes(LANGUAGE))
            for message in outcome.report.messages(LANGUAGE)[:20]:
                self.stderr.write(message)
            raise CommandError(f"{outcome.report.error_count} error(s): nothing was loaded.")
        version = outcome.version
        summary = (
            f"{dataset.slug} v{version.number}: {version.row_count} rows, "
            f"{len(outcome.warnings)} warning(s)"
        )
        if outcome.publication_refused is not None:
            raise CommandError(
                f"{summary}, loaded as a draft but not published: "
                f"{outcome.publication_refused.message} (see --acknowledge-warnings and "
                "--acknowledge-removals)."
            )
        self.stdout.write(f"{summary}, {'published' if outcome.published else 'draft'}.")
