"""Reconversion paths: the cheapest (or shortest) set of courses covering a skill gap."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .errors import Uncoverable
from .types import Course, Path

__all__ = ["reconversion_path", "reconversion_paths_batch"]


def reconversion_path(
    have: Iterable[str],
    need: Iterable[str],
    courses: Sequence[Course],
    *,
    region: str | None,
    objective: str = "cost",
) -> Path:
    """The optimal set of courses (same region or remote) teaching ``need - have``.

    Raises ``Uncoverable`` naming the skills no reachable course teaches.
    """
    raise NotImplementedError


def reconversion_paths_batch(
    requests: Sequence[tuple[str, Iterable[str], Iterable[str], str | None]],
    courses: Sequence[Course],
    *,
    objective: str = "cost",
) -> dict[str, Path | Uncoverable]:
    """``reconversion_path`` for many (key, have, need, region) requests at once."""
    raise NotImplementedError
