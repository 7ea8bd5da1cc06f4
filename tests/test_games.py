"""NormalFormGame basics: kinds, immutability, values (eq/hash/pickle), parameters, display."""

from __future__ import annotations

import pickle
from fractions import Fraction as F

import numpy as np
import pytest
import sympy
from hypothesis import given, settings

import arbiter
from arbiter import NormalFormGame
from arbiter.testing import normal_form_games

x, y = sympy.symbols("x y", real=True)
A = [[3, 0], [5, 1]]
B = [[3, 5], [0, 1]]
NAMES = {"players": ("Row", "Col"), "actions": (("C", "D"), ("L", "R"))}


def pd():
    return NormalFormGame.from_arrays(A, B, **NAMES)


# ------------------------------------------------------------------ construction and kinds
@pytest.mark.parametrize(
    ("entries", "kind", "entry_type"),
    [
        (np.array([A, B]), "exact", F),
        ([A, B], "exact", F),
        ([[[F(1, 3), 0], [0, 1]], B], "exact", F),
        ([[[sympy.Rational(1, 3), 0], [0, 1]], B], "exact", F),
        ([[[0.5, 0], [0, 1]], B], "float", np.float64),
        (np.array([A, B], dtype=float), "float", np.float64),
        ([[[sympy.Float(0.5), 0], [0, 1]], B], "float", np.float64),
        ([[[x, 0], [0, 1]], B], "symbolic", sympy.Basic),
        ([[[sympy.sqrt(2), 0], [0, 1]], B], "symbolic", sympy.Basic),
    ],
    ids=[
        "int-array",
        "int-lists",
        "fractions",
        "sympy-rational",
        "mixed-float",
        "float-array",
        "sympy-float",
        "symbol",
        "closed-form",
    ],
)
def test_kind_is_decided_once_and_entries_are_converted(entries, kind, entry_type):
    g = NormalFormGame(entries)
    assert g.kind == kind
    assert g.is_exact == (kind == "exact")
    assert all(isinstance(v, entry_type) for v in g.payoffs.ravel())


def test_exact_entries_are_never_floats():
    g = NormalFormGame.from_arrays([[F(1, 3), F(2, 7)], [0, 1]], B)
    assert g.payoffs[0, 0, 0] == F(1, 3) and type(g.payoffs[0, 0, 0]) is F
    assert g.payoff_of(0, (0, 1)) == F(2, 7)


def test_default_names():
    g = NormalFormGame(np.zeros((3, 2, 1, 3), dtype=np.int64))
    assert g.players == ("P1", "P2", "P3")
    assert g.actions == (("a1", "a2"), ("a1",), ("a1", "a2", "a3"))
    assert g.shape == (2, 1, 3) and g.n_players == 3


def test_one_player_games_are_games():
    g = NormalFormGame([[1, 2, 3]])
    assert g.shape == (3,)
    assert [e.pure_profile for e in arbiter.pure_equilibria(g)] == [("a3",)]


def test_from_arrays_equals_the_stacked_constructor():
    assert NormalFormGame.from_arrays(A, B, **NAMES) == NormalFormGame(np.array([A, B]), **NAMES)


def test_lookup_by_name_and_index():
    g = pd()
    assert g.payoff_of("Row", ("D", "L")) == 5
    assert g.payoff_of(1, (1, 0)) == 0
    assert g.player_index("Col") == 1
    assert g.action_index("Col", "R") == 1
    assert g.profile_index(("D", "R")) == (1, 1)


def test_copy_constructor():
    g = pd()
    assert NormalFormGame(g, g.players, g.actions) == g


# ------------------------------------------------------------------ immutability
@pytest.mark.parametrize(
    "make", [pd, lambda: NormalFormGame(np.array([A, B], dtype=float))], ids=["exact", "float"]
)
def test_payoffs_are_read_only(make):
    g = make()
    with pytest.raises(ValueError, match="read-only"):
        g.payoffs[0, 0, 0] = 99
    assert g.payoffs[0, 0, 0] == 3


@pytest.mark.parametrize(
    "make", [pd, lambda: NormalFormGame(np.array([A, B], dtype=float))], ids=["exact", "float"]
)
def test_payoffs_cannot_be_made_writeable(make):
    """A view of a read-only array cannot be flipped back to writeable; the array itself can."""
    g = make()
    before = hash(g)
    with pytest.raises(ValueError):
        g.payoffs.setflags(write=True)
    assert hash(g) == before and g.payoffs[0, 0, 0] == 3


@pytest.mark.parametrize("dtype", [np.int64, np.float64, object])
def test_game_does_not_alias_the_callers_array(dtype):
    table = np.array([A, B], dtype=dtype)
    g = NormalFormGame(table)
    table[0, 0, 0] = 99
    assert g.payoffs[0, 0, 0] == 3


def test_attributes_cannot_be_reassigned():
    g = pd()
    for attr, value in [
        ("players", ("a", "b")),
        ("payoffs", None),
        ("actions", ()),
        ("kind", "float"),
    ]:
        with pytest.raises(AttributeError):
            setattr(g, attr, value)
    with pytest.raises(AttributeError):
        g.extra = 1  # __slots__: no new attributes


def test_transforms_return_new_games():
    g = pd()
    h = g.permute_players(["Col", "Row"])
    assert h is not g and g.players == ("Row", "Col")
    assert h.players == ("Col", "Row")
    assert h.payoff_of("Col", ("L", "D")) == g.payoff_of("Col", ("D", "L"))
    k = g.permute_actions("Row", ["D", "C"])
    assert k.actions[0] == ("D", "C") and g.actions[0] == ("C", "D")
    assert k.payoff_of("Row", ("D", "L")) == g.payoff_of("Row", ("D", "L"))


