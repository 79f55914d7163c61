"""Free-text skill extraction against the taxonomy labels (rapidfuzz, no downloaded model)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .types import Mention

__all__ = ["extract_skills"]


def extract_skills(
    text: str, labels: Mapping[str, Sequence[str]], *, threshold: float = 88.0
) -> list[Mention]:
    """The skills mentioned in ``text`` (a CV or an offer, French or English), in text order.

    ``labels`` maps a skill code to its labels (fr/en/ar). A text that is not text (binary,
    empty) raises ``MatchingError``.
    """
    raise NotImplementedError
