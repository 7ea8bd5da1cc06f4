"""The command line and the example scripts run and say the right things."""

import runpy
import subprocess
import sys
from pathlib import Path

import matplotlib.image
import numpy as np
import pytest

from arbiter.cli import main

ROOT = Path(__file__).resolve().parents[1]
GAMBIT = ROOT / "tests" / "data" / "gambit"


def assert_picture(png: Path) -> None:
    """``png`` is a PNG file with a drawing in it: not one flat colour (a blank figure)."""
    assert png.read_bytes()[:4] == b"\x89PNG", png
    pixels = matplotlib.image.imread(png)
    assert pixels.ndim == 3 and pixels.shape[0] > 50 and pixels.shape[1] > 50, pixels.shape
    colours = np.unique(pixels.reshape(-1, pixels.shape[-1]), axis=0)
    assert len(colours) > 2, f"{png.name} is blank ({len(colours)} colours)"


def equilibrium_lines(out: str) -> set[str]:
    """The lines ``[k] ...`` of ``arbiter solve``, without their numbers."""
    return {line.split("] ", 1)[1] for line in out.splitlines() if line.lstrip().startswith("[")}


def _first_three_way(tmp_path: Path) -> str:
    """S5's first version (a normal form) as a model file: the report of a normal form."""
    from arbiter.io import write_model
    from arbiter.scenarios.syria import three_way

    path = tmp_path / "three_way_first.toml"
    write_model(three_way(credibility="lump-sum"), path)
    return str(path)


