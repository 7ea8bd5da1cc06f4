"""Bad input: every case raises an arbiter error that names the argument and echoes the value.

Each row: an id, a call, the built-in the error must also be (``ValueError``,
``TypeError``, or either), and a regular expression the message must match.
The expressions insist on two things: the argument's name and the offending
value, as in hypothesis' ``Cannot have max_value=1 < min_value=2``.
"""

from __future__ import annotations

import math
from fractions import Fraction as F

import numpy as np
import pytest
import sympy

import arbiter
from arbiter import NormalFormGame as G
from arbiter import max_regret, nash_equilibria, pure_equilibria
from arbiter import testing as kit

x, y = sympy.symbols("x y")
A = [[1, 2], [3, 4]]
B = [[4, 3], [2, 1]]
GAME = G.from_arrays(A, B, players=("Row", "Col"), actions=(("U", "D"), ("L", "R")))
FLOAT_GAME = G.from_arrays([[1.0, 2.0], [3.0, 4.0]], B)
SYMBOLIC = G.from_arrays([[x, 2], [3, 4]], B)
THREE = G(np.zeros((3, 2, 2, 2), dtype=np.int64))
H = F(1, 2)
VE, TE, EITHER = ValueError, TypeError, (ValueError, TypeError)


def payoffs_with(value):
    """A 2x2 game's payoff table with ``value`` at [0, 0, 1]."""
    return [[[1, value], [3, 4]], [[4, 3], [2, 1]]]


