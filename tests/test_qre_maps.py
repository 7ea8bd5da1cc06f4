"""Smooth stability (arbiter.analysis.qre_maps): the status-quo probability under agent QRE.

The vectorised closed form is checked cell by cell against quantal_response at
the same point; the fixed-point route (information sets) against the closed
form where both apply; the map sharpens towards the SPE map as lambda grows;
the repeated-game frequency against its Markov-chain formula.
"""

from __future__ import annotations

import numpy as np
import pytest

import arbiter
from arbiter.analysis.qre_maps import (
    QREStabilityMap,
    qre_stability_map,
    qre_violation_frequency,
    status_quo_probability,
)
from arbiter.scenarios.syria import border_deal, repeated_border_deal, three_way, uncertain_resolve
from arbiter.scenarios.syria.repeated import RUSSIAN_SANCTIONS
from arbiter.solve.qre import quantal_response


def _sq(model, values, lam):
    q = quantal_response(model.at(values, extrapolate=True), lam)
    return sum(p for label, p in q.outcome.items() if model.is_status_quo(label))


@pytest.mark.parametrize("lam", [0.5, 2.0])
def test_closed_form_map_equals_pointwise_qre(lam):
    model = border_deal()
    qmap = qre_stability_map(model, "w", "g_e", lam, resolution=4, progress=False)
    assert isinstance(qmap, QREStabilityMap) and qmap.method == "closed-form"
    for i, y in enumerate(qmap.y_values):
        for j, x in enumerate(qmap.x_values):
            assert qmap.values[i, j] == pytest.approx(
                _sq(model, {"w": x, "g_e": y}, lam), abs=1e-10
            )


def test_information_sets_use_the_fixed_point():
    model = uncertain_resolve()
    qmap = qre_stability_map(model, "p", "w", 1.0, resolution=3, progress=False)
    assert qmap.method == "fixed-point"
    for i, y in enumerate(qmap.y_values):
        for j, x in enumerate(qmap.x_values):
            assert qmap.values[i, j] == pytest.approx(_sq(model, {"p": x, "w": y}, 1.0), abs=1e-8)
    small = qre_stability_map(three_way(), "w", "c_e", 0.5, resolution=2, progress=False)
    assert ((small.values > 0) & (small.values < 1)).all()


def test_sharpens_towards_the_spe_map():
    model = border_deal()
    spe = arbiter.stability_map(model, "w", "g_e", resolution=15, progress=False)
    gaps = []
    for lam in (1.0, 10.0, 100.0):
        qmap = arbiter.stability_map(
            model, "w", "g_e", resolution=15, solution="qre", lam=lam, progress=False
        )
        gaps.append(float(np.median(np.abs(qmap.values - spe.values))))
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 1e-3


def test_vectorised_over_many_points():
    model = border_deal()
    grid = {k: float(v) for k, v in model.values().items()}
    grid["w"] = np.linspace(0, 10, 20_000)
    probs, method = status_quo_probability(model, grid, 2.0)
    assert method == "closed-form" and probs.shape == (20_000,)
    assert probs[0] == pytest.approx(_sq(model, {"w": 0}, 2.0), abs=1e-10)


def test_plot_and_frame(tmp_path):
    model = border_deal()
    qmap = qre_stability_map(model, "w", "g_e", 2.0, resolution=6, progress=False)
    spe = arbiter.stability_map(model, "w", "g_e", resolution=6, progress=False)
    ax = qmap.plot(spe=spe, path=tmp_path / "qre.png")
    assert (tmp_path / "qre.png").stat().st_size > 0 and ax.get_title()
    frame = qmap.to_frame()
    assert len(frame) == 36 and frame.attrs["lam"] == 2.0


def test_violation_frequency_s1():
    model = border_deal()
    v = qre_violation_frequency(model, 1.0)
    assert v.violation_frequency == pytest.approx(1 - _sq(model, None, 1.0))
    assert v.status_quo_probability + v.violation_probability == pytest.approx(1.0)


def test_violation_frequency_s3_repeated():
    model = repeated_border_deal()
    v = qre_violation_frequency(
        model, 1.0, delta=0.9, punishment=("finite", 3), sanctions=RUSSIAN_SANCTIONS
    )
    q = v.violation_probability
    assert 0 < q < 0.05
    assert v.violation_frequency == pytest.approx(q / (1 + 3 * q))
    # without Russia's sanctions Iran cannot be held by three punishment periods at delta 0.9
    alone = qre_violation_frequency(model, 1.0, delta=0.9, punishment=("finite", 3))
    assert alone.violation_probability > 0.5 > q
    # the one-shot stage game (a prisoners' dilemma): keeping the deal is rare
    assert qre_violation_frequency(model, 2.0).violation_probability > 0.9


def test_bad_arguments():
    model = border_deal()
    with pytest.raises(arbiter.InvalidArgumentError, match="lam"):
        arbiter.stability_map(model, "w", "g_e", solution="qre")
    with pytest.raises(arbiter.InvalidArgumentError, match="solution"):
        arbiter.stability_map(model, "w", "g_e", solution="nash")
    with pytest.raises(arbiter.InvalidArgumentError, match="lam"):
        qre_stability_map(model, "w", "g_e", -1.0)
