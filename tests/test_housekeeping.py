"""Issue 8, housekeeping: no process-wide switches, a real Mapping, ranges, sampling options."""

import gc
import inspect
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy

from arbiter import (
    ArgumentTypeError,
    InvalidArgumentError,
    Model,
    Parameter,
    ParameterSpace,
    SequentialGame,
    decision,
    outcome,
    robustness,
    stability_map,
    subgame_perfect,
)
from arbiter.analysis._common import PROGRESS, check_sampling
from arbiter.analysis._common import exact_number as analysis_exact_number
from arbiter.conditions.points import exact_number
from arbiter.errors import UnknownParameterError
from arbiter.plot import plot_tree
from arbiter.scenarios.classics import entry_deterrence
from arbiter.scenarios.syria.border_deal import border_deal

SRC = Path(__file__).resolve().parent.parent / "src" / "arbiter"
S1 = border_deal()


# ---------------------------------------------------------------- no global switches
@pytest.mark.parametrize(
    "switch", ["gc.disable(", "gc.enable(", "matplotlib.use(", "import matplotlib.pyplot"]
)
def test_library_code_switches_nothing_process_wide(switch):
    users = [
        str(p.relative_to(SRC))
        for p in sorted(SRC.rglob("*.py"))
        if switch in p.read_text(encoding="utf-8")
    ]
    assert users == []


