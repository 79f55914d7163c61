"""Exact money: amounts are int64 centimes; rates are exact decimals.

OpenFisca stores money as float32, so 123,456,789.12 × 0.15 comes out 1.63 MAD wrong. Here a
rate is turned into an exact fraction ``numerator / 10**k`` and multiplied in integers; the one
rounding is to the centime, half away from zero (the usual rule for amounts in dirhams).
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from jiha.engines.rules.types import IntArray

_INT64_MAX = np.iinfo(np.int64).max


def to_centimes(amount: str | int | float | Decimal) -> int:
    """Dirhams to centimes, exactly (strings and Decimals are never rounded twice).

    >>> to_centimes("123456789.12")
    12345678912
    >>> to_centimes(0.1)
    10
    """
    value = Decimal(str(amount)) * 100
    return int(value.quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def from_centimes(centimes: int) -> Decimal:
    """Centimes to dirhams as a Decimal.

    >>> from_centimes(1851851837), from_centimes(0), from_centimes(-5)
    (Decimal('18518518.37'), Decimal('0.00'), Decimal('-0.05'))
    """
    # Shifting the exponent is exact and keeps two decimals, 4× faster than dividing and
    # quantizing (100,000 hire groups a request).
    return Decimal(int(centimes)).scaleb(-2)


def rate_fraction(rate: float | str | Decimal) -> tuple[int, int]:
    """An exact fraction (numerator, denominator) for a decimal rate.

    >>> rate_fraction("0.15")
    (15, 100)
    >>> rate_fraction(0.035)
    (35, 1000)
    """
    value = Decimal(str(rate)).normalize()
    exponent = int(value.as_tuple().exponent)
    denominator = 10 ** max(0, -exponent)
    return int(value * denominator), denominator


def _round_div(numerator: IntArray, denominator: int) -> IntArray:
    """numerator / denominator rounded half away from zero, in integers."""
    quotient, remainder = np.divmod(np.abs(numerator), denominator)
    quotient = quotient + (2 * remainder >= denominator)
    return np.where(numerator < 0, -quotient, quotient).astype(np.int64)


def apply_rate(centimes: IntArray, rate: float | str | Decimal) -> IntArray:
    """centimes × rate, exact to the centime (half away from zero).

    >>> apply_rate(np.array([12345678912]), "0.15").tolist()
    [1851851837]
    """
    numerator, denominator = rate_fraction(rate)
    amounts = np.asarray(centimes, dtype=np.int64)
    if numerator == 0 or amounts.size == 0:
        return np.zeros_like(amounts)
    if int(np.abs(amounts).max()) <= _INT64_MAX // abs(numerator):
        return _round_div(amounts * numerator, denominator)
    # Beyond int64: exact Python integers (slower, only for amounts beyond 10^12 MAD or so).
    exact = [
        int((Decimal(int(a)) * numerator / denominator).quantize(Decimal(1), "ROUND_HALF_UP"))
        for a in amounts
    ]
    return np.array(exact, dtype=np.int64)


RATE_SCALE = 1_000_000  # rates travel through formulas as int64 parts per million


def rate_to_ppm(rate: float | str | Decimal) -> int:
    """A decimal rate in parts per million, refusing rates finer than that.

    >>> rate_to_ppm("0.035")
    35000
    """
    numerator, denominator = rate_fraction(rate)
    if RATE_SCALE % denominator:
        raise ValueError(f"Rate {rate} has more than 6 decimals; it cannot be applied exactly.")
    return numerator * (RATE_SCALE // denominator)


def apply_ppm(centimes: IntArray, ppm: IntArray | int) -> IntArray:
    """centimes × (ppm / 1,000,000) per element, exact to the centime (half away from zero).

    >>> apply_ppm(np.array([12345678912, 1000]), np.array([150000, 100000])).tolist()
    [1851851837, 100]
    """
    amounts = np.asarray(centimes, dtype=np.int64)
    rates = np.broadcast_to(np.asarray(ppm, dtype=np.int64), amounts.shape)
    if amounts.size == 0:
        return amounts.copy()
    if int(np.abs(amounts).max()) * int(np.abs(rates).max() or 1) <= _INT64_MAX - RATE_SCALE:
        products = amounts * rates
        if products.min() >= 0:  # the usual case: one add and one division, half up
            products += RATE_SCALE // 2  # in place: no second array as large as the input
            result: IntArray = np.floor_divide(products, RATE_SCALE, out=products)
            return result
        return _round_div(products, RATE_SCALE)
    exact = [
        int((Decimal(int(a)) * int(r) / RATE_SCALE).quantize(Decimal(1), "ROUND_HALF_UP"))
        for a, r in zip(amounts, rates, strict=True)
    ]
    return np.array(exact, dtype=np.int64)


def round_ppm_products(products: IntArray) -> IntArray:
    """A sum of centimes × parts per million back to centimes, rounded once, half away from
    zero (what a sum of several rated parts needs, e.g. a progressive scale's brackets).

    >>> round_ppm_products(np.array([5_000_000_000, 500_000, 499_999])).tolist()
    [5000, 1, 0]
    """
    return _round_div(np.asarray(products, dtype=np.int64), RATE_SCALE)