@pytest.mark.parametrize(
    ("scenario", "tree", "resolution"),
    [
        pytest.param("border-deal", True, "50", marks=pytest.mark.slow),
        ("escalation", True, "50"),
        # S5 has an information set (Iran does not see Israel's move): every map cell and
        # every ranking draw is one subgame_perfect call, so the grid is small (about a minute).
        pytest.param("three-way", True, "12", marks=pytest.mark.slow),
        pytest.param("three-way-lump-sum", False, "50", marks=pytest.mark.slow),
    ],
)
def test_report_prints_and_writes(scenario, tree, resolution, tmp_path, capsys):
    out = tmp_path / scenario
    source = _first_three_way(tmp_path) if scenario == "three-way-lump-sum" else scenario
    code = main(
        [
            "report",
            source,
            "--out",
            str(out),
            "--resolution",
            resolution,
            "--draws",
            "100",
            "--no-progress",
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert f"report written to {out / 'report.md'}" in printed
    text = (out / "report.md").read_text(encoding="utf-8")
    assert text.startswith(f"# {scenario}: standoff report")
    pictures = sorted(out.glob("*.png"))
    for png in pictures:
        assert_picture(png)
        assert f"]({png.name})" in text
        assert png.with_suffix(".pdf").is_file()  # vector copy for print
    assert "\\begin{tabular}" in (out / "report.tex").read_text(encoding="utf-8")
    names = {p.name for p in pictures}
    assert "stability_map.png" in names and "## Robustness" in text
    if tree:  # a sequential game: its tree, with the path of play, is drawn
        assert "tree.png" in names
    else:  # a normal form: no tree; the equilibrium is in the text, maps over Nash sets
        assert "tree.png" not in names
        assert "Lean on Iran: 3/5" in text


def test_default_report_is_the_border_deal(tmp_path, capsys):
    assert (
        main(
            [
                "report",
                "--out",
                str(tmp_path),
                "--resolution",
                "50",
                "--draws",
                "2000",
                "--no-progress",
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "border-deal" in printed and "status quo" in printed
    assert "withdraw air support' credible when T*e*v > k_w: yes" in printed


def test_unknown_scenario_is_refused(capsys):
    assert main(["report", "no-such-scenario"]) == 2
    err = capsys.readouterr().err
    assert "unknown model 'no-such-scenario'" in err and len(err.strip().splitlines()) == 1


def test_solve_classic(capsys):
    assert main(["solve", "battle-of-the-sexes"]) == 0
    out = capsys.readouterr().out
    assert "3 equilibria" in out
    assert equilibrium_lines(out) == {
        "Her plays Opera (payoff 2); Him plays Opera (payoff 1)",
        "Her plays {Opera: 2/3, Football: 1/3} (payoff 2/3); "
        "Him plays {Opera: 1/3, Football: 2/3} (payoff 2/3)",
        "Her plays Football (payoff 1); Him plays Football (payoff 2)",
    }


def test_solve_unknown_game_is_a_clear_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["solve", "no-such-game"])
    assert exc.value.code == 2
    assert "unknown game 'no-such-game'" in capsys.readouterr().err


def test_module_entry_point_runs():
    done = subprocess.run(
        [sys.executable, "-m", "arbiter", "solve", "--list"], capture_output=True, text=True
    )
    assert done.returncode == 0 and "chicken" in done.stdout


@pytest.mark.parametrize("script", sorted((ROOT / "examples").glob("*.py")), ids=lambda p: p.name)
def test_examples_run(script, capsys):
    runpy.run_path(str(script), run_name="__main__")
    assert capsys.readouterr().out.strip()


def test_solve_gambit_file(capsys):
    """Selten's e02 (Gambit's examples): player 1 plays its first strategy and player 2 mixes
    with at least 1/2 on its first; the extreme points are y = 1 and y = 1/2."""
    assert main(["solve", str(ROOT / "tests" / "data" / "gambit" / "e02.nfg")]) == 0
    out = capsys.readouterr().out
    assert "2 equilibria" in out and "degenerate" in out
    assert equilibrium_lines(out) == {
        "Player 1 plays 1 (payoff 1); Player 2 plays 1 (payoff 1)",
        "Player 1 plays 1 (payoff 1); Player 2 plays {1: 1/2, 2: 1/2} (payoff 1)",
    }


def test_solve_labelled_gambit_file(capsys):
    """2x3 with quoted labels: Centre is dominated (0 < 2, -1 < 5/4); of the 2x2 left, the
    mixed equilibrium makes Column indifferent (2x + 5/4 (1 - x) = 3x/2 + 3 (1 - x): x = 7/9)
    and Row indifferent (4y - 3 = 31y/12 - 7/3: y = 8/17)."""
    assert main(["solve", str(GAMBIT / "pygambit_labelled_2x3.nfg")]) == 0
    out = capsys.readouterr().out
    assert "3 equilibria" in out and "degenerate" not in out
    assert equilibrium_lines(out) == {
        'Row "the first" plays Top (payoff 1); Column plays Left (payoff 2)',
        'Row "the first" plays {Top: 7/9, Bottom "B": 2/9} (payoff -19/17); '
        "Column plays {Left: 8/17, Right: 9/17} (payoff 11/6)",
        'Row "the first" plays Bottom "B" (payoff -7/3); Column plays Right (payoff 3)',
    }


def test_solve_gambit_tree(capsys):
    """e02 as a tree: its reduced normal form has the equilibria of e02.nfg, and backward
    induction gives l at (1,2), R for player 2 and R at the root."""
    assert main(["solve", str(GAMBIT / "e02.efg")]) == 0
    out = capsys.readouterr().out
    spe, nash = out.split("Nash equilibria (reduced strategic form):")  # SPE first
    assert "2 equilibria (vertex-enumeration, degenerate game, exact)" in nash
    assert equilibrium_lines(nash) == {
        "Player 1 plays R (payoff 1); Player 2 plays R (payoff 1) -> Outcome 1",
        "Player 1 plays R (payoff 1); Player 2 plays {R: 1/2, L: 1/2} (payoff 1) -> Outcome 1",
    }
    assert "1 equilibrium (backward-induction, exact)" in spe and "Outcome 1" in spe


def test_solve_missing_file_is_a_clear_error(capsys):
    assert main(["solve", "no-such-file.nfg"]) == 2
    assert "no-such-file.nfg" in capsys.readouterr().err


def test_solve_model_file(tmp_path, capsys):
    # a three-player normal form (S5's first version, written to a file); the shipped
    # three_way.toml is now a tree whose reduced strategic form is 2 x 2 x 81
    assert main(["solve", _first_three_way(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "default parameters" in out and "Lean on Iran: 3/5" in out


def test_map_writes_png(tmp_path, capsys):
    out = tmp_path / "map.png"
    code = main(
        [
            "map",
            "border-deal",
            "w",
            "v",
            "--resolution",
            "40",
            "--set",
            "s_tor=3",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    assert_picture(out)
    assert "status quo stable on" in capsys.readouterr().out


def test_map_bad_parameter_is_a_clear_error(tmp_path, capsys):
    assert main(["map", "border-deal", "w", "nope", "--out", str(tmp_path / "m.png")]) == 2
    assert "'nope' is not a parameter" in capsys.readouterr().err
