from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from jiha.competitiveness.templatetags.competitiveness import rank_offset, rank_span


def test_css_positions_are_not_localised() -> None:
    # Regression: in French and Arabic a float rendered as "45,5" and the bars vanished.
    with translation.override("fr"):
        html = Template("{% load competitiveness %}{{ r|rank_offset }}").render(Context({"r": 6.0}))
    assert html == "45.45"
    assert rank_offset(None) == "0.00"
    assert rank_span({"low": 1.0, "high": 12.0}) == "100.00"
