"""Any model, every command: scenario names, model files and module:function (issue 9).

``arbiter solve`` on every Gambit fixture and every model file ends in an answer
(exit 0) or one line of refusal on stderr (exit 2), never a traceback or a hang.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from arbiter.cli import MAX_NASH_CELLS_MANY, main, strategic_form_size
from arbiter.io import read_game
from arbiter.loading import load_model

ROOT = Path(__file__).resolve().parents[1]
GAMBIT = ROOT / "tests" / "data" / "gambit"
FILES = sorted(GAMBIT.glob("*.nfg")) + sorted(GAMBIT.glob("*.efg"))
MODELS = sorted((ROOT / "examples" / "models").glob("*.toml"))
IP_FILE = ROOT / "examples" / "models" / "india_pakistan.toml"
IP_PY = ROOT / "examples" / "india_pakistan.py"


@pytest.mark.parametrize("path", FILES + MODELS, ids=lambda p: p.name)
def test_solve_never_ends_in_a_traceback(path, capsys):
    """In process (no interpreter start-up): an answer, or one line of refusal and status 2."""
    code = main(["solve", str(path)])
    out, err = capsys.readouterr()
    assert code in (0, 2), code
    assert "Traceback" not in out + err
    if code == 2:
        assert len(err.strip().splitlines()) == 1 and err.startswith("arbiter solve: "), err
    else:
        assert err == ""


def test_big_two_player_games_get_a_subset_fast_with_size():
    """bayes2a (64 x 64 reduced strategic form) used to run for 12 minutes, then was refused:
    now one equilibrium from the sequence form, said to be a subset (issue 11)."""
    done = subprocess.run(
        [sys.executable, "-m", "arbiter", "solve", str(GAMBIT / "bayes2a.efg")],
        capture_output=True,
        text=True,
        timeout=120,  # start-up included, on a loaded machine; the solve itself is under 1 s
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "64 x 64 = 4,096" in done.stdout and "a subset" in done.stdout
    assert "sequence-form-lcp, exact" in done.stdout
    assert strategic_form_size(read_game(GAMBIT / "bayes2a.efg")) == (64, 64)


def test_solve_model_prints_the_spe_first_then_refuses_nash(capsys):
    """S1 as a model file: Russia has 65,536 reduced strategies; the SPE still prints."""
    assert main(["solve", str(ROOT / "examples" / "models" / "border_deal.toml")]) == 2
    out, err = capsys.readouterr()
    assert "Subgame-perfect equilibria:" in out and "status quo" in out
    # three players: all Nash equilibria only up to MAX_NASH_CELLS_MANY profiles
    assert "strategy profiles (more than" in err and f"{MAX_NASH_CELLS_MANY:,}" in err


def test_the_two_india_pakistan_models_are_the_same():
    """The TOML file and the Python function build equal models: same game, same box."""
    from_file = load_model(str(IP_FILE))
    from_py = load_model(f"{IP_PY}:india_pakistan")
    assert from_file == from_py
    assert from_file.commitments.names == from_py.commitments.names


def test_the_two_india_pakistan_models_agree_at_points():
    """Same SPE outcomes and the same status-quo region at a few points (exact)."""
    import arbiter

    a = load_model(str(IP_FILE))
    b = load_model(f"{IP_PY}:india_pakistan")
    points = [{}, {"r": 0}, {"r": 5, "k_si": 1}, {"b_t": 0, "a": 10}]
    for point in points:
        spe_a = arbiter.subgame_perfect(a.at(point))
        spe_b = arbiter.subgame_perfect(b.at(point))
        assert {frozenset(e.outcome.items()) for e in spe_a} == {
            frozenset(e.outcome.items()) for e in spe_b
        }
    region_a = arbiter.status_quo_region(a, free=("r",)).condition
    region_b = arbiter.status_quo_region(b, free=("r",)).condition
    assert region_a == region_b


def test_module_function_and_module_path_forms():
    model = load_model("arbiter.scenarios.syria:border_deal")
    assert model.name == "border-deal"
    with pytest.raises(ValueError, match="no function"):
        load_model("arbiter.scenarios.syria:nope")
    with pytest.raises(ValueError, match="cannot import module"):
        load_model("no_such_module_xyz:f")


def test_map_of_a_normal_form_model(tmp_path, capsys):
    # S5's default is a tree now (the pivot moves last): the shipped normal-form model file
    out = tmp_path / "dilemma.png"
    spec = str(ROOT / "examples" / "models" / "border_dilemma.toml")
    assert main(["map", spec, "t", "s", "--resolution", "4", "--out", str(out)]) == 0
    assert out.read_bytes()[:4] == b"\x89PNG"
    assert "border-dilemma" in capsys.readouterr().out


def test_map_of_a_module_function_model(tmp_path, capsys):
    out = tmp_path / "ip.png"
    spec = f"{IP_PY}:india_pakistan"
    assert main(["map", spec, "r", "k_si", "--resolution", "30", "--out", str(out)]) == 0
    assert "india-pakistan" in capsys.readouterr().out
