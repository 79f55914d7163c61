"""Hiring forecasts on hand-made series: the right method wins, publication by error."""

from __future__ import annotations

import pytest

from jiha.engines.matching import MatchingError, Series, forecast_hires


def semesters(n: int, start: int = 2020) -> tuple[str, ...]:
    return tuple(f"{start + k // 2}-S{k % 2 + 1}" for k in range(n))


def one(
    values: tuple[float, ...], *, min_history: int = 4
) -> tuple[str, float, str, float | None, bool]:
    f = forecast_hires(
        [Series("MA-01|dev", semesters(len(values)), values)], min_history=min_history
    )[0]
    return f.period, f.value, f.method, f.backtest_error, f.published


def test_it_picks_the_seasonal_naive_on_a_seasonal_series() -> None:
    period, value, method, error, published = one((10, 20, 11, 21, 12, 22))
    assert (period, value, method, published) == ("2023-S1", 12.0, "seasonal naive", True)
    assert error == pytest.approx((1 / 21 + 1 / 12 + 1 / 22) / 3)


def test_it_picks_the_trend_on_a_steady_rise() -> None:
    period, value, method, error, published = one((10, 12, 14, 16, 18))
    assert (period, value, method, published) == ("2022-S2", 20.0, "linear trend", True)
    assert error == pytest.approx(0.0, abs=1e-12)


def test_it_picks_the_mean_on_a_noisy_flat_series() -> None:
    period, value, method, error, published = one((10, 11, 9, 10, 11, 9, 10, 11))
    assert method == "mean of last 3" and value == pytest.approx(10.0)
    assert error is not None and published


def test_it_does_not_publish_an_erratic_series_or_a_short_one() -> None:
    *_, error, published = one((2, 40, 1, 3, 55, 0, 9))
    assert error is not None and error > 0.25 and not published
    assert one((3, 4)) == ("2021-S1", 4.0, "last value", None, False)
    *_, published = one((5, 5, 5, 5), min_history=5)
    assert not published


def test_it_never_forecasts_below_zero() -> None:
    assert one((30, 20, 10, 4))[1] >= 0


def test_it_reads_years_quarters_and_months() -> None:
    got = forecast_hires(
        [
            Series("y", ("2023", "2024", "2025", "2026"), (1, 2, 3, 4)),
            Series("q", ("2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"), (1, 2, 3, 4)),
            Series("m", ("2025-11", "2025-12", "2026-01", "2026-02"), (1, 2, 3, 4)),
        ]
    )
    assert [f.period for f in got] == ["2027", "2026-Q3", "2026-03"]


@pytest.mark.parametrize(
    ("periods", "values", "message"),
    [
        (("2024-S1", "2025-S1"), (1.0, 2.0), "does not follow"),
        (("2024-S1", "2024-T2"), (1.0, 2.0), "must all look like"),
        (("2024-S1",), (), "one value per period"),
        (("2024-S1", "2024-S2"), (1.0, -2.0), "zero or more"),
    ],
)
def test_it_refuses_unusable_series(
    periods: tuple[str, ...], values: tuple[float, ...], message: str
) -> None:
    with pytest.raises(MatchingError, match=message):
        forecast_hires([Series("MA-02|bpo", periods, values)])
