"""Every normalisation on the tiny table, against values computed by hand.

x1 = 2, 4, 6, 10 (direction +1); x2 = 30, 10, 20, 40 (direction -1, so 10 is best);
x3 = 1, 2, NaN, 9 (direction +1). Targets 8, 10, 9; goalposts [0, 20], [0, 50], [0, 10].
"""

from __future__ import annotations

import numpy as np
import pytest

from jiha.engines.composite import (
    Framework,
    Normalisation,
    Pipeline,
    SpecError,
    borda,
    distance_to_max,
    distance_to_reference,
    fraction_of_max,
    minmax,
    normalise,
    percentile_rank,
    rank_ascending,
    zscore,
)

from .conftest import TINY_VALUES

NAN = float("nan")
THIRD = 100 / 3
SD_X1 = np.sqrt(35 / 3)  # deviations -3.5, -1.5, 0.5, 4.5 from the mean 5.5
SD_X2 = np.sqrt(500 / 3)  # deviations of -x2: -5, 15, 5, -15 from the mean -25
SD_X3 = np.sqrt(19)  # deviations -3, -2, 5 from the mean 4: 38 / (3 - 1)

EXPECTED = {
    # (x - min) / (max - min) x 100, on -x2 for the negative direction
    "minmax": [[0, THIRD, 0], [25, 100, 12.5], [50, 2 * THIRD, NAN], [100, 0, 100]],
    "zscore": [
        [-3.5 / SD_X1, -5 / SD_X2, -3 / SD_X3],
        [-1.5 / SD_X1, 15 / SD_X2, -2 / SD_X3],
        [0.5 / SD_X1, 5 / SD_X2, NAN],
        [4.5 / SD_X1, -15 / SD_X2, 5 / SD_X3],
    ],
    # 1 = worst after direction
    "rank": [[1, 2, 1], [2, 4, 2], [3, 3, NAN], [4, 1, 3]],
    # (rank - 1) / (n - 1) x 100 with n observed units
    "percentile": [[0, THIRD, 0], [THIRD, 100, 50], [2 * THIRD, 2 * THIRD, NAN], [100, 0, 100]],
    # x1: (x - 2) / (8 - 2), capped; x2: (40 - x) / (40 - 10); x3: (x - 1) / (9 - 1)
    "target": [[0, THIRD, 0], [THIRD, 100, 12.5], [2 * THIRD, 2 * THIRD, NAN], [100, 0, 100]],
    # x1: x / 20; x2: (50 - x) / 50; x3: x / 10
    "goalposts": [[10, 40, 10], [20, 80, 20], [30, 60, NAN], [50, 20, 90]],
}


@pytest.mark.parametrize("method", list(EXPECTED))
def test_it_normalises_the_tiny_table_like_the_hand_computation(
    method: str, tiny_framework: Framework
) -> None:
    result = Pipeline(tiny_framework).normalise(TINY_VALUES, Normalisation(method))  # type: ignore[arg-type]
    np.testing.assert_allclose(result, np.array(EXPECTED[method]), rtol=1e-12, atol=1e-12)


def test_it_scales_minmax_to_a_chosen_range() -> None:
    result = minmax(np.array([[2.0], [4.0], [10.0]]), 1, 100)
    assert result.ravel().tolist() == [1.0, 25.75, 100.0]


def test_it_places_a_constant_indicator_in_the_middle() -> None:
    constant = np.array([[3.0], [3.0], [np.nan]])
    assert minmax(constant).ravel()[:2].tolist() == [50.0, 50.0]
    assert zscore(constant, center=10).ravel()[:2].tolist() == [10.0, 10.0]


def test_it_normalises_every_replication_of_a_batch_independently() -> None:
    batch = np.stack([TINY_VALUES, TINY_VALUES * 2 + 1])
    directions = np.array([1.0, -1.0, 1.0])
    for method in ("minmax", "zscore", "rank", "percentile"):
        spec = Normalisation(method)
        together = normalise(batch, spec, directions=directions)
        alone = normalise(TINY_VALUES, spec, directions=directions)
        np.testing.assert_allclose(together[0], alone)
        np.testing.assert_allclose(together[1], alone)


