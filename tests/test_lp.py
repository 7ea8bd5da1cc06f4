"""The small-LP kernel of the exact conditions: the direct HiGHS call agrees with linprog."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from arbiter.conditions import _lp


@st.composite
def _lps(draw):
    n = draw(st.integers(1, 5))
    m_ub = draw(st.integers(0, 6))
    m_eq = draw(st.integers(0, 2))
    small = st.integers(-3, 3).map(float)
    a_ub = np.array([[draw(small) for _ in range(n)] for _ in range(m_ub)]).reshape(m_ub, n)
    b_ub = np.array([draw(small) for _ in range(m_ub)])
    a_eq = np.array([[draw(small) for _ in range(n)] for _ in range(m_eq)]).reshape(m_eq, n)
    b_eq = np.array([draw(small) for _ in range(m_eq)])
    c = np.array([draw(small) for _ in range(n)])
    bounds = [
        (draw(st.sampled_from([None, 0.0, -1.0])), draw(st.sampled_from([None, 2.0])))
        for _ in range(n)
    ]
    return c, a_ub, b_ub, a_eq, b_eq, bounds


@settings(max_examples=300, deadline=None)
@given(_lps())
def test_direct_highs_agrees_with_linprog(lp):
    c, a_ub, b_ub, a_eq, b_eq, bounds = lp
    fast = _lp.solve(c, a_ub, b_ub, a_eq, b_eq, bounds)
    slow = _lp.solve(c, a_ub, b_ub, a_eq, b_eq, bounds, backend="linprog")
    assert (fast is None) == (slow is None)
    if fast is not None:
        # Same optimum (the optimal points may differ); the point is feasible.
        assert abs(c @ fast - c @ slow) <= 1e-7 * (1 + abs(c @ slow))
        if len(a_ub):
            assert np.all(a_ub @ fast <= b_ub + 1e-7)
        if len(a_eq):
            assert np.allclose(a_eq @ fast, b_eq, atol=1e-7)
        for x, (lo, hi) in zip(fast, bounds):
            assert lo is None or x >= lo - 1e-9
            assert hi is None or x <= hi + 1e-9


def test_backend_is_the_fast_one():
    """On a current scipy (1.15 and later ship the HiGHS object), the direct call is used."""
    import scipy

    major, minor = (int(x) for x in scipy.__version__.split(".")[:2])
    if (major, minor) >= (1, 15):
        assert _lp.BACKEND == "highs"
