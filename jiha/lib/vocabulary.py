"""The legislation's controlled lists (``jiha.legislation.vocabulary``) as Django choices and
as API types: every form, model field and schema reads the one list, in the active language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from jiha.legislation.vocabulary import ACTIVITIES, PARKS, PROFILES, Vocabulary
from jiha.lib.i18n import current_language

Choices = list[tuple[str, str]]


def choices(vocabulary: Vocabulary) -> Callable[[], Choices]:
    """A field's choices: the codes with their labels in the language active when shown.

    Example:
        >>> from django.utils import translation
        >>> from jiha.legislation.vocabulary import PARKS
        >>> with translation.override("en"):
        ...     choices(PARKS)()[-1]
        ('none', 'No offshoring park')
    """
    return lambda: vocabulary.choices(current_language())


def profile_choices() -> Choices:
    """The employee profiles, for a model field (a migration names this function)."""
    return PROFILES.choices(current_language())


@dataclass(frozen=True)
class OneOf:
    """An API string field that takes one of ``codes`` (a vocabulary's, usually):
    ``Annotated[str, OneOf(PARKS.codes)]`` is validated against the list and documented as an
    enum in OpenAPI, exactly as a ``Literal`` of the codes would be."""

    codes: tuple[str, ...]

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.literal_schema(list(self.codes))


# The API's types for the legislation's lists (request bodies of the simulator and the advisor).
ActivityCode = Annotated[str, OneOf(ACTIVITIES.codes)]
ParkCode = Annotated[str, OneOf(PARKS.codes)]
ProfileCode = Annotated[str, OneOf(PROFILES.codes)]
