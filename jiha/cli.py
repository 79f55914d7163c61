"""The ``jiha`` command: django-admin with Jiha's settings, plus ``up``, ``demo`` and ``worker``.

jiha up [--demo]     migrate, load reference data (and demo accounts), serve on :8000
jiha demo            create one demo account per persona (refused in production)
jiha worker          run background tasks (the django-tasks database worker, with a lease)
jiha <command>       any Django management command (migrate, createsuperuser, …)
"""

from __future__ import annotations

import os
import sys

ALIASES = {"worker": "run_worker"}
# Commands that serve web requests keep the web's short database statement timeout; every other
# command (the worker's imports with COPY, migrations, imports) runs as batch work.
WEB_COMMANDS = {"up", "runserver"}
# Run first: a worker starting after a crash retries or fails the imports the dead one held.
BEFORE = {"worker": ["recover_import_jobs"]}
# Set before anything loads polars: its allocator then returns freed memory at once, which
# keeps the peak of a file-to-file simulation low (jiha.engines.rules.files).
ENVIRONMENT = {"simulate": {"_RJEM_MALLOC_CONF": "dirty_decay_ms:0,muzzy_decay_ms:0"}}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiha.config.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    if len(args) < 2:
        args.append("help")
    command = args[1]
    for name, value in ENVIRONMENT.get(command, {}).items():
        os.environ.setdefault(name, value)
    args[1] = ALIASES.get(command, command)
    os.environ.setdefault("JIHA_PROCESS_KIND", "web" if args[1] in WEB_COMMANDS else "batch")
    for first in BEFORE.get(command, []):
        execute_from_command_line([args[0], first])
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
