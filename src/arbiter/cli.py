"""The ``arbiter`` command line.

``arbiter report [SCENARIO] [--out DIR]``
    The main job: the standoff analysis of a scenario (default ``border-deal``,
    S1; also ``escalation`` and ``three-way``) — equilibria, regimes, credibility
    of each threat, status-quo region with and without each instrument,
    stability map, robustness — printed as a short summary and written as
    ``DIR/report.md`` with PNG pictures (default DIR: ``report``).
``arbiter solve GAME``
    Solve a Gambit file (``.nfg`` / ``.efg``), a model file (``.toml`` /
    ``.json``, at its default parameters) or a classic game by name (see
    ``arbiter solve --list``); trees are also solved for subgame perfection.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from arbiter import __version__
from arbiter.errors import ArbiterError
from arbiter.games.tree import SequentialGame
from arbiter.io import read_game, read_model
from arbiter.report import SCENARIOS, build_report
from arbiter.scenarios.classics import CLASSICS, TREES
from arbiter.solve import nash_equilibria

__all__ = ["main"]

_GAMES = {**CLASSICS, **TREES}


def report(scenario: str, out: Path, *, resolution: int, draws: int, progress: bool) -> str:
    """Run the standoff analysis of ``scenario``, write ``out/report.md``; return the summary."""
    summary, _ = build_report(scenario, out, resolution=resolution, draws=draws, progress=progress)
    return f"{summary}\n\nreport written to {out / 'report.md'}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="arbiter", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"arbiter {__version__}")
    sub = parser.add_subparsers(dest="command")
    rep = sub.add_parser("report", help="analyse a standoff; write a Markdown report with pictures")
    rep.add_argument(
        "scenario",
        nargs="?",
        default="border-deal",
        choices=sorted(SCENARIOS),
        help="the scenario (default: border-deal, S1)",
    )
    rep.add_argument("--out", type=Path, default=Path("report"), help="output directory")
    rep.add_argument("--resolution", type=int, default=400, help="stability map grid size")
    rep.add_argument("--draws", type=int, default=100_000, help="robustness draws")
    rep.add_argument("--no-progress", action="store_true", help="hide progress bars")
    sol = sub.add_parser("solve", help="solve a Gambit file, a model file or a classic game")
    sol.add_argument(
        "name", nargs="?", help=f"a .nfg/.efg/.toml/.json file or one of {sorted(_GAMES)}"
    )
    sol.add_argument("--list", action="store_true", help="list the available games")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``arbiter`` command; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["report"])
    if args.command == "report":
        try:
            print(
                report(
                    args.scenario,
                    args.out,
                    resolution=args.resolution,
                    draws=args.draws,
                    progress=not args.no_progress,
                )
            )
        except ArbiterError as exc:
            print(f"arbiter report: {exc}", file=sys.stderr)
            return 1
        return 0
    if args.list or args.name is None:
        print("\n".join(sorted(_GAMES)))
        return 0
    if args.name in _GAMES:
        game = _GAMES[args.name]()
    elif Path(args.name).suffix in (".nfg", ".efg", ".toml", ".json"):
        try:
            if Path(args.name).suffix in (".nfg", ".efg"):
                game = read_game(args.name)
            else:
                model = read_model(args.name)
                print(f"model {model.name!r} at its default parameters")
                game = model.at_defaults()
        except (OSError, ArbiterError) as exc:
            print(f"arbiter solve: {exc}", file=sys.stderr)
            return 1
    else:
        parser.error(
            f"unknown game {args.name!r}; give a .nfg/.efg file or one of {sorted(_GAMES)}"
        )
    print(game)
    print()
    print(nash_equilibria(game))
    if isinstance(game, SequentialGame):
        from arbiter.solve.spe import subgame_perfect

        print()
        print(subgame_perfect(game))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
