"""The command line and the example scripts run and say the right things."""

import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from arbiter.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("scenario", ["border-deal", "escalation", "three-way"])
def test_report_prints_and_writes(scenario, tmp_path, capsys):
    out = tmp_path / scenario
    code = main(
        [
            "report",
            scenario,
            "--out",
            str(out),
            "--resolution",
            "50",
            "--draws",
            "2000",
            "--no-progress",
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert f"report written to {out / 'report.md'}" in printed
    text = (out / "report.md").read_text(encoding="utf-8")
    assert text.startswith("# S")
    for png in out.glob("*.png"):
        assert png.read_bytes()[:4] == b"\x89PNG"
        assert png.name in text


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
    assert "border deal" in printed and "status quo" in printed
    assert "withdraw air support' credible when r > k_w: yes" in printed


def test_unknown_scenario_is_refused(capsys):
    with pytest.raises(SystemExit):
        main(["report", "no-such-scenario"])
    assert "invalid choice" in capsys.readouterr().err


def test_solve_classic(capsys):
    assert main(["solve", "battle-of-the-sexes"]) == 0
    out = capsys.readouterr().out
    assert "3 equilibria" in out and "2/3" in out


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
    assert main(["solve", str(ROOT / "tests" / "data" / "gambit" / "e02.nfg")]) == 0
    assert "equilibri" in capsys.readouterr().out


def test_solve_missing_file_is_a_clear_error(capsys):
    assert main(["solve", "no-such-file.nfg"]) == 1
    assert "no-such-file.nfg" in capsys.readouterr().err


def test_solve_model_file(capsys):
    assert main(["solve", str(ROOT / "examples" / "models" / "three_way.toml")]) == 0
    out = capsys.readouterr().out
    assert "default parameters" in out and "Lean on Iran: 3/5" in out


def test_map_writes_png(tmp_path, capsys):
    out = tmp_path / "map.png"
    code = main(
        [
            "map",
            "border-deal",
            "w",
            "r",
            "--resolution",
            "40",
            "--set",
            "s_tor=3",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    assert out.read_bytes()[:4] == b"\x89PNG"
    assert "status quo stable on" in capsys.readouterr().out


def test_map_bad_parameter_is_a_clear_error(tmp_path, capsys):
    assert main(["map", "border-deal", "w", "nope", "--out", str(tmp_path / "m.png")]) == 1
    assert "'nope' is not a parameter" in capsys.readouterr().err
