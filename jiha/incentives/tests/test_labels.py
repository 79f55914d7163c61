from __future__ import annotations

from jiha.incentives.labels import LABELS
from jiha.legislation import build_legislation


def test_every_parameter_description_and_variable_label_is_marked_for_translation() -> None:
    legislation = build_legislation()
    texts = {p.description for p in legislation.parameters if p.description}
    texts |= {v.label for v in legislation.variables.values()}
    assert texts - set(LABELS) == set()