def test_it_gives_tied_values_the_lowest_rank() -> None:
    assert rank_ascending(np.array([[3.0], [1.0], [3.0], [7.0]])).ravel().tolist() == [2, 1, 2, 4]
    assert percentile_rank(np.array([[3.0], [1.0], [3.0]])).ravel().tolist() == [50, 0, 50]


def test_it_can_leave_values_beyond_the_target_uncapped(tiny_framework: Framework) -> None:
    result = Pipeline(tiny_framework).normalise(TINY_VALUES, Normalisation("target", cap=False))
    assert result[3, 0] == pytest.approx(800 / 6)  # (10 - 2) / (8 - 2)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"target": None}, "needs a target for every indicator; 'x2' has none"),
        ({"target": 50}, "target of 'x2' \\(50\\) is not better than the worst"),
    ],
)
def test_it_names_the_indicator_with_an_unusable_target(
    change: dict[str, object], message: str
) -> None:
    from .conftest import TINY_META

    meta = [dict(row, **change) if row["code"] == "x2" else row for row in TINY_META]
    with pytest.raises(SpecError, match=message):
        Pipeline(Framework.from_records(meta)).normalise(TINY_VALUES, Normalisation("target"))


def test_it_refuses_goalposts_in_the_wrong_order() -> None:
    from .conftest import TINY_META

    meta = [
        dict(row, goalpost_lower=60, goalpost_upper=10) if row["code"] == "x2" else row
        for row in TINY_META
    ]
    with pytest.raises(SpecError, match="goalposts of 'x2' are \\[60, 10\\]"):
        Pipeline(Framework.from_records(meta)).normalise(TINY_VALUES, Normalisation("goalposts"))


@pytest.mark.parametrize(
    "settings", [{"method": "softmax"}, {"low": 5, "high": 5}, {"method": "zscore", "scale": 0}]
)
def test_it_refuses_a_bad_normalisation_spec(settings: dict[str, object]) -> None:
    with pytest.raises(SpecError):
        Normalisation(**settings)  # type: ignore[arg-type]


def test_it_scores_borda_as_the_number_of_units_below() -> None:
    x = np.array([[5.0], [1.0], [5.0], [9.0], [np.nan]])

    assert borda(x).ravel()[:4].tolist() == [1.0, 0.0, 1.0, 3.0]


def test_it_measures_distance_to_the_maximum_and_fraction_of_it() -> None:
    x = np.array([[2.0], [4.0], [10.0]])

    assert distance_to_max(x).ravel().tolist() == [0.0, 0.25, 1.0]  # 1 - (10 - x) / 8
    assert fraction_of_max(x).ravel().tolist() == [0.2, 0.4, 1.0]  # x / 10


def test_it_measures_distance_to_a_reference_unit_capped_beyond_it() -> None:
    x = np.array([[2.0], [6.0], [10.0]])

    assert distance_to_reference(x, 1).ravel().tolist() == [0.0, 1.0, 1.0]
    assert distance_to_reference(x, 1, cap=False).ravel().tolist() == [0.0, 1.0, 2.0]


def test_it_maps_the_relative_normalisers_onto_the_range_with_directions() -> None:
    x = np.array([[2.0], [4.0], [10.0]])
    units = ["A", "B", "C"]
    down = np.array([-1.0])

    scaled = normalise(x, Normalisation("dist2max", low=1, high=11), directions=np.ones(1))
    reference = Normalisation("dist2ref", reference="B")
    against_b = normalise(x, reference, directions=down, units=units)

    assert scaled.ravel().tolist() == [1.0, 3.5, 11.0]
    # lower is better: B (4) is the reference, C (10) the worst, A (2) beyond the reference.
    assert against_b.ravel().tolist() == [100.0, 100.0, 0.0]


def test_it_refuses_a_reference_unit_that_is_not_in_the_data() -> None:
    with pytest.raises(SpecError, match="'MA-13'"):
        normalise(
            np.ones((2, 1)),
            Normalisation("dist2ref", reference="MA-13"),
            directions=np.ones(1),
            units=["MA-01", "MA-02"],
        )
    with pytest.raises(SpecError, match="needs a reference unit"):
        Normalisation("dist2ref")