def _binary_tree(depth):
    """A complete binary tree, two players alternating, distinct payoffs."""
    rng = np.random.default_rng(0)
    level = [outcome(tuple(p)) for p in rng.random((2**depth, 2)).tolist()]
    for d in range(depth - 1, -1, -1):
        level = [
            decision(("P1", "P2")[d % 2], {"L": level[2 * i], "R": level[2 * i + 1]})
            for i in range(len(level) // 2)
        ]
    return level[0]


def test_trees_and_spe_leave_the_collector_alone(monkeypatch):
    def refuse():
        raise AssertionError("library code switched the garbage collector off")

    monkeypatch.setattr(gc, "disable", refuse)
    tree = SequentialGame(_binary_tree(8), players=("P1", "P2"))
    assert len(subgame_perfect(tree)) == 1
    assert gc.isenabled()


def test_spe_in_threads_keeps_the_collector_on():
    tree = SequentialGame(_binary_tree(10), players=("P1", "P2"))
    with ThreadPoolExecutor(2) as pool:
        got = list(pool.map(subgame_perfect, [tree] * 4))
    assert gc.isenabled()
    assert len({tuple(float(x) for x in e[0].payoffs) for e in got}) == 1


def test_pictures_use_no_pyplot_and_no_backend_switch(tmp_path, monkeypatch):
    import matplotlib

    def refuse(*args, **kwargs):
        raise AssertionError("library code switched the matplotlib backend")

    monkeypatch.setattr(matplotlib, "use", refuse)
    game = entry_deterrence()
    ax = plot_tree(game, equilibrium=subgame_perfect(game)[0], path=tmp_path / "tree.png")
    assert (tmp_path / "tree.png").read_bytes()[:4] == b"\x89PNG"
    assert ax.figure.canvas.manager is None  # not registered with pyplot
    smap = stability_map(S1, "w", "v", resolution=10, progress=False)
    ax = smap.plot(path=tmp_path / "map.png")
    assert (tmp_path / "map.png").read_bytes()[:4] == b"\x89PNG"
    assert ax.figure.canvas.manager is None


# ---------------------------------------------------------------- ParameterSpace
def test_parameter_space_is_a_mapping():
    space = ParameterSpace([Parameter("w", 5, 2, 10), Parameter("r", 1, 0, 8)])
    assert space.get("nope") is None
    assert space.get("nope", 7) == 7
    assert "nope" not in space and "w" in space
    assert [] not in space  # unhashable: no parameter's name
    assert space.get("w") is space["w"]
    assert dict(space) == {"w": space["w"], "r": space["r"]}
    with pytest.raises(KeyError) as info:
        space["nope"]
    err = info.value
    assert isinstance(err, UnknownParameterError)
    assert isinstance(err, InvalidArgumentError) and isinstance(err, ValueError)
    assert str(err) == "unknown parameter 'nope'; known: ['r', 'w']"


def test_unknown_parameter_in_model_values():
    with pytest.raises(KeyError, match=r"unknown parameter 'nope'; known: \["):
        S1.values({"nope": 1})


# ---------------------------------------------------------------- Model.at ranges
def _toy(low, high):
    x = Parameter("x", low, low, high)
    game = SequentialGame(
        decision("A", {"a": outcome((x.symbol, 0), "a"), "b": outcome((1, 0), "b")}),
        players=("A", "B"),
    )
    return Model("toy", game, (x,), status_quo="b")


def test_at_refuses_values_outside_the_range():
    with pytest.raises(InvalidArgumentError) as info:
        S1.at({"w": -50})
    text = str(info.value)
    p = S1.parameters["w"]
    assert "w=-50" in text and f"[{p.low}, {p.high}]" in text and "extrapolate=True" in text
    with pytest.raises(InvalidArgumentError, match=r"w=11 is outside"):
        S1.values({"w": 11})
    with pytest.raises(InvalidArgumentError, match=r"T=9.5 is outside.*\[1, 9\]"):
        S1.at({"T": 9.5})


def test_at_extrapolates_on_request():
    game = S1.at({"w": -50}, extrapolate=True)
    assert isinstance(game, SequentialGame) and not game.parameters
    assert S1.values({"w": 11}, extrapolate=True)["w"] == 11
    with pytest.raises(TypeError):
        S1.at({"w": 11}, True)  # keyword-only
    with pytest.raises(ArgumentTypeError, match="extrapolate"):
        S1.at({"w": 11}, extrapolate="yes")


def test_range_is_read_by_the_point_rule():
    model = _toy(0, Fraction(1, 10))
    # 0.1 is 1/10 (its binary double is slightly above 1/10, yet it is in range)
    assert model.values({"x": 0.1})["x"] == 0.1
    assert model.at({"x": 0.1}).outcomes
    assert model.at({"x": Fraction(1, 10)}).outcomes
    with pytest.raises(InvalidArgumentError, match="outside"):
        model.at({"x": 0.10000000000000002})
    with pytest.raises(ArgumentTypeError, match="boolean"):
        model.at({"x": True})
    with pytest.raises(InvalidArgumentError, match="finite"):
        model.at({"x": float("nan")})
    # numpy scalars and sympy numbers; symbolic values are substituted without a check
    assert model.values({"x": np.float64(0.05)})["x"] == 0.05
    assert model.values({"x": sympy.Rational(1, 20)})["x"] == sympy.Rational(1, 20)
    with pytest.raises(InvalidArgumentError, match="outside"):
        model.values({"x": sympy.sqrt(2)})
    y = sympy.Symbol("y")
    assert model.values({"x": y})["x"] == y


def test_one_exact_number():
    assert analysis_exact_number is exact_number
    assert exact_number(0.1, "x") == Fraction(1, 10)
    assert exact_number(np.int64(3), "x") == 3
    assert exact_number(sympy.Rational(2, 3), "x") == Fraction(2, 3)
    with pytest.raises(ArgumentTypeError, match=r"x must be a number; got the boolean True"):
        exact_number(True, "x")


# ---------------------------------------------------------------- sampling options
SAMPLING = ("seed", "progress", "executor", "chunk_size")


def test_sampling_options_share_one_keyword_only_signature():
    rob = inspect.signature(robustness).parameters
    for name in SAMPLING:
        assert rob[name].kind is inspect.Parameter.KEYWORD_ONLY, name
    assert rob["progress"].default is PROGRESS
    smap = inspect.signature(stability_map).parameters
    assert smap["progress"].kind is inspect.Parameter.KEYWORD_ONLY
    assert smap["progress"].default is PROGRESS


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"seed": -1}, InvalidArgumentError, "robustness(): seed must be an integer >= 0; got -1"),
        ({"seed": 1.5}, ArgumentTypeError, "seed must be an integer >= 0; got 1.5"),
        ({"seed": True}, ArgumentTypeError, "seed must be an integer >= 0; got True"),
        ({"progress": "yes"}, ArgumentTypeError, "progress must be True or False; got 'yes'"),
        ({"executor": object()}, ArgumentTypeError, "executor must be a concurrent.futures"),
        ({"chunk_size": 0}, InvalidArgumentError, "chunk_size must be an integer >= 1; got 0"),
    ],
)
def test_check_sampling_names_argument_and_value(options, error, message):
    with pytest.raises(error) as info:
        check_sampling(**options, caller="robustness")
    assert message in str(info.value)
    with pytest.raises(error) as info:
        robustness(S1, n=10, **({"progress": False} | options))
    assert message in str(info.value)


def test_stability_map_checks_progress():
    with pytest.raises(ArgumentTypeError, match="stability_map\\(\\): progress must be True"):
        stability_map(S1, "w", "v", resolution=3, progress="no")


def test_check_sampling_returns_the_values():
    with ThreadPoolExecutor(1) as pool:
        assert check_sampling(np.int64(3), np.bool_(False), pool, 100, caller="f") == (
            3,
            False,
            pool,
            100,
        )
    assert check_sampling(caller="f") == (0, PROGRESS, None, 1)


def test_chunk_size_is_rounded_up_to_whole_blocks():
    a = robustness(S1, n=9_000, seed=2, progress=False, chunk_size=1)
    b = robustness(S1, n=9_000, seed=2, progress=False, chunk_size=5_000)
    with ThreadPoolExecutor(2) as pool:
        c = robustness(S1, n=9_000, seed=2, progress=False, chunk_size=4097, executor=pool)
    assert a == b == c
