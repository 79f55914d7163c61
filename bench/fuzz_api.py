"""The long API fuzzing run, by hand (never in CI): every operation as every persona, with many
more cases than the CI form and new ones each run.

    .venv/bin/python bench/fuzz_api.py [EXAMPLES]            # SQLite, 100 cases by default
    DATABASE_URL=postgres://… .venv/bin/python bench/fuzz_api.py 100

Prints, for each persona, the cases sent, the server errors and the contract failures
(``tests/security/fuzzing.py``); docs/benchmarks.md records a run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

examples = sys.argv[1] if len(sys.argv) > 1 else "100"
env = {**os.environ, "JIHA_FUZZ_EXAMPLES": examples, "JIHA_FUZZ_RANDOM": "1"}
started = time.monotonic()
run = subprocess.run(  # noqa: S603
    [
        sys.executable,
        "-m",
        "pytest",
        "tests/security/test_api_fuzzing.py",
        "-k",
        "schema_says",
        "-s",
        "-q",
        "-p",
        "no:cacheprovider",
    ],
    env=env,
    capture_output=True,
    text=True,
    check=False,
)
lines = [line for line in run.stdout.splitlines() if line.startswith(("FUZZ ", "- ["))]
print("\n".join(lines))
totals = [
    tuple(map(int, match.groups()))
    for match in re.finditer(
        r"(\d+) cases in [\d.]+ s, (\d+) server errors, (\d+) failing", run.stdout
    )
]
cases, errors, failing = (
    (sum(column) for column in zip(*totals, strict=True)) if totals else (0, 0, 0)
)
print(
    f"\n{examples} examples per operation and mode; {len(totals)} personas; {cases} cases; "
    f"{errors} server errors; {failing} failing operations; {time.monotonic() - started:.0f} s; "
    f"pytest exit {run.returncode}"
)
sys.exit(run.returncode)
