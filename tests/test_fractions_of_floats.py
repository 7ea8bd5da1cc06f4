"""The fast exact values of floats equal Fraction's, and refuse what has none."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arbiter.errors import InvalidArgumentError
from arbiter.games.numbers import fractions_of_floats, reduced_fraction


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=20))
def test_fractions_of_floats_equal_fractions(values: list[float]) -> None:
    got = fractions_of_floats(values)
    want = [Fraction(v) for v in values]
    assert got == want
    # The same numbers in every respect a caller can see.
    for g, w in zip(got, want):
        assert (g.numerator, g.denominator) == (w.numerator, w.denominator)
        assert hash(g) == hash(w) and str(g) == str(w) and type(g) is Fraction
        assert g + 1 == w + 1 and g * 3 == w * 3 and float(g) == float(w)


@settings(max_examples=200, deadline=None)
@given(st.integers(-(10**30), 10**30), st.integers(1, 10**30))
def test_reduced_fraction_equals_fraction_on_reduced_parts(p: int, q: int) -> None:
    g = math.gcd(p, q)
    p, q = p // g, q // g
    assert reduced_fraction(p, q) == Fraction(p, q)
    assert hash(reduced_fraction(p, q)) == hash(Fraction(p, q))


@pytest.mark.parametrize("bad", [math.inf, -math.inf, math.nan])
def test_fractions_of_floats_refuse_non_finite(bad: float) -> None:
    with pytest.raises(InvalidArgumentError, match="no exact value"):
        fractions_of_floats([1.0, bad])
