"""The standoff report: what ``arbiter report`` prints and writes.

For a scenario (S1 ``border-deal`` by default, S2 ``escalation``, S5
``three-way``) the report gives, in Markdown with PNG pictures:

* the parameters (default, plausible range, meaning, source);
* the equilibria at the defaults (subgame-perfect for trees, all Nash
  equilibria for normal forms) and the game tree with the path of play;
* the regimes of the subgame-perfect outcome with their exact conditions, over
  the scenario's key parameters (the others at their defaults);
* when each threat is credible (exact condition, whether it holds at the
  defaults, and the share of the plausible range where it does);
* the status-quo region with all instruments and without each one;
* a stability map over two parameters, and the robustness share over the
  whole plausible box.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from arbiter.analysis import instrument_values, robustness, stability_map, status_quo_region
from arbiter.games.model import Model
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.tree import SequentialGame
from arbiter.scenarios.syria import border_deal, escalation, three_way
from arbiter.solve.nash import nash_equilibria
from arbiter.solve.regimes import outcome_condition
from arbiter.solve.spe import subgame_perfect

__all__ = ["SCENARIOS", "Scenario", "build_report"]


@dataclass(frozen=True)
class Scenario:
    """How to report one model: which parameters to keep free and to map."""

    make: Callable[[], Model]
    title: str
    free: tuple[str, ...] = ()
    map_axes: tuple[str, str] | None = None
    posture_variants: Callable[[], dict[str, Model]] | None = None


def _s1_variants() -> dict[str, Model]:
    from arbiter.scenarios.syria.border_deal import AIR_SUPPORT, S300, TOR_M1

    every = (AIR_SUPPORT, S300, TOR_M1)
    out = {"all threats": border_deal(every), "no threat": border_deal(())}
    for name in every:
        out[f"without {name}"] = border_deal(tuple(n for n in every if n != name))
    return out


SCENARIOS: dict[str, Scenario] = {
    "border-deal": Scenario(
        border_deal,
        "S1: the border deal under Russia's threats",
        free=("w", "s_tor", "r", "k_w"),
        map_axes=("w", "r"),
        posture_variants=_s1_variants,
    ),
    "escalation": Scenario(
        escalation,
        "S2: escalation after a US strike",
        free=("f_t", "q"),
        map_axes=("f_t", "r"),
    ),
    "three-way": Scenario(three_way, "S5: Israel x Iran x Russia, simultaneous"),
}


def _table(rows: list[list[str]], head: list[str]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def _math(expr: Any) -> str:
    """A condition as inline code, with ``|`` escaped so it can sit in a table cell."""
    text = str(expr).replace("|", "\\|")
    return f"`{text}`"


class _Report:
    def __init__(self, name: str, out: Path | None, *, resolution: int, draws: int) -> None:
        self.spec = SCENARIOS[name]
        self.model = self.spec.make()
        self.out = out
        self.resolution = resolution
        self.draws = draws
        self.md: list[str] = []
        self.summary: list[str] = []

    def section(self, title: str, body: str) -> None:
        self.md.append(f"## {title}\n\n{body}\n")

    def picture(self, name: str) -> Path | None:
        return None if self.out is None else self.out / name

    # ------------------------------------------------------------- sections
    def parameters(self) -> None:
        rows = [
            [f"`{p.name}`", str(p.default), f"[{p.low}, {p.high}]", p.description, p.source]
            for p in self.model.parameters.values()
        ]
        self.section(
            "Parameters",
            "Defaults are illustrative, not measured; the ranges are what the robustness "
            "analysis sweeps.\n\n"
            + _table(rows, ["name", "default", "range", "meaning", "source"]),
        )

    def equilibria(self) -> None:
        game = self.model.at_defaults()
        if isinstance(game, NormalFormGame):
            eqs = nash_equilibria(game)
            self.summary.append(
                f"{len(eqs)} Nash equilibri{'um' if len(eqs) == 1 else 'a'} at the defaults"
            )
            notes = []
            for i, eq in enumerate(eqs):
                for player in eq.players:
                    mix = {a: p for a, p in eq.strategy(player).items() if p != 0}
                    if len(mix) > 1:
                        shares = ", ".join(f"{a} {p}" for a, p in mix.items())
                        notes.append(f"* equilibrium {i}: {player} mixes ({shares})")
            if any("Russia" in n for n in notes):
                notes.append(
                    "\nRussia's mixing is Crawford's *strategic ambiguity* (Pivotal Deterrence, "
                    "2003): neither rival can count on it leaning the other way."
                )
                self.summary.append("Russia mixes: strategic ambiguity")
            self.section("Equilibria at the defaults", f"```\n{eqs}\n```\n\n" + "\n".join(notes))
            return
        eqs = subgame_perfect(game)
        outcomes = sorted({label for e in eqs for label, p in e.outcome.items() if p != 0})
        postures = sorted({_posture(e) for e in eqs} - {None})
        self.summary.append(
            f"{len(eqs)} subgame-perfect equilibria at the defaults; outcome(s): "
            + ", ".join(outcomes)
        )
        body = [
            f"{len(eqs)} subgame-perfect equilibria (certified, largest regret "
            f"{eqs.max_regret}). Outcomes reached: "
            + ", ".join(f"**{o}**" for o in outcomes)
            + ".",
        ]
        if postures:
            body.append(
                "Postures chosen by the arbiter: " + ", ".join(f"*{p}*" for p in postures) + "."
            )
        structure = self.model.commitments
        if structure is not None:
            # What the arbiter does on the path of play: from the commitment structure, not
            # from the labels (which are the base game's).
            played: list[str] = []
            for e in eqs:
                described = structure.describe(game.outcome_distribution(e.strategies))
                played += [t for t, p in described.items() if p != 0 and t not in played]
            body.append(
                "What the arbiter does on the path of play: "
                + ", ".join(f"*{t}*" for t in played)
                + "."
            )
        body += [f"* {w}" for w in eqs.warnings]
        picture = self.picture("tree.png")
        if picture is not None:
            self.draw_tree(game, eqs[0], picture)
            body.append(f"\n![the game tree with the path of play]({picture.name})")
        self.section("Subgame-perfect equilibria at the defaults", "\n".join(body))

    def draw_tree(self, game: SequentialGame, eq: Any, path: Path) -> None:
        from arbiter.plot.tree import plot_tree  # a pyplot-free Figure: no backend to set

        posture = _posture(eq)
        root: tuple[str, ...] = (posture,) if posture and len(game.outcomes) > 40 else ()
        ax = plot_tree(
            game,
            equilibrium=eq,
            root=root,
            title=f"{self.spec.title} — {'/'.join(root) or 'whole tree'}",
        )
        ax.figure.savefig(path, dpi=110, bbox_inches="tight")

    def regimes_section(self) -> None:
        if not isinstance(self.model.game, SequentialGame) or not self.spec.free:
            return
        region = status_quo_region(self.model, free=self.spec.free)
        regs = region.regimes  # the regimes behind the region: solved once, not twice
        labels: list[str] = []
        for r in regs:
            for label, p in r.outcome.items():
                if p != 0 and label not in labels:
                    labels.append(label)
        rows = [[label, _math(outcome_condition(regs, label))] for label in labels]
        every = region.condition
        self.summary.append(
            f"status quo is the outcome of every SPE when {every} "
            f"(over {', '.join(self.spec.free)}; others at defaults)"
        )
        self.section(
            "Regimes of the subgame-perfect outcome",
            f"{len(regs)} regimes over {', '.join(f'`{p}`' for p in self.spec.free)} "
            "(the other parameters at their defaults); where each outcome is reached "
            "(weak inequalities: on a boundary the mover is indifferent and both sides' "
            "equilibria are subgame perfect):\n\n"
            + _table(rows, ["outcome", "condition"])
            + f"\n\nThe status quo is the outcome of **every** subgame-perfect equilibrium "
            f"(strict inequalities) when `{every}`; as LaTeX: ${every.latex()}$",
        )

    def credibility_section(self) -> None:
        from arbiter.leverage.credibility import credibility, credibility_probability, obligations

        if not isinstance(self.model.game, SequentialGame):
            return
        names = list(obligations(self.model))  # from model.commitments when it has them
        if not names:
            return
        rows = []
        for name in names:
            c = credibility(self.model, name)
            now = c.holds(self.model.values())
            share = credibility_probability(self.model, name, n=20_000, seed=0)
            rows.append([name, _math(c.condition), "yes" if now else "no", f"{float(share):.1%}"])
            verdict = "yes" if now else "no"
            self.summary.append(
                f"threat '{name}' credible when {c.condition}: {verdict} at defaults"
            )
        self.section(
            "When is each threat credible?",
            "Credible: the arbiter carries the threat out in every subgame-perfect equilibrium "
            "wherever it is triggered. The share is the probability of credibility in Zagare "
            "and Kilgour's sense: the share of the plausible parameter box (uniform) where it "
            "holds.\n\n"
            + _table(rows, ["threat", "condition", "at the defaults", "share of the range"]),
        )


def _posture(eq: Any) -> str | None:
    """The arbiter's announced posture in a behaviour equilibrium (None if it has none)."""
    from arbiter.leverage.commitment import POSTURE

    for plan in eq.strategies:
        dist = plan.get(POSTURE)
        if dist is not None:
            return next(a for a, p in dist.items() if p != 0)
    return None