CASES = [
    # ---------------------------------------------------------------- non-finite payoffs
    ("nan-list", lambda: G(payoffs_with(float("nan"))), VE, r"payoffs\[0, 0, 1\].*finite.*nan"),
    ("inf-list", lambda: G(payoffs_with(math.inf)), VE, r"payoffs\[0, 0, 1\].*finite.*inf"),
    (
        "nan-numpy",
        lambda: G(np.array(payoffs_with(np.nan))),
        VE,
        r"payoffs\[0, 0, 1\].*finite.*nan",
    ),
    (
        "-inf-numpy",
        lambda: G(np.array(payoffs_with(-np.inf))),
        VE,
        r"payoffs\[0, 0, 1\].*finite.*-inf",
    ),
    (
        "nan-from-arrays",
        lambda: G.from_arrays([[1, np.nan], [3, 4]], B),
        VE,
        r"\[0, 0, 1\].*finite.*nan",
    ),
    ("sympy-oo", lambda: G.from_arrays([[1, sympy.oo], [3, 4]], B), VE, r"\[0, 0, 1\].*finite.*oo"),
    (
        "sympy-nan",
        lambda: G.from_arrays([[1, sympy.nan], [3, 4]], B),
        VE,
        r"\[0, 0, 1\].*finite.*nan",
    ),
    (
        "sympy-zoo",
        lambda: G.from_arrays([[1, sympy.zoo], [3, 4]], B),
        VE,
        r"\[0, 0, 1\].*finite.*zoo",
    ),
    # ---------------------------------------------------------------- shapes
    # ragged input: the message should say that rows differ in length, not blame a good row
    (
        "ragged-from-arrays",
        lambda: G.from_arrays([[1, 2], [3]], B),
        VE,
        r"arrays\[0\].*ragged.*length",
    ),
    (
        "ragged-payoffs",
        lambda: G([[[1, 2], [3, 4]], [[1, 2], [3]]]),
        VE,
        r"payoffs.*ragged.*length",
    ),
    (
        "from-arrays-shapes-differ",
        lambda: G.from_arrays(A, [[1, 2, 3], [4, 5, 6]]),
        VE,
        r"same shape.*\(2, 2\).*\(2, 3\)",
    ),
    (
        "from-arrays-too-few-axes",
        lambda: G.from_arrays([1, 2], [3, 4]),
        VE,
        r"2 payoff arrays.*shape \(2,\)",
    ),
    (
        "from-arrays-too-many-arrays",
        lambda: G.from_arrays(A, B, A),
        VE,
        r"3 payoff arrays.*shape \(2, 2\)",
    ),
    ("from-arrays-none", lambda: G.from_arrays(), VE, r"from_arrays.*at least one"),
    ("payoffs-1d", lambda: G([1, 2]), VE, r"payoffs.*shape.*\(2,\)"),
    ("payoffs-scalar", lambda: G(3), VE, r"payoffs.*shape.*\(\)"),
    ("payoffs-axes-mismatch", lambda: G(np.zeros((3, 2, 2))), VE, r"payoffs.*\(3, 2, 2\)"),
    ("no-actions", lambda: G(np.zeros((2, 0, 2))), VE, r"at least one action.*\(2, 0, 2\)"),
    # ---------------------------------------------------------------- names
    (
        "too-many-action-names",
        lambda: G.from_arrays(A, B, actions=(("a", "b", "c"), ("l", "r"))),
        VE,
        r"actions of 'P1'.*2 names.*3.*\('a', 'b', 'c'\)",
    ),
    (
        "too-few-action-names",
        lambda: G.from_arrays(A, B, actions=(("a", "b"), ("l",))),
        VE,
        r"actions of 'P2'.*2 names.*1.*\('l',\)",
    ),
    (
        "action-lists-per-player",
        lambda: G.from_arrays(A, B, actions=(("a", "b"),)),
        VE,
        r"actions.*one list of names per player.*2.*got 1",
    ),
    ("actions-as-string", lambda: G.from_arrays(A, B, actions="ab"), TE, r"actions.*'ab'"),
    (
        "action-names-as-string",
        lambda: G.from_arrays(A, B, actions=(("a", "b"), "lr")),
        TE,
        r"actions of 'P2'.*'lr'",
    ),
    (
        "wrong-player-count",
        lambda: G.from_arrays(A, B, players=("A",)),
        VE,
        r"players.*2 names.*\('A',\)",
    ),
    (
        "duplicate-players",
        lambda: G.from_arrays(A, B, players=("A", "A")),
        VE,
        r"players.*distinct.*'A'",
    ),
    (
        "duplicate-actions",
        lambda: G.from_arrays(A, B, actions=(("a", "a"), ("l", "r"))),
        VE,
        r"actions of 'P1'.*distinct.*'a'",
    ),
    ("player-not-a-string", lambda: G.from_arrays(A, B, players=("A", 1)), TE, r"players.*got 1"),
    ("empty-player-name", lambda: G.from_arrays(A, B, players=("A", "")), TE, r"players.*got ''"),
    ("no-players", lambda: G.from_arrays(A, B, players=()), VE, r"players.*2 names.*got 0"),
    ("players-as-string", lambda: G.from_arrays(A, B, players="AB"), TE, r"players.*'AB'"),
    # ---------------------------------------------------------------- non-numeric payoffs
    ("string-payoff", lambda: G(payoffs_with("2")), TE, r"payoffs\[0, 0, 1\].*number.*'2'"),
    ("string-payoffs", lambda: G("abc"), TE, r"payoffs.*'abc'"),
    (
        "string-numpy",
        lambda: G(np.array(payoffs_with(7)).astype(str)),
        TE,
        r"payoffs\[0, 0, 0\].*'1'",
    ),
    ("none-payoff", lambda: G(payoffs_with(None)), TE, r"payoffs\[0, 0, 1\].*None"),
    ("bool-payoff", lambda: G(payoffs_with(True)), TE, r"payoffs\[0, 0, 1\].*True"),
    ("bool-numpy", lambda: G(np.ones((2, 2, 2), dtype=bool)), TE, r"payoffs\[0, 0, 0\].*True"),
    ("complex-payoff", lambda: G(payoffs_with(1j)), EITHER, r"payoffs\[0, 0, 1\].*real.*1j"),
    (
        "complex-numpy",
        lambda: G(np.ones((2, 2, 2), dtype=complex)),
        EITHER,
        r"payoffs\[0, 0, 0\].*real",
    ),
    ("sympy-imaginary", lambda: G(payoffs_with(sympy.I)), EITHER, r"payoffs\[0, 0, 1\].*real.*I"),
    # not an array at all: say so (today: "payoffs[] must be a number ...")
    ("dict-payoffs", lambda: G({"a": 1}), TE, r"^payoffs must .*\{'a': 1\}"),
    (
        "float-and-symbol",
        lambda: G(payoffs_with(x + 0.5)),
        VE,
        r"payoffs\[0, 0, 1\].*float.*x \+ 0\.5",
    ),
    # ---------------------------------------------------------------- strategies
    (
        "negative-probability",
        lambda: max_regret(GAME, ((F(3, 2), -H), (1, 0))),
        VE,
        r"strategies\[0\] \('Row'\).*distribution.*\['3/2', '-1/2'\]",
    ),
    (
        "negative-float-probability",
        lambda: max_regret(GAME, ((-0.25, 1.25), (1, 0))),
        VE,
        r"strategies\[0\] \('Row'\).*distribution.*-0\.25",
    ),
    (
        "sum-not-one",
        lambda: max_regret(GAME, ((H, F(1, 3)), (1, 0))),
        VE,
        r"strategies\[0\] \('Row'\).*summing to exactly 1.*\['1/2', '1/3'\]",
    ),
    (
        "float-sum-not-one",
        lambda: max_regret(FLOAT_GAME, ((1, 0), (0.5, 0.4))),
        VE,
        r"strategies\[1\] \('P2'\).*summing to 1.*\[0\.5, 0\.4\]",
    ),
    (
        "wrong-length",
        lambda: max_regret(GAME, ((1, 0, 0), (1, 0))),
        VE,
        r"strategies\[0\] \('Row'\).*2 probabilities.*got 3.*\[1, 0, 0\]",
    ),
    (
        "wrong-count",
        lambda: max_regret(GAME, ((1, 0),)),
        VE,
        r"strategies.*one strategy per player \(2\).*got 1",
    ),
    ("strategies-string", lambda: max_regret(GAME, "UL"), TE, r"strategies.*'UL'"),
    ("strategies-none", lambda: max_regret(GAME, None), TE, r"strategies.*None"),
    (
        "nan-probability",
        lambda: max_regret(GAME, ((math.nan, 1), (1, 0))),
        VE,
        r"strategies\[0\].*finite.*nan",
    ),
    (
        "string-probability",
        lambda: max_regret(GAME, (("a", 1), (1, 0))),
        TE,
        r"strategies\[0\].*'a'",
    ),
    (
        "unknown-action-strategy",
        lambda: max_regret(GAME, ("Z", "L")),
        VE,
        r"action of 'Row'.*\('U', 'D'\).*'Z'",
    ),
    (
        "nested-strategy",
        lambda: max_regret(GAME, (((1, 0), (0, 1)), (1, 0))),
        VE,
        r"strategies\[0\].*\(\(1, 0\), \(0, 1\)\)",
    ),
    (
        "symbolic-probability-numeric-game",
        lambda: max_regret(GAME, ((x, 1 - x), (1, 0))),
        VE,
        r"strategies\[0\].*free symbols.*x",
    ),
    # ---------------------------------------------------------------- solver options
    (
        "bad-method",
        lambda: nash_equilibria(GAME, method="lemke"),
        VE,
        r"method.*'auto'.*got 'lemke'",
    ),
    ("method-none", lambda: nash_equilibria(GAME, method=None), VE, r"method.*got None"),
    ("method-int", lambda: nash_equilibria(GAME, method=3), EITHER, r"method.*got 3"),
    ("tol-negative", lambda: nash_equilibria(GAME, tol=-1), VE, r"tol.*got -1"),
    ("tol-too-big", lambda: nash_equilibria(GAME, tol=1.5), VE, r"tol.*got 1\.5"),
    ("tol-nan", lambda: nash_equilibria(GAME, tol=math.nan), VE, r"tol.*got nan"),
    ("tol-string", lambda: nash_equilibria(GAME, tol="1e-9"), EITHER, r"tol.*got '1e-9'"),
    ("tol-bool", lambda: nash_equilibria(GAME, tol=True), EITHER, r"tol.*got True"),
    ("pure-tol-negative", lambda: pure_equilibria(GAME, tol=-0.1), VE, r"tol.*got -0\.1"),
    (
        "nashpy-three-players",
        lambda: nash_equilibria(THREE, method="nashpy-support"),
        VE,
        r"two-player.*3",
    ),
    # ---------------------------------------------------------------- games of the wrong kind
    (
        "symbolic-to-nash",
        lambda: nash_equilibria(SYMBOLIC),
        VE,
        r"nash_equilibria.*free parameters \['x'\]",
    ),
    ("not-a-game-nash", lambda: nash_equilibria([[1, 2]]), TE, r"nash_equilibria.*game.*list"),
    ("not-a-game-pure", lambda: pure_equilibria("PD"), TE, r"pure_equilibria.*game.*str"),
    ("symbolic-as-float", lambda: SYMBOLIC.as_float(), VE, r"as_float.*parameters \['x'\]"),
    ("symbolic-to-nashpy", lambda: SYMBOLIC.to_nashpy(), VE, r"to_nashpy.*parameters \['x'\]"),
    ("three-player-to-nashpy", lambda: THREE.to_nashpy(), VE, r"two-player.*3"),
    ("from-nashpy-not-nashpy", lambda: G.from_nashpy([[1]]), TE, r"nashpy\.Game.*list"),
    # ---------------------------------------------------------------- subs
    ("subs-unknown-name", lambda: SYMBOLIC.subs({"y": 1}), VE, r"unknown parameter 'y'.*\['x'\]"),
    ("subs-unknown-symbol", lambda: SYMBOLIC.subs({y: 1}), VE, r"unknown parameter.*y.*\['x'\]"),
    ("subs-on-numeric-game", lambda: GAME.subs({"x": 1}), VE, r"no parameters.*'x'"),
    (
        "subs-not-a-mapping",
        lambda: SYMBOLIC.subs([("x", 1)]),
        TE,
        r"values.*mapping.*\[\('x', 1\)\]",
    ),
    ("subs-string-value", lambda: SYMBOLIC.subs({"x": "one"}), TE, r"values\['x'\].*'one'"),
    ("subs-nan-value", lambda: SYMBOLIC.subs({"x": math.nan}), VE, r"values\['x'\].*finite.*nan"),
    ("subs-bool-value", lambda: SYMBOLIC.subs({"x": True}), TE, r"values\['x'\].*True"),
    ("subs-int-key", lambda: SYMBOLIC.subs({1: 1}), TE, r"keys.*got 1"),
    # ---------------------------------------------------------------- names and indices
    (
        "unknown-player",
        lambda: GAME.payoff_of("Q", ("U", "L")),
        VE,
        r"player.*\('Row', 'Col'\).*'Q'",
    ),
    ("unknown-action", lambda: GAME.payoff_of("Row", ("Z", "L")), VE, r"action of 'Row'.*'Z'"),
    ("player-index-range", lambda: GAME.player_index(5), VE, r"player index.*\[0, 2\).*5"),
    ("action-index-range", lambda: GAME.action_index("Col", 7), VE, r"action index of 'Col'.*7"),
    ("player-bool", lambda: GAME.player_index(True), TE, r"player.*True"),
    ("action-float", lambda: GAME.action_index("Row", 0.5), TE, r"action.*0\.5"),
    (
        "profile-too-short",
        lambda: GAME.payoff_of("Row", ("U",)),
        VE,
        r"profile.*one action per player.*\('U',\)",
    ),
    (
        "permute-players-repeat",
        lambda: GAME.permute_players([0, 0]),
        VE,
        r"order.*permutation.*\[0, 0\]",
    ),
    (
        "permute-players-short",
        lambda: GAME.permute_players(["Row"]),
        VE,
        r"order.*permutation.*\['Row'\]",
    ),
    ("permute-unknown-player", lambda: GAME.permute_players(["Row", "Q"]), VE, r"player.*'Q'"),
    (
        "permute-actions-short",
        lambda: GAME.permute_actions("Row", ["U"]),
        VE,
        r"order.*permutation.*\['U'\]",
    ),
    (
        "permute-unknown-action",
        lambda: GAME.permute_actions("Col", ["L", "Z"]),
        VE,
        r"action of 'Col'.*'Z'",
    ),
    # ---------------------------------------------------------------- the testing kit
    ("kit-max-actions", lambda: kit.normal_form_games(max_actions=0), VE, r"max_actions.*0"),
    (
        "kit-actions-order",
        lambda: kit.normal_form_games(min_actions=3, max_actions=2),
        VE,
        r"max_actions=2 < min_actions=3",
    ),
    (
        "kit-value-order",
        lambda: kit.normal_form_games(min_value=3, max_value=1),
        VE,
        r"max_value=1 < min_value=3",
    ),
    ("kit-payoff-kind", lambda: kit.normal_form_games(payoffs="reals"), VE, r"payoffs.*'reals'"),
    ("kit-n-players", lambda: kit.normal_form_games(n_players=0), VE, r"n_players.*0"),
    ("kit-shape", lambda: kit.normal_form_games(shape=(2, 0)), VE, r"shape\[1\].*0"),
    ("kit-shape-string", lambda: kit.normal_form_games(shape="2x2"), TE, r"shape.*'2x2'"),
    (
        "kit-nan-bound",
        lambda: kit.normal_form_games(payoffs="floats", max_value=math.nan),
        VE,
        r"max_value.*nan",
    ),
    (
        "kit-bimatrix-shape",
        lambda: kit.bimatrix_games(shape=(2, 2, 2)),
        VE,
        r"two players.*\(2, 2, 2\)",
    ),
    ("kit-simplex-size", lambda: kit.mixed_strategies(0), VE, r"n_actions.*0"),
    ("kit-simplex-exact", lambda: kit.mixed_strategies(2, exact="yes"), TE, r"exact.*'yes'"),
    ("kit-profiles-game", lambda: kit.mixed_profiles([[1]]), TE, r"game.*list"),
    ("kit-parameter-range", lambda: kit.parameter_values({"w": (3, 1)}), VE, r"'w'.*low=3.*high=1"),
    ("kit-parameter-spec", lambda: kit.parameter_values({"w": "wide"}), TE, r"'w'.*'wide'"),
    ("kit-tol", lambda: kit.assert_equilibrium(GAME, ("D", "L"), tol=-1), VE, r"tol.*-1"),
    ("kit-tol-type", lambda: kit.assert_equilibrium(GAME, ("D", "L"), tol="0"), TE, r"tol.*'0'"),
    (
        "kit-symbolic",
        lambda: kit.assert_equilibrium(SYMBOLIC, ((1, 0), (1, 0))),
        VE,
        r"free parameters \['x'\]",
    ),
    (
        "kit-certified-type",
        lambda: kit.assert_certified([GAME]),
        TE,
        r"result.*EquilibriumSet.*list",
    ),
    ("kit-same-type", lambda: kit.assert_same_equilibria("abc", []), TE, r"first.*'abc'"),
    ("kit-labels", lambda: kit.assert_same_equilibria([], [], labels="ab"), TE, r"labels.*'ab'"),
]


@pytest.mark.parametrize(
    ("call", "builtin", "pattern"),
    [pytest.param(call, builtin, pattern, id=name) for name, call, builtin, pattern in CASES],
)
def test_bad_input_raises_a_clear_arbiter_error(call, builtin, pattern):
    with pytest.raises(arbiter.ArbiterError, match=pattern) as info:
        call()
    assert isinstance(info.value, builtin), (
        f"{type(info.value).__name__} is not a {builtin}: {info.value}"
    )


def test_case_ids_are_unique():
    names = [c[0] for c in CASES]
    assert len(names) == len(set(names))
