r"""The standoff report: what ``arbiter report`` prints and writes, for any model.

The report is built from the :class:`~arbiter.games.model.Model` alone (a
scenario, a model file, or your own ``module:function``): nothing in it
knows a particular standoff. It writes ``report.md`` (Markdown), the LaTeX
fragment ``report.tex`` (tables of parameters, regimes, credibility and
instrument values, to ``\input`` into a paper) and its figures as PNG and
PDF, the interactive explorer ``explorer.html`` (:mod:`arbiter.explore`, linked
at the end of the Markdown), and returns a short summary. Sections:

* **Parameters**: default, plausible range, meaning, source.
* **Equilibria at the defaults**: the subgame-perfect equilibria of a tree
  (with the outcomes reached and what the arbiter does on the path of play,
  read from ``model.commitments``) and the tree with the path of play; all
  Nash equilibria of a normal form.
* **Which parameters matter** (the axes of the map), by a documented rule
  (:func:`rank_parameters`, :func:`choose_axes`).
* **Regimes** over the two chosen parameters (the others at their defaults):
  where each outcome is reached, as exact :class:`~arbiter.conditions.Condition`
  values; for a normal form, where each pure profile is an equilibrium.
* **Credibility of each commitment** (threats and promises, from
  ``model.commitments``): the exact condition, whether it holds at the
  defaults, and the share of the plausible box where it does, exact
  (:func:`arbiter.analysis.box_share`) where the condition is linear in one
  or two parameters, else sampled with its 95% interval.
* **The status quo with and without each commitment**: exact regions over
  the chosen parameters and, over the whole box, each commitment's value
  (:func:`arbiter.analysis.instrument_value`).
* **Stability map** over the chosen parameters, and **robustness** (the share
  of uniform draws of the whole box where the status quo holds, Wilson
  interval). Normal forms get both too, over their Nash equilibria
  (:mod:`arbiter.analysis.normal`; fewer cells and draws, as each is one
  complete solve).

>>> from arbiter.loading import load_model
>>> model = load_model("escalation")
>>> best, score = rank_parameters(model, n=4096)[0]
>>> best in model.parameters and 0 < score <= 1
True
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from arbiter.analysis import (
    box_share,
    instrument_value,
    robustness,
    stability_map,
    status_quo_region,
)
from arbiter.analysis.qre_maps import qre_stability_map
from arbiter.conditions import Condition
from arbiter.errors import ArbiterError
from arbiter.games.model import Model
from arbiter.games.normal_form import NormalFormGame
from arbiter.games.tree import SequentialGame
from arbiter.loading import SCENARIOS, load_model
from arbiter.solve.nash import nash_equilibria
from arbiter.solve.regimes import outcome_condition
from arbiter.solve.spe import subgame_perfect

__all__ = [
    "INFOSET_CELLS",
    "INFOSET_DRAWS",
    "NASH_CELLS",
    "NASH_DRAWS",
    "QRE_CELLS",
    "QRE_LAM",
    "SCENARIOS",
    "build_report",
    "choose_axes",
    "rank_parameters",
    "without_commitment",
]

#: Normal-form maps: at most this many cells per axis (each cell is one Nash solve).
NASH_CELLS = 15
#: Normal-form robustness: at most this many draws (each is one Nash solve).
NASH_DRAWS = 150
#: Draws of the small sample that ranks the parameters of a tree.
RANK_DRAWS = 4096
#: Trees with information sets are solved point by point (no batched solver): their maps,
#: samples and ranking are capped at these sizes.
INFOSET_CELLS = 24
INFOSET_DRAWS = 2000
INFOSET_RANK_DRAWS = 512
#: Trees: the QRE map beside the SPE map, at this precision (per payoff unit) and at most
#: this many cells per axis.
QRE_LAM = 1.0
QRE_CELLS = 100
#: Figures: width for a one-column print layout (inches) and raster resolution.
DPI = 200


# ====================================================================== the axis rule
def rank_parameters(model: Model, *, n: int = RANK_DRAWS, seed: int = 0) -> list[tuple[str, float]]:
    """The parameters ordered by how much the status quo depends on them, with their scores.

    **The rule.** For a tree, draw ``n`` points uniformly from the whole
    plausible box (seeded; :func:`arbiter.robustness`) and split the draws
    into quartiles of each parameter: the score is the largest minus the
    smallest share of draws where the status quo is stable among the four
    quartiles, i.e. how much the status-quo share changes when the parameter
    moves across its range. For a normal form (each point a complete Nash
    solve), move each parameter alone over five evenly spaced values with
    the others at their defaults: the score is the range of the status quo's
    probability in the Nash equilibria (their mean at each value), plus a
    hundredth per distinct set of equilibria met on the way (so a parameter
    that changes what is played ranks above one that changes nothing).
    Parameters with an empty range score 0. Ties keep the model's order.
    """
    names = [k for k, p in model.parameters.items() if p.high > p.low]
    if isinstance(model.game, SequentialGame):
        rob = robustness(model, n=n, seed=seed, progress=False)
        effects = {e.name: e.quartile_shares for e in rob.parameters}
        scores = {}
        for k in names:
            shares = [s for s in effects.get(k, ()) if not math.isnan(s)]
            scores[k] = max(shares) - min(shares) if shares else 0.0
    else:
        from arbiter.analysis.normal import _classify, status_quo_profiles

        profiles = status_quo_profiles(model)
        scores = {}
        for k in names:
            p = model.parameters[k]
            probs, classes = [], set()
            for t in np.linspace(float(p.low), float(p.high), 5):
                try:
                    text, _ = _classify(model, {k: float(t)}, profiles)
                    probs.append(_sq_probability(model, {k: float(t)}, profiles))
                    classes.add(text)
                except ArbiterError:
                    continue
            scores[k] = (max(probs) - min(probs) if probs else 0.0) + len(classes) / 100
    order = sorted(names, key=lambda k: -scores[k])
    return [(k, scores[k]) for k in order]


def _sq_probability(model: Model, values: dict[str, float], profiles: Any) -> float:
    eqs = nash_equilibria(model.at(values, extrapolate=True))
    total = 0.0
    for eq in eqs:
        probs = [[float(q) for q in s] for s in eq.strategies]
        total += sum(math.prod(probs[i][a] for i, a in enumerate(idx)) for idx in profiles)
    return total / max(len(eqs), 1)


def choose_axes(model: Model, ranking: Sequence[tuple[str, float]]) -> tuple[str, str]:
    """The two map axes: the best-ranked pair whose map at the defaults is not one colour.

    Among pairs of the four best-ranked parameters (ordered by the sum of
    their ranks), the first whose coarse 16 x 16 map (numeric solve, others
    at their defaults) has the status quo stable on part of the plane only;
    failing that, the first whose map shows two outcomes or more; failing
    that, the two best-ranked parameters. Normal forms take the two
    best-ranked parameters (their ranking already counts what changes).
    """
    names = [k for k, _ in ranking]
    if len(names) < 2:
        from arbiter.errors import NotSupportedError

        raise NotSupportedError(
            f"model {model.name!r} has fewer than two parameters with a range; no map to draw"
        )
    if not isinstance(model.game, SequentialGame):
        return names[0], names[1]
    top = names[:4]
    pairs = sorted(combinations(range(len(top)), 2), key=lambda ij: (sum(ij), ij))
    mixed = None
    for i, j in pairs:
        try:
            smap = stability_map(
                model, top[i], top[j], resolution=16, method="numeric", progress=False
            )
        except ArbiterError:
            continue
        if 0 < smap.values.mean() < 1:
            return top[i], top[j]
        if mixed is None and len(np.unique(smap.regimes)) > 1:
            mixed = (top[i], top[j])
    return mixed or (names[0], names[1])


# ====================================================================== variants
def without_commitment(model: Model, name: str | None) -> Model:
    """The model with commitment ``name`` removed (``None``: without any), from its structure.

    The posture list is rebuilt: every subset of the remaining commitments
    when the model had every subset, otherwise the postures that do not
    announce ``name``. Parameters are kept (the same box).
    """
    from arbiter.leverage.commitment import commitment_structure

    structure = model.commitments
    if structure is None:
        raise ArbiterError(f"model {model.name!r} has no commitments")
    keep = tuple(c for c in structure.commitments if name is not None and c.name != name)
    if not keep:
        return Model(
            model.name, structure.base, model.parameters, model.status_quo, model.description
        )
    costs = {n: c for n, c in structure.reputation_costs if n in {k.name for k in keep}}
    full = commitment_structure(
        structure.base, structure.commitments, reputation_cost=dict(structure.reputation_costs)
    )
    postures = None
    if full.postures != structure.postures:
        postures = {p: m for p, m in structure.postures if name not in m}
    sub = commitment_structure(structure.base, keep, reputation_cost=costs, postures=postures)
    return Model(
        model.name,
        sub.game,
        model.parameters,
        model.status_quo,
        model.description,
        commitments=sub,
    )


# ====================================================================== text helpers
def _table(rows: list[list[str]], head: list[str]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def _code(text: Any) -> str:
    """Inline code, with ``|`` escaped so it can sit in a table cell."""
    return "`" + str(text).replace("|", "\\|") + "`"


_TEX = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _tex(text: Any) -> str:
    """Plain text escaped for LaTeX."""
    return re.sub(r"[\\&%$#_{}~^]", lambda m: _TEX[m.group()], str(text))


def _tex_table(caption: str, head: list[str], rows: list[list[str]], spec: str) -> str:
    body = "\n".join("  " + " & ".join(r) + r" \\" for r in rows)
    return (
        "\\begin{table}[htbp]\n\\centering\\small\n"
        f"\\caption{{{_tex(caption)}}}\n"
        f"\\begin{{tabular}}{{{spec}}}\n\\hline\n  "
        + " & ".join(f"\\textbf{{{_tex(h)}}}" for h in head)
        + " \\\\\n\\hline\n"
        + body
        + "\n\\hline\n\\end{tabular}\n\\end{table}\n"
    )


def _latex_of(cond: Any) -> str:
    return f"${cond.latex()}$"


@dataclass
class _Report:
    model: Model
    out: Path | None
    resolution: int
    draws: int
    progress: bool
    md: list[str] = field(default_factory=list)
    tex: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    axes: tuple[str, str] | None = None

    @property
    def tree(self) -> bool:
        return isinstance(self.model.game, SequentialGame)

    @property
    def rank_draws(self) -> int:
        return INFOSET_RANK_DRAWS if _has_infosets(self.model) else RANK_DRAWS

    def section(self, title: str, body: str) -> None:
        self.md.append(f"## {title}\n\n{body}\n")

    def figure(self, fig: Any, stem: str) -> str | None:
        """Save ``fig`` as PNG and PDF; return the Markdown image line."""
        if self.out is None:
            return None
        for suffix in (".png", ".pdf"):
            fig.savefig(self.out / f"{stem}{suffix}", dpi=DPI, bbox_inches="tight")
        return f"![{stem}]({stem}.png) ([PDF]({stem}.pdf))"

    # ----------------------------------------------------------------- sections
    def parameters(self) -> None:
        params = list(self.model.parameters.values())
        rows = [
            [f"`{p.name}`", str(p.default), f"[{p.low}, {p.high}]", p.description, p.source]
            for p in params
        ]
        self.section(
            "Parameters",
            "Defaults and plausible ranges as the model gives them; the robustness analysis "
            "draws every parameter uniformly from its range.\n\n"
            + _table(rows, ["name", "default", "range", "meaning", "source"]),
        )
        self.tex.append(
            _tex_table(
                f"Parameters of {self.model.name}",
                ["", "default", "range", "meaning"],
                [
                    [
                        f"${_symbol_tex(p.name)}$",
                        str(p.default),
                        f"$[{p.low}, {p.high}]$",
                        _tex(p.description),
                    ]
                    for p in params
                ],
                "lllp{0.55\\linewidth}",
            )
        )

    def equilibria(self) -> None:
        game = self.model.at_defaults()
        if isinstance(game, NormalFormGame):
            self._nash(game)
        else:
            self._spe(game)

    def _nash(self, game: NormalFormGame) -> None:
        eqs = nash_equilibria(game)
        n = len(eqs)
        self.summary.append(f"{n} Nash equilibri{'um' if n == 1 else 'a'} at the defaults")
        notes = []
        for i, eq in enumerate(eqs):
            for player in eq.players:
                mix = {a: p for a, p in eq.strategy(player).items() if p != 0}
                if len(mix) > 1:
                    shares = ", ".join(f"{a} {p}" for a, p in mix.items())
                    notes.append(f"* equilibrium {i}: {player} mixes ({shares})")
        self.section("Nash equilibria at the defaults", f"```\n{eqs}\n```\n\n" + "\n".join(notes))

    def _spe(self, game: SequentialGame) -> None:
        try:
            eqs = subgame_perfect(game)
        except ArbiterError as exc:
            self.summary.append(f"subgame-perfect equilibria at the defaults: {exc}")
            self.section("Subgame-perfect equilibria at the defaults", f"Not computed: {exc}")
            return
        outcomes = sorted({label for e in eqs for label, p in e.outcome.items() if p != 0})
        self.summary.append(
            f"{len(eqs)} subgame-perfect equilibri{'um' if len(eqs) == 1 else 'a'} at the "
            f"defaults; outcome(s): " + ", ".join(outcomes)
        )
        body = [
            f"{len(eqs)} subgame-perfect equilibri{'um' if len(eqs) == 1 else 'a'} (certified, "
            f"largest regret {eqs.max_regret}). Outcomes reached: "
            + ", ".join(f"**{o}**" for o in outcomes)
            + "."
        ]
        structure = self.model.commitments
        if structure is not None:
            # What the arbiter does on the path of play: from the commitment structure,
            # never from labels.
            postures: list[str] = []
            played: list[str] = []
            for e in eqs:
                dist = game.outcome_distribution(e.strategies)
                for path, p in dist.items():
                    if p == 0:
                        continue
                    leaf = structure.leaf(path)
                    if leaf.posture not in postures:
                        postures.append(leaf.posture)
                    text = leaf.describe()
                    if text not in played:
                        played.append(text)
            body.append(
                f"Postures {structure.arbiter} announces in some equilibrium: "
                + ", ".join(f"*{p}*" for p in postures)
                + ". On the path of play: "
                + "; ".join(f"*{t}*" for t in played)
                + "."
            )
        body += [f"* {w}" for w in eqs.warnings]
        if self.out is not None and len(eqs):
            from arbiter.plot.tree import plot_tree

            root: tuple[str, ...] = ()
            if len(game.outcomes) > 40:
                first = next(
                    path
                    for path, p in game.outcome_distribution(eqs[0].strategies).items()
                    if p != 0
                )
                root = first[:1]
            try:
                ax = plot_tree(
                    game,
                    equilibrium=eqs[0],
                    root=root,
                    title=f"{self.model.name}: the path of play"
                    + (f" below {'/'.join(root)}" if root else ""),
                )
                body.append("\n" + (self.figure(ax.figure, "tree") or ""))
            except ArbiterError as exc:
                body.append(f"\n(tree not drawn: {exc})")
        self.section("Subgame-perfect equilibria at the defaults", "\n".join(body))

    def choose(self) -> None:
        t0 = time.perf_counter()
        ranking = rank_parameters(self.model, n=self.rank_draws)
        self.axes = choose_axes(self.model, ranking)
        self.timings["axes"] = time.perf_counter() - t0
        x, y = self.axes
        rows = [[f"`{k}`", f"{s:.3f}"] for k, s in ranking[:6]]
        rule = (
            "the spread of the status-quo share across the quartiles of each parameter, over "
            f"{self.rank_draws:,} uniform draws of the whole box"
            if self.tree
            else "the range of the status quo's equilibrium probability when the parameter "
            "moves alone across its range (5 values, others at defaults), plus 0.01 per "
            "distinct equilibrium set met"
        )
        self.summary.append(f"parameters that matter most: {x}, {y} (map axes)")
        self.section(
            "Which parameters matter most",
            f"Ranked by {rule} (`arbiter.report.rank_parameters`); the map and the regimes use "
            f"the best-ranked pair whose map at the defaults is not one colour "
            f"(`choose_axes`): **`{x}`** and **`{y}`**.\n\n" + _table(rows, ["parameter", "score"]),
        )

    def regimes(self) -> None:
        assert self.axes is not None
        x, y = self.axes
        free = f"`{x}` and `{y}` (the other parameters at their defaults)"
        if not self.tree:
            self._pure_regimes()
            return
        try:
            region = status_quo_region(self.model, free=self.axes)
        except ArbiterError as exc:
            self.section("Regimes", f"Not computed over {free}: {exc}")
            return
        regs = region.regimes
        labels: list[str] = []
        for r in regs:
            for label, p in r.outcome.items():
                if p != 0 and label not in labels:
                    labels.append(label)
        conds = [(label, outcome_condition(regs, label)) for label in labels]
        every = region.condition
        self.region = region
        self.summary.append(
            f"status quo is the outcome of every SPE when {every} (over {x}, {y}; others at "
            "defaults)"
        )
        self.section(
            "Regimes of the subgame-perfect outcome",
            f"{len(regs)} regimes over {free}. Where each outcome is reached by some "
            "subgame-perfect equilibrium (weak inequalities: on a boundary a mover is "
            "indifferent and both sides' equilibria are subgame perfect):\n\n"
            + _table([[label, _code(c)] for label, c in conds], ["outcome", "condition"])
            + "\n\nThe status quo is the outcome of **every** subgame-perfect equilibrium "
            f"(strict inequalities) when\n\n    {every}\n\nin LaTeX: `${every.latex()}$`.",
        )
        self.tex.append(
            _tex_table(
                f"Regimes of {self.model.name} over {x} and {y} (others at defaults)",
                ["outcome", "reached when"],
                [[_tex(label), _latex_of(c)] for label, c in conds]
                + [[r"\emph{status quo in every SPE}", _latex_of(every)]],
                "lp{0.6\\linewidth}",
            )
        )

    def _pure_regimes(self) -> None:
        from arbiter.solve.pure import pure_equilibria

        assert self.axes is not None
        x, y = self.axes
        fixed = {k: v for k, v in self.model.values().items() if k not in self.axes}
        game = self.model.game.subs(fixed)
        eqs = pure_equilibria(game)
        rows, tex_rows = [], []
        for eq in eqs:
            cond = Condition.from_sympy(eq.condition)
            if cond.is_empty():
                continue
            profile = "/".join(eq.pure_profile)
            rows.append([profile, _code(cond)])
            tex_rows.append([_tex(profile), _latex_of(cond)])
        self.section(
            "Pure equilibria and their regimes",
            f"Where each pure profile is a Nash equilibrium, over `{x}` and `{y}` (the other "
            "parameters at their defaults); elsewhere only mixed equilibria exist:\n\n"
            + (_table(rows, ["profile", "an equilibrium when"]) if rows else "(none)"),
        )
        if tex_rows:
            self.tex.append(
                _tex_table(
                    f"Pure equilibria of {self.model.name} over {x} and {y}",
                    ["profile", "an equilibrium when"],
                    tex_rows,
                    "lp{0.6\\linewidth}",
                )
            )

    def credibility(self) -> None:
        from arbiter.leverage.credibility import credibility, obligations

        if not self.tree:
            return
        structure = self.model.commitments
        names = list(structure.names) if structure is not None else list(obligations(self.model))
        if not names:
            return
        defaults = self.model.values()
        rows, tex_rows = [], []
        for name in names:
            c = credibility(self.model, name)
            now = "yes" if c.holds(defaults) else "no"
            share = box_share(c.condition, self.model)
            what = name
            if structure is not None:
                com = structure.commitment(name)
                act = getattr(com, "trigger", None) or getattr(com, "restraint", "")
                what = f"{name} ({c.kind} to {com.instrument.target}, on {act})"
            rows.append([what, _code(c.condition), now, str(share)])
            tex_rows.append([_tex(what), _latex_of(c.condition), now, _tex(str(share))])
            self.summary.append(
                f"{c.kind} '{name}' credible when {c.condition}: {now} at defaults; "
                f"share of the box {share}"
            )
        self.section(
            "Credibility of each commitment",
            "Credible: the arbiter carries the threat out (delivers the promise) in every "
            "subgame-perfect equilibrium wherever it is due. The share is the probability of "
            "credibility in Zagare and Kilgour's sense: the share of the plausible box "
            "(uniform) where the condition holds, exact where the condition is linear in one "
            "or two parameters (`arbiter.analysis.box_share`), otherwise sampled with its 95% "
            "interval.\n\n"
            + _table(rows, ["commitment", "credible when", "at the defaults", "share of the box"]),
        )
        self.tex.append(
            _tex_table(
                f"Credibility of each commitment in {self.model.name}",
                ["commitment", "credible when", "defaults", "share"],
                tex_rows,
                "p{0.3\\linewidth}p{0.3\\linewidth}ll",
            )
        )

    def instruments(self) -> None:
        structure = self.model.commitments
        if not self.tree or structure is None or self.axes is None:
            return
        x, y = self.axes
        t0 = time.perf_counter()
        variants = {"all commitments": self.model}
        for name in structure.names:
            variants[f"without {name}"] = without_commitment(self.model, name)
        if len(structure.names) > 1:
            variants["none"] = without_commitment(self.model, None)
        rows = []
        for label, variant in variants.items():
            try:
                cond = status_quo_region(variant, free=self.axes).condition
                rows.append([label, _code(cond)])
            except ArbiterError as exc:
                rows.append([label, f"not computed: {exc}"])
        values, tex_rows = [], []
        for name in structure.names:
            v = instrument_value(
                self.model,
                variants[f"without {name}"],
                instrument=name,
                n=self.draws,
                seed=0,
                progress=self.progress,
            )
            values.append(
                [
                    name,
                    f"{v.share_with:.1%}",
                    f"{v.share_without:.1%}",
                    f"{v.value:+.1%} [{v.ci_low:+.1%}, {v.ci_high:+.1%}]",
                ]
            )
            tex_rows.append([_tex(c) for c in values[-1]])
            self.summary.append(f"value of '{name}': {v.value:+.1%} of the plausible box")
        self.timings["instruments"] = time.perf_counter() - t0
        self.section(
            "The status quo with and without each commitment",
            f"Exact regions over `{x}` and `{y}` (others at their defaults): the status quo "
            "is the outcome of every subgame-perfect equilibrium when\n\n"
            + _table(rows, ["commitments available", "condition"])
            + "\n\nValue of each commitment: the share of the whole plausible box "
            f"({self.draws:,} uniform draws, the same draws for both models) where the status "
            "quo holds with all commitments, without this one, and the difference (95% "
            "interval):\n\n" + _table(values, ["commitment", "with", "without", "value"]),
        )
        self.tex.append(
            _tex_table(
                f"Value of each commitment in {self.model.name} ({self.draws:,} draws)",
                ["commitment", "with", "without", "value [95\\% interval]"],
                tex_rows,
                "lrrl",
            )
        )

    def stability_map(self) -> None:
        if self.axes is None:
            return
        x, y = self.axes
        t0 = time.perf_counter()
        res = self.resolution if self.tree else min(self.resolution, NASH_CELLS)
        smap = stability_map(self.model, x, y, resolution=res, progress=self.progress)
        self.timings["map"] = time.perf_counter() - t0
        stable = float(smap.values.mean())
        what = (
            "the status quo is the outcome of every subgame-perfect equilibrium"
            if self.tree
            else "every Nash equilibrium reaches the status quo"
        )
        body = (
            f"Over `{x}` x `{y}` ({res} x {res} grid, other parameters at their defaults) "
            f"{what} in {stable:.1%} of the plane; {len(set(smap.labels))} distinct "
            f"{'outcomes' if self.tree else 'equilibrium sets'} appear."
        )
        if self.out is not None:
            ax = smap.plot()
            ax.set_title(f"{self.model.name}: where {self.model.status_quo_name!r} is stable")
            body += "\n\n" + (self.figure(ax.figure, "stability_map") or "")
        self.summary.append(f"map over {x} x {y}: status quo stable on {stable:.1%}")
        if self.tree:
            body += "\n\n" + self._qre_map(x, y, smap)
        self.section("Stability map", body)

    def _qre_map(self, x: str, y: str, smap: Any) -> str:
        """The same plane under agent logit QRE at precision ``QRE_LAM``: the step as a slope."""
        res = min(self.resolution, QRE_CELLS)
        t0 = time.perf_counter()
        try:
            qmap = qre_stability_map(self.model, x, y, QRE_LAM, resolution=res, progress=False)
        except ArbiterError as exc:
            return f"No QRE map: {exc}"
        self.timings["qre map"] = time.perf_counter() - t0
        mean = float(qmap.values.mean())
        text = (
            f"Under agent logit quantal response (precision lambda = {QRE_LAM:g} per payoff "
            f"unit, {res} x {res} grid; McKelvey and Palfrey 1998) play ends in the status "
            f"quo with probability {mean:.1%} on average over the plane: where the "
            "subgame-perfect map steps, this one slopes."
        )
        if self.out is not None:
            on_grid = smap if res == smap.values.shape[0] else None
            ax = qmap.plot(spe=on_grid)
            ax.set_title(f"{self.model.name}: P({self.model.status_quo_name!r}) under QRE")
            text += "\n\n" + (self.figure(ax.figure, "qre_map") or "")
        self.summary.append(f"QRE map (lambda {QRE_LAM:g}): status quo with probability {mean:.1%}")
        return text

    def robustness(self) -> None:
        n = self.draws if self.tree else min(self.draws, NASH_DRAWS)
        t0 = time.perf_counter()
        result = robustness(self.model, n=n, seed=0, progress=self.progress)
        self.timings["robustness"] = time.perf_counter() - t0
        what = (
            "the status quo is the outcome of every subgame-perfect equilibrium"
            if self.tree
            else "every Nash equilibrium reaches the status quo (one complete solve per draw)"
        )
        self.summary.append(
            f"status quo holds in {result.share:.1%} of {result.n:,} plausible draws "
            f"(95% CI {result.ci_low:.1%} to {result.ci_high:.1%})"
        )
        self.section(
            "Robustness",
            f"Drawing every parameter uniformly from its plausible range ({result.n:,} draws, "
            f"seed {result.seed}), {what} in **{result.share:.1%}** of draws (95% Wilson "
            f"interval {result.ci_low:.1%} to {result.ci_high:.1%}).",
        )


def _symbol_tex(name: str) -> str:
    """``k_w`` as ``k_{w}``; a plain name as it is."""
    head, sep, tail = name.partition("_")
    return f"{head}_{{{tail.replace('_', ',')}}}" if sep and tail else _tex(name)


def _explorer_link(model: Model, out_dir: Path) -> str:
    """Write ``explorer.html`` beside the report (:mod:`arbiter.explore`); a Markdown line."""
    from arbiter.explore import explorer

    try:
        explorer(model, out_dir / "explorer.html")
    except ArbiterError as exc:
        return f"\nNo interactive explorer for this model: {exc}\n"
    return (
        "\nInteractive explorer (every parameter on a slider, the equilibrium, its exact "
        "condition, credibility and a stability map; one HTML file, offline): "
        "[explorer.html](explorer.html)\n"
    )


def _has_infosets(model: Model) -> bool:
    """Whether the model's tree has an information set with more than one node."""
    game = model.game
    return isinstance(game, SequentialGame) and any(
        len(i.members) > 1 for i in game.infosets.values()
    )


