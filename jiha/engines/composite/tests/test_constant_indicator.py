"""A constant indicator carries no information: it is left out of its parent (COINr's NaN),
the siblings' weights renormalised, and the build says so."""

from __future__ import annotations

import numpy as np

from jiha.engines.composite import Framework, IndicatorTable, Pipeline, build_index

REGIONS = tuple(f"MA-{n:02d}" for n in range(1, 13))
# 12 regions, two pillars; talent has three indicators, cost two. Values are arbitrary but
# fixed, with one missing value (MA-05 has no "skills").
TALENT = np.array(
    [
        [12.0, 40.0, 3.0],
        [15.0, 35.0, 5.0],
        [9.0, 50.0, 2.0],
        [20.0, 30.0, 8.0],
        [11.0, np.nan, 4.0],
        [25.0, 28.0, 9.0],
        [14.0, 45.0, 1.0],
        [10.0, 38.0, 6.0],
        [8.0, 41.0, 2.5],
        [13.0, 33.0, 7.0],
        [7.0, 47.0, 3.5],
        [16.0, 36.0, 5.5],
    ]
)
COST = np.array([[float(n), float(100 - 3 * n)] for n in range(1, 13)])


def meta(*talent: str) -> list[dict[str, object]]:
    return [
        *({"code": code, "level": 1, "parent": "talent"} for code in talent),
        {"code": "rent", "level": 1, "parent": "cost", "direction": -1},
        {"code": "wage", "level": 1, "parent": "cost", "direction": -1},
        {"code": "talent", "level": 2, "parent": "index"},
        {"code": "cost", "level": 2, "parent": "index"},
        {"code": "index", "level": 3},
    ]


def build(with_constant: bool) -> tuple[Pipeline, IndicatorTable]:
    codes = ["graduates", "skills", "languages"]
    values = np.hstack([TALENT, COST])
    if with_constant:
        codes.append("broadband")  # every region at the same coverage
        values = np.hstack([TALENT, np.full((12, 1), 99.0), COST])
    framework = Framework.from_records(meta(*codes))
    table = IndicatorTable(REGIONS, (*codes, "rent", "wage"), values)
    return Pipeline(framework), table


def test_it_leaves_the_aggregates_unchanged_when_a_constant_indicator_is_added() -> None:
    without = Pipeline.run(*build(with_constant=False))
    with_constant = Pipeline.run(*build(with_constant=True))

    for code in ("talent", "cost", "index"):
        assert np.allclose(with_constant.score(code), without.score(code), atol=1e-12), code
        assert with_constant.rank(code).tolist() == without.rank(code).tolist()


def test_it_says_which_indicator_was_left_out() -> None:
    result = Pipeline.run(*build(with_constant=True))

    assert result.prepared.constant == ("broadband",)
    assert np.isnan(result.score("broadband")).all()


def test_it_gives_no_pillar_score_from_a_constant_alone() -> None:
    result = build_index(
        {"unit": ["A", "B", "C"], "flat": [5.0, 5.0, 5.0], "real": [1.0, None, 3.0]},
        [
            {"code": "flat", "level": 1, "parent": "p"},
            {"code": "real", "level": 1, "parent": "p"},
            {"code": "p", "level": 2},
        ],
    )

    assert result.index_scores.tolist()[0::2] == [0.0, 100.0]
    assert np.isnan(result.index_scores[1])  # B has only the constant: no score
