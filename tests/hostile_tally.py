"""The count of hostile cases tried, refused and rows changed, printed at the end of the test
run (``tests/conftest.py``): the figure ``docs/security.md`` records."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Tally:
    counts: dict[str, Counter[str]] = field(default_factory=dict)

    def record(self, entry: str, *, refused: bool, changed: bool, failed: bool = False) -> None:
        counter = self.counts.setdefault(entry, Counter())
        counter["tried"] += 1
        counter["refused"] += refused
        counter["rows changed"] += changed
        counter["failed"] += failed

    def as_plain(self) -> dict[str, dict[str, int]]:
        """The counts as plain dicts: what a pytest-xdist worker sends to the controller."""
        return {entry: dict(counter) for entry, counter in self.counts.items()}

    def merge(self, counts: dict[str, dict[str, int]]) -> None:
        """Add a worker's counts (``as_plain``) to these."""
        for entry, counter in counts.items():
            self.counts.setdefault(entry, Counter()).update(counter)

    def lines(self) -> list[str]:
        total: Counter[str] = Counter()
        rows = []
        for entry, counter in sorted(self.counts.items()):
            total.update(counter)
            rows.append(self._line(entry, counter))
        if len(rows) > 1:
            rows.append(self._line("all", total))
        return rows

    @staticmethod
    def _line(entry: str, counter: Counter[str]) -> str:
        return (
            f"{entry}: {counter['tried']} tried, {counter['refused']} refused (4xx), "
            f"{counter['rows changed']} with rows changed, {counter['failed']} failed"
        )


TALLY = Tally()