def build_report(
    scenario: str = "border-deal",
    out: str | Path | None = None,
    *,
    resolution: int = 400,
    draws: int = 100_000,
    progress: bool = False,
) -> tuple[str, str]:
    """Run the analysis of ``scenario``; return (summary, Markdown) and write them into ``out``."""
    from arbiter.errors import InvalidArgumentError

    if scenario not in SCENARIOS:
        raise InvalidArgumentError(f"scenario must be one of {sorted(SCENARIOS)}; got {scenario!r}")
    out_dir = Path(out) if out is not None else None
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    rep = _Report(scenario, out_dir, resolution=resolution, draws=draws)
    rep.parameters()
    rep.equilibria()
    rep.regimes_section()
    rep.credibility_section()
    _analysis_sections(rep, progress=progress)
    text = f"# {rep.spec.title}\n\n{rep.model.description}\n\n" + "\n".join(rep.md)
    summary = f"{rep.spec.title}\n" + "\n".join(f"  - {s}" for s in rep.summary)
    if out_dir is not None:
        (out_dir / "report.md").write_text(text, encoding="utf-8")
    return summary, text


def _analysis_sections(rep: _Report, *, progress: bool) -> None:
    """Status-quo region with and without each instrument, stability map, robustness."""
    model = rep.model
    if not isinstance(model.game, SequentialGame):
        return
    if rep.spec.posture_variants is not None and rep.spec.free:
        rows = []
        for name, variant in rep.spec.posture_variants().items():
            free = tuple(p for p in rep.spec.free if p in variant.parameters)
            region = status_quo_region(variant, free=free)
            rows.append([name, _math(region.condition)])
        from arbiter.scenarios.syria.border_deal import AIR_SUPPORT, S300, TOR_M1

        values = instrument_values(
            border_deal, (AIR_SUPPORT, S300, TOR_M1), n=rep.draws, seed=0, progress=progress
        )
        share_rows = [
            [
                name,
                f"{v.share_with:.1%}",
                f"{v.share_without:.1%}",
                f"{v.value:+.1%} [{v.ci_low:+.1%}, {v.ci_high:+.1%}]",
            ]
            for name, v in values.items()
        ]
        for name, v in values.items():
            rep.summary.append(f"value of '{name}': {v.value:+.1%} of the plausible box")
        rep.section(
            "The status quo with and without each instrument",
            "Exact regions over "
            + ", ".join(f"`{p}`" for p in rep.spec.free)
            + " (others at their defaults): the status quo is the outcome of every "
            "subgame-perfect equilibrium when\n\n"
            + _table(rows, ["threats available", "condition"])
            + "\n\nValue of each instrument: the share of the whole plausible box "
            f"({rep.draws:,} uniform draws, same draws for both) where the status quo holds "
            "with all threats, without this one, and the difference (95% interval):\n\n"
            + _table(share_rows, ["instrument", "with", "without", "value"]),
        )
    if rep.spec.map_axes is not None:
        x, y = rep.spec.map_axes
        smap = stability_map(model, x, y, resolution=rep.resolution, progress=progress)
        stable = float(smap.values.mean())
        body = (
            f"Over `{x}` x `{y}` ({rep.resolution} x {rep.resolution} grid, other parameters "
            f"at their defaults) the status quo is stable in {stable:.1%} of the plane."
        )
        picture = rep.picture("stability_map.png")
        if picture is not None:
            smap.plot(path=picture)
            body += f"\n\n![stability map]({picture.name})"
        rep.section("Stability map", body)
    result = robustness(model, n=rep.draws, seed=0, progress=progress)
    rep.summary.append(
        f"status quo holds in {result.share:.1%} of {result.n:,} plausible draws "
        f"(95% CI {result.ci_low:.1%} to {result.ci_high:.1%})"
    )
    rep.section(
        "Robustness",
        f"Drawing every parameter uniformly from its plausible range ({result.n:,} draws, "
        f"seed {result.seed}), the status quo is the outcome of every subgame-perfect "
        f"equilibrium in **{result.share:.1%}** of draws (95% Wilson interval "
        f"{result.ci_low:.1%} to {result.ci_high:.1%}).",
    )
