"""Uncertainty inputs as COINr offers them: the outlier limit varies, weight noise per level."""

from __future__ import annotations

import numpy as np
import pytest

from jiha.engines.composite import (
    Experiment,
    Framework,
    IndexSpec,
    IndicatorTable,
    Pipeline,
    SpecError,
    UncertaintySpec,
    index_sensitivity,
    monte_carlo,
)

HEAVY = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100], dtype=float)
UNITS = tuple(f"U{n:02d}" for n in range(12))
FRAMEWORK = Framework.from_records(
    [
        {"code": "heavy", "level": 1, "parent": "p"},
        {"code": "plain", "level": 1, "parent": "p"},
        {"code": "other", "level": 1, "parent": "q"},
        {"code": "p", "level": 2, "parent": "index"},
        {"code": "q", "level": 2, "parent": "index"},
        {"code": "index", "level": 3},
    ]
)
TABLE = IndicatorTable(
    UNITS,
    ("heavy", "plain", "other"),
    np.column_stack([HEAVY, np.arange(12.0)[::-1], (np.arange(12.0) * 7) % 12]),
)
PIPELINE = Pipeline(FRAMEWORK, IndexSpec.from_dict({"outliers": True}))


def test_it_varies_the_winsorisation_limit() -> None:
    uncertainty = UncertaintySpec.from_dict({"outlier_limits": [0, 1]})

    experiment = Experiment(PIPELINE, TABLE, uncertainty)

    assert experiment.inputs() == ("outliers",)
    no_points, one_point = experiment.normalised[0, :, 0, :, 0]
    # Limit 0: winsorising cannot help, the heavy column is log-transformed; limit 1: 100
    # becomes 30 and the rule passes.
    assert not np.allclose(no_points, one_point)
    assert PIPELINE.prepare(TABLE, outlier_limit=1).treatment[0] == "winsorised 1"
    assert PIPELINE.prepare(TABLE, outlier_limit=0).treatment[0] == "log"


def test_it_gives_the_outlier_limit_its_own_sensitivity_index() -> None:
    uncertainty = UncertaintySpec(outlier_limits=(0, 1))

    result = index_sensitivity(PIPELINE, TABLE, uncertainty, n=64)

    assert result.names == ("outliers",)
    assert result.total[0] > 0


def test_it_perturbs_only_the_weights_of_the_chosen_levels() -> None:
    uncertainty = UncertaintySpec.from_dict({"weights": {2: 0.4}})

    intervals = monte_carlo(PIPELINE, TABLE, uncertainty, replications=50, seed=3)
    experiment = Experiment(PIPELINE, TABLE, uncertainty)
    weights = experiment.random_choices(200, np.random.default_rng(0)).weights

    assert experiment.noise.tolist() == [0.0, 0.0, 0.0, 0.4, 0.4, 0.0]
    assert (weights[:, :3] == 1.0).all()  # indicator weights untouched
    assert weights[:, 3:5].min() < 0.9 and weights[:, 3:5].max() > 1.1
    assert intervals.ranks.shape == (50, 12)


@pytest.mark.parametrize(
    "settings",
    [{"weights": {2: 1.5}}, {"weights": "a lot"}, {"outlier_limits": [-1]}, {"noise": 0.1}],
)
def test_it_refuses_bad_uncertainty_settings(settings: dict[str, object]) -> None:
    with pytest.raises(SpecError):
        UncertaintySpec.from_dict(settings)


def test_it_refuses_to_vary_an_outlier_limit_when_nothing_is_winsorised() -> None:
    with pytest.raises(SpecError, match="nothing is winsorised"):
        Experiment(Pipeline(FRAMEWORK), TABLE, UncertaintySpec(outlier_limits=(1, 2)))
