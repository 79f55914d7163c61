"""The matching engine's exceptions: one base class, every message says what to do next.

Example:
    >>> try:
    ...     raise Uncoverable(frozenset({"sql", "aws"}))
    ... except MatchingError as error:
    ...     (error.code, sorted(error.skills))
    ('uncoverable', ['aws', 'sql'])
"""

from __future__ import annotations

__all__ = ["MatchingError", "Uncoverable"]


class MatchingError(ValueError):
    """Base class: input the engine refuses, with an actionable message in ``str(error)``.

    ``code`` is a stable identifier the Django side maps to its own application error.
    """

    code = "matching_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class Uncoverable(MatchingError):
    """No course reachable from the candidate's region (or remotely) teaches these skills.

    ``skills`` is the set of gap skills nobody teaches reachably; the message names them.
    """

    code = "uncoverable"

    def __init__(self, skills: frozenset[str], *, region: str | None = None) -> None:
        names = ", ".join(sorted(skills))
        where = f"in region {region} or remotely" if region else "remotely"
        super().__init__(
            f"no programme teaches {names} {where}; look for a programme elsewhere or "
            "add one that teaches it"
        )
        self.skills = frozenset(skills)
        self.region = region