@settings(max_examples=40)
@given(normal_form_games(n_players=None, max_actions=3))
def test_permutations_invert(game):
    n = game.n_players
    order = [*range(1, n), 0]
    inverse = [order.index(i) for i in range(n)]
    assert game.permute_players(order).permute_players(inverse) == game
    acts = list(reversed(range(game.shape[0])))
    assert game.permute_actions(0, acts).permute_actions(0, acts) == game


# ------------------------------------------------------------------ subs and parameters
def test_parameters_are_the_free_symbols_sorted_by_name():
    g = NormalFormGame.from_arrays([[y, 0], [x, 1]], [[1, x + y], [0, 2]])
    assert g.parameters == (x, y)
    assert pd().parameters == ()
    assert g.subs({"x": 1}).parameters == (y,)


def test_subs_returns_a_new_game_and_leaves_the_original():
    g = NormalFormGame.from_arrays([[x, 0], [0, 1]], [[1, 0], [0, x]], **NAMES)
    h = g.subs({"x": F(3, 2)})
    assert h is not g
    assert g.kind == "symbolic" and g.parameters == (x,)
    assert h.kind == "exact" and h.payoffs[0, 0, 0] == F(3, 2) and type(h.payoffs[0, 0, 0]) is F
    assert h.players == g.players and h.actions == g.actions
    assert g.subs({x: F(3, 2)}) == h  # by symbol or by name
    assert g.subs({"x": 0.25}).kind == "float"


def test_subs_partial_keeps_the_rest_symbolic():
    g = NormalFormGame.from_arrays([[x, y], [0, 1]], [[1, 0], [0, x]])
    h = g.subs({"y": 2})
    assert h.kind == "symbolic" and h.parameters == (x,)
    assert h.subs({"x": 1}) == g.subs({"x": 1, "y": 2})


def test_subs_with_nothing_on_a_numeric_game_is_the_game():
    g = pd()
    assert g.subs({}) == g


def test_subs_then_solve():
    g = NormalFormGame.from_arrays([[x, 0], [0, 1]], [[1, 0], [0, 2]])
    assert [e.pure_profile for e in arbiter.pure_equilibria(g.subs({"x": 2}))] == [
        ("a1", "a1"),
        ("a2", "a2"),
    ]


# ------------------------------------------------------------------ values
def test_equal_games_hash_equal_whatever_the_input_form():
    forms = [
        NormalFormGame.from_arrays(A, B),
        NormalFormGame(np.array([A, B], dtype=np.int32)),
        NormalFormGame([[[F(v) for v in row] for row in m] for m in (A, B)]),
        NormalFormGame([[[sympy.Integer(v) for v in row] for row in m] for m in (A, B)]),
    ]
    assert len(set(forms)) == 1
    assert all(f == forms[0] and hash(f) == hash(forms[0]) for f in forms)


def test_names_and_kinds_distinguish_games():
    g = NormalFormGame.from_arrays(A, B)
    assert g != NormalFormGame.from_arrays(A, B, players=("X", "Y"))
    assert g != NormalFormGame.from_arrays(A, B, actions=(("C", "D"), ("a1", "a2")))
    assert g != NormalFormGame(np.array([A, B], dtype=float))  # exact vs float
    assert g != NormalFormGame.from_arrays(A, [[3, 5], [0, 2]])
    assert g != "not a game"


def test_games_work_as_dict_keys():
    cache = {pd(): "prisoners"}
    assert cache[pd()] == "prisoners"


@pytest.mark.parametrize(
    "game",
    [
        pd(),
        NormalFormGame(np.array([A, B], dtype=float)),
        NormalFormGame.from_arrays([[x, F(1, 3)], [0, 1]], [[1, 0], [0, sympy.sqrt(x)]]),
        NormalFormGame(np.arange(24, dtype=np.int64).reshape(3, 2, 2, 2)),
    ],
    ids=["exact", "float", "symbolic", "three-player"],
)
def test_pickling_round_trips(game):
    back = pickle.loads(pickle.dumps(game))
    assert back == game and hash(back) == hash(game)
    assert back.kind == game.kind and back.parameters == game.parameters
    assert not back.payoffs.flags.writeable


def test_equilibrium_sets_pickle_and_hash():
    eqs = arbiter.pure_equilibria(pd())
    back = pickle.loads(pickle.dumps(eqs))
    assert back == eqs and hash(back) == hash(eqs)


# ------------------------------------------------------------------ display
def test_to_frame_has_one_row_per_profile():
    frame = pd().to_frame()
    assert list(frame.columns) == ["Row", "Col", "u[Row]", "u[Col]"]
    assert len(frame) == 4
    row = frame[(frame["Row"] == "D") & (frame["Col"] == "L")].iloc[0]
    assert row["u[Row]"] == 5 and row["u[Col]"] == 0


def test_str_and_repr_show_names_and_kind():
    g = pd()
    text = str(g)
    for name in ("Row", "Col", "C", "D", "L", "R", "u[Row]"):
        assert name in text
    assert repr(g) == "NormalFormGame(2x2, players=('Row', 'Col'), kind='exact')"
    assert "x" in str(NormalFormGame.from_arrays([[x, 0], [0, 1]], B))


def test_nashpy_conversion_keeps_payoffs():
    nashpy = pytest.importorskip("nashpy")
    g = pd()
    ng = g.to_nashpy()
    assert isinstance(ng, nashpy.Game)
    back = NormalFormGame.from_nashpy(ng, **NAMES)
    assert back == NormalFormGame(g.as_float(), **NAMES)