def build_report(
    model: Model | str = "border-deal",
    out: str | Path | None = None,
    *,
    resolution: int = 400,
    draws: int = 100_000,
    progress: bool = False,
) -> tuple[str, str]:
    """Analyse ``model``; return (summary, Markdown) and write the report into ``out``.

    ``model`` is a :class:`~arbiter.games.model.Model` or anything
    :func:`arbiter.loading.load_model` accepts (a scenario name, a model
    file, ``module:function``). With ``out``, writes ``report.md``,
    ``report.tex`` and the figures (PNG and PDF) there.
    """
    if not isinstance(model, Model):
        model = load_model(model)
    out_dir = Path(out) if out is not None else None
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    if _has_infosets(model):
        resolution, draws = min(resolution, INFOSET_CELLS), min(draws, INFOSET_DRAWS)
    rep = _Report(model, out_dir, resolution=resolution, draws=draws, progress=progress)
    start = time.perf_counter()
    rep.parameters()
    rep.equilibria()
    rep.choose()
    rep.regimes()
    rep.credibility()
    rep.instruments()
    rep.stability_map()
    rep.robustness()
    elapsed = time.perf_counter() - start
    title = f"{model.name}: standoff report"
    text = (
        f"# {title}\n\n{model.description}\n\n"
        + "\n".join(rep.md)
        + f"\n---\nGenerated by arbiter in {elapsed:.1f} s.\n"
    )
    summary = f"{title}\n" + "\n".join(f"  - {s}" for s in rep.summary)
    if out_dir is not None:
        text += _explorer_link(model, out_dir)
        (out_dir / "report.md").write_text(text, encoding="utf-8")
        tex = (
            f"% {title}: generated by arbiter; \\input{{report.tex}} into a paper\n"
            "% (needs only standard LaTeX; tables use the table and tabular environments)\n\n"
            + "\n".join(rep.tex)
        )
        (out_dir / "report.tex").write_text(tex, encoding="utf-8")
    return summary, text
