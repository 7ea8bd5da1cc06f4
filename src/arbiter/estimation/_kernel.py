"""The likelihood kernel of strategic estimation (private).

A :class:`Structure` is a game tree compiled to arrays: decision and chance
nodes in post-order (children first), terminals numbered depth first (so the
terminals below any node form one contiguous range), and for every terminal
and player either a fixed number or the name of a utility *block* (a linear
index ``X_b @ beta_b``).

:func:`evaluate` runs backward induction once over all observations at
once: for every node it computes the probability of reaching each terminal
of its subtree, and (in forward mode) the derivative of those probabilities
with respect to every coefficient. The outcome probabilities at the root and
their Jacobian give the log-likelihood, the score and the delta-method
intervals.

Conventions (those of Kenkel and Signorino's R package ``games``):

* agent error: the utility of each action carries its own error; probit:
  independent N(0, 1), so a binary choice is ``Phi(dU / sqrt(2))``; logit:
  a binary choice is ``Lambda(dU / sqrt(2))`` (independent type-I extreme
  value errors with scale sqrt(2); with more actions, the multinomial logit
  of ``U / sqrt(2)``). Multinomial probit (more than two actions) integrates
  over the best action's error by 40-point Gauss-Hermite quadrature.
* private information: every utility given by a formula carries the
  player's private shock (N(0, 1) for probit); utilities fixed by a number in
  the tree carry none. A binary choice between lotteries over terminals
  ``q_L``, ``q_R`` is ``F(dm / s)`` with ``dm`` the difference of expected
  utilities and ``s**2 = sum(q_L**2 + q_R**2)`` over the shocked terminals;
  for logit ``F`` is the logistic function with that scale.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.special import expit, ndtr

__all__ = ["Block", "NodeSpec", "Structure", "evaluate"]

SQRT2 = float(np.sqrt(2.0))
_GH_T, _GH_W = np.polynomial.hermite_e.hermegauss(40)
_GH_W = _GH_W / np.sqrt(2.0 * np.pi)
_TINY = 1e-300


def _npdf(x: np.ndarray) -> np.ndarray:
    return np.exp(-0.5 * x * x) / np.sqrt(2.0 * np.pi)


def _lpdf(x: np.ndarray) -> np.ndarray:
    e = expit(x)
    return e * (1.0 - e)


@dataclass(frozen=True)
class Block:
    """A utility given by a formula: its name, player index and coefficient slice."""

    name: str
    player: int
    start: int
    stop: int


@dataclass(frozen=True)
class NodeSpec:
    """A decision or chance node: children are ``("node", i)`` or ``("term", t)``."""

    kind: str  # "decision" | "chance"
    player: int  # -1 for chance
    path: tuple[str, ...]
    actions: tuple[str, ...]
    children: tuple[tuple[str, int], ...]
    lo: int  # terminals below: range(lo, hi)
    hi: int
    probs: tuple[float, ...] = ()


@dataclass(frozen=True)
class Structure:
    """A tree compiled for estimation."""

    players: tuple[str, ...]
    labels: tuple[str, ...]  # one per terminal, depth first
    paths: tuple[tuple[str, ...], ...]
    nodes: tuple[NodeSpec, ...]  # post-order: the root is last
    const: np.ndarray  # (T, P) fixed utilities (0 where a block is used)
    block_of: tuple[tuple[int, ...], ...]  # (T, P): block index or -1
    blocks: tuple[Block, ...] = field(default=())

    @property
    def n_terminals(self) -> int:
        return len(self.labels)

    def child_range(self, child: tuple[str, int]) -> tuple[int, int]:
        kind, i = child
        if kind == "term":
            return i, i + 1
        node = self.nodes[i]
        return node.lo, node.hi


def _choice_agent(
    means: list[np.ndarray], dmeans: list[np.ndarray] | None, link: str
) -> tuple[list[np.ndarray], list[np.ndarray] | None]:
    """Agent-error choice probabilities among actions with expected utilities ``means``."""
    m = len(means)
    if m == 2:
        x = (means[1] - means[0]) / SQRT2
        if link == "probit":
            p1, p0, dens = ndtr(x), ndtr(-x), _npdf(x)
        else:
            p1, p0, dens = expit(x), expit(-x), _lpdf(x)
        if dmeans is None:
            return [p0, p1], None
        d1 = (dens / SQRT2)[:, None] * (dmeans[1] - dmeans[0])
        return [p0, p1], [-d1, d1]
    mu = np.stack(means, axis=1)  # (n, m)
    if link == "logit":
        z = mu / SQRT2
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        p = e / e.sum(axis=1, keepdims=True)
        probs = [p[:, a] for a in range(m)]
        if dmeans is None:
            return probs, None
        dm = np.stack(dmeans, axis=1)  # (n, m, k)
        avg = np.einsum("nm,nmk->nk", p, dm)
        return probs, [(p[:, a, None] / SQRT2) * (dm[:, a] - avg) for a in range(m)]
    # multinomial probit with independent N(0, 1) errors, by quadrature over the
    # error of the action whose probability is computed
    d = mu[:, :, None] - mu[:, None, :]  # d[n, a, b] = mu_a - mu_b
    t = _GH_T[None, None, None, :]
    arg = t + d[..., None]  # (n, a, b, K)
    cdf = ndtr(arg)
    eye = np.eye(m, dtype=bool)[None, :, :, None]
    cdf = np.where(eye, 1.0, cdf)
    prod_all = cdf.prod(axis=2)  # (n, a, K)
    p = (prod_all * _GH_W).sum(axis=2)
    p = np.clip(p, _TINY, None)
    p = p / p.sum(axis=1, keepdims=True)
    probs = [p[:, a] for a in range(m)]
    if dmeans is None:
        return probs, None
    with np.errstate(divide="ignore", invalid="ignore"):
        others = np.where(cdf > 0, prod_all[:, :, None, :] / cdf, 0.0)
    jac = (_npdf(arg) * others * _GH_W).sum(axis=3)  # J[n, a, b]
    jac = np.where(eye[..., 0], 0.0, jac)
    dm = np.stack(dmeans, axis=1)
    grads = []
    for a in range(m):
        g = jac[:, a, :].sum(axis=1)[:, None] * dm[:, a]
        g = g - np.einsum("nb,nbk->nk", jac[:, a, :], dm)
        grads.append(g)
    return probs, grads


def evaluate(
    structure: Structure,
    designs: tuple[np.ndarray, ...],
    theta: np.ndarray,
    *,
    link: str,
    error: str,
    grad: bool = True,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Outcome probabilities ``(n, T)`` and, with ``grad``, their Jacobian ``(n, T, k)``."""
    n = designs[0].shape[0] if designs else 0
    k = theta.shape[0]
    s = structure
    T, P = s.const.shape
    util = np.empty((n, T, P))
    util[:] = s.const[None, :, :]
    block_values = [X @ theta[b.start : b.stop] for b, X in zip(s.blocks, designs)]
    for t in range(T):
        for j in range(P):
            b = s.block_of[t][j]
            if b >= 0:
                util[:, t, j] = block_values[b]
    shocked = np.array([[b >= 0 for b in row] for row in s.block_of], dtype=bool)  # (T, P)

    reach: list[np.ndarray] = [None] * len(s.nodes)  # type: ignore[list-item]
    dreach: list[np.ndarray | None] = [None] * len(s.nodes)

    def child_reach(child: tuple[str, int]) -> tuple[np.ndarray, np.ndarray | None]:
        kind, i = child
        if kind == "term":
            r = np.ones((n, 1))
            return r, (np.zeros((n, 1, k)) if grad else None)
        return reach[i], dreach[i]

    for idx, node in enumerate(s.nodes):
        kids = [child_reach(c) for c in node.children]
        ranges = [s.child_range(c) for c in node.children]
        width = node.hi - node.lo
        if node.kind == "chance":
            probs = [np.full(n, p) for p in node.probs]
            dprobs = [np.zeros((n, k)) for _ in node.probs] if grad else None
        else:
            j = node.player
            means, dmeans = [], ([] if grad else None)
            for (r, dr), (lo, hi) in zip(kids, ranges):
                u = util[:, lo:hi, j]
                means.append(np.einsum("nt,nt->n", r, u))
                if grad:
                    dm = np.einsum("ntk,nt->nk", dr, u)
                    for t in range(lo, hi):
                        b = s.block_of[t][j]
                        if b >= 0:
                            blk = s.blocks[b]
                            dm[:, blk.start : blk.stop] += r[:, t - lo, None] * designs[b]
                    dmeans.append(dm)
            if error == "agent":
                probs, dprobs = _choice_agent(means, dmeans, link)
            else:
                (r0, dr0), (r1, dr1) = kids
                (lo0, hi0), (lo1, hi1) = ranges
                w0, w1 = shocked[lo0:hi0, j], shocked[lo1:hi1, j]
                var = (r0[:, w0] ** 2).sum(axis=1) + (r1[:, w1] ** 2).sum(axis=1)
                sd = np.sqrt(np.maximum(var, 1e-300))
                x = (means[1] - means[0]) / sd
                if link == "probit":
                    p1, p0, dens = ndtr(x), ndtr(-x), _npdf(x)
                else:
                    p1, p0, dens = expit(x), expit(-x), _lpdf(x)
                probs = [p0, p1]
                if grad:
                    dvar = 2 * (
                        np.einsum("nt,ntk->nk", r0[:, w0], dr0[:, w0])
                        + np.einsum("nt,ntk->nk", r1[:, w1], dr1[:, w1])
                    )
                    dsd = dvar / (2 * sd[:, None])
                    dx = (dmeans[1] - dmeans[0]) / sd[:, None] - (x / sd)[:, None] * dsd
                    d1 = dens[:, None] * dx
                    dprobs = [-d1, d1]
        r_out = np.zeros((n, width))
        dr_out = np.zeros((n, width, k)) if grad else None
        for a, ((r, dr), (lo, hi)) in enumerate(zip(kids, ranges)):
            sl = slice(lo - node.lo, hi - node.lo)
            r_out[:, sl] = probs[a][:, None] * r
            if grad:
                dr_out[:, sl, :] = (
                    dprobs[a][:, None, :] * r[:, :, None] + probs[a][:, None, None] * dr
                )
        reach[idx], dreach[idx] = r_out, dr_out
    return reach[-1], dreach[-1]


def _utilities(
    structure: Structure, designs: tuple[np.ndarray, ...], theta: np.ndarray
) -> np.ndarray:
    n = designs[0].shape[0] if designs else 0
    T, P = structure.const.shape
    util = np.empty((n, T, P))
    util[:] = structure.const[None, :, :]
    for b, (blk, X) in enumerate(zip(structure.blocks, designs)):
        value = X @ theta[blk.start : blk.stop]
        for t in range(T):
            for j in range(P):
                if structure.block_of[t][j] == b:
                    util[:, t, j] = value
    return util


def _agent_backward(means, probs, pbar, link):
    """Adjoints of the means from those of agent-error choice probabilities."""
    m = len(means)
    if m == 2:
        x = (means[1] - means[0]) / SQRT2
        dens = _npdf(x) if link == "probit" else _lpdf(x)
        xbar = (pbar[1] - pbar[0]) * dens / SQRT2
        return [-xbar, xbar]
    if link == "logit":
        avg = sum(pb * p for pb, p in zip(pbar, probs))
        return [p * (pb - avg) / SQRT2 for p, pb in zip(probs, pbar)]
    dm = [np.eye(m)[a][None, :] * np.ones((means[0].shape[0], 1)) for a in range(m)]
    dm = [d[:, :, None][:, :, 0] for d in dm]  # (n, m): d m_a / d m_c = e_a
    _, grads = _choice_agent(means, dm, link)  # grads[a][:, c] = d P_a / d m_c
    return [sum(pbar[a] * grads[a][:, c] for a in range(m)) for c in range(m)]


def loglike_obs(
    structure: Structure,
    designs: tuple[np.ndarray, ...],
    y: np.ndarray,
    theta: np.ndarray,
    *,
    link: str,
    error: str,
    grad: bool = True,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Per-observation log-likelihood and score ``(n,), (n, k)`` of observed terminals ``y``.

    The score is computed in reverse mode (one backward sweep of adjoints
    through the recursion), at the cost of a few likelihood evaluations
    whatever the number of coefficients; :func:`evaluate` (forward mode)
    checks it in the tests.
    """
    s = structure
    n = y.shape[0]
    k = theta.shape[0]
    util = np.ascontiguousarray(_utilities(s, designs, theta).transpose(2, 0, 1))  # (P, n, T)
    shocked = np.array([[b >= 0 for b in row] for row in s.block_of], dtype=bool)
    reach: list[np.ndarray] = [None] * len(s.nodes)  # type: ignore[list-item]
    tape: list[tuple] = [None] * len(s.nodes)  # type: ignore[list-item]
    ones = np.ones((n, 1))
    for idx, node in enumerate(s.nodes):
        kids = [ones if kind == "term" else reach[c] for kind, c in node.children]
        ranges = [s.child_range(c) for c in node.children]
        if node.kind == "chance":
            probs = [np.full(n, p) for p in node.probs]
            extra = None
        else:
            j = node.player
            means = [
                np.einsum("nt,nt->n", r, util[j][:, lo:hi]) for r, (lo, hi) in zip(kids, ranges)
            ]
            if error == "agent":
                probs, _ = _choice_agent(means, None, link)
                extra = (means,)
            else:
                (lo0, hi0), (lo1, hi1) = ranges
                w0, w1 = shocked[lo0:hi0, j], shocked[lo1:hi1, j]
                var = (kids[0][:, w0] ** 2).sum(axis=1) + (kids[1][:, w1] ** 2).sum(axis=1)
                sd = np.sqrt(np.maximum(var, 1e-300))
                x = (means[1] - means[0]) / sd
                probs = [ndtr(-x), ndtr(x)] if link == "probit" else [expit(-x), expit(x)]
                extra = (means, sd, x, w0, w1)
        out = np.empty((n, node.hi - node.lo))
        for a, (r, (lo, hi)) in enumerate(zip(kids, ranges)):
            out[:, lo - node.lo : hi - node.lo] = probs[a][:, None] * r
        reach[idx] = out
        tape[idx] = (kids, ranges, probs, extra)
    rows = np.arange(n)
    p = np.maximum(reach[-1][rows, y], _TINY)
    ll = np.log(p)
    if not grad:
        return ll, None
    # adjoints: of each node's reach vector, and of the utilities
    rbar: list[np.ndarray | None] = [None] * len(s.nodes)
    top = np.zeros_like(reach[-1])
    top[rows, y] = 1.0 / p
    rbar[-1] = top
    ubar = np.zeros_like(util)
    for idx in range(len(s.nodes) - 1, -1, -1):
        node = s.nodes[idx]
        kids, ranges, probs, extra = tape[idx]
        bar = rbar[idx]
        if bar is None:
            continue
        kid_bars = []
        pbar = []
        for a, (r, (lo, hi)) in enumerate(zip(kids, ranges)):
            seg = bar[:, lo - node.lo : hi - node.lo]
            pbar.append(np.einsum("nt,nt->n", seg, r))
            kid_bars.append(probs[a][:, None] * seg)
        if node.kind == "decision":
            j = node.player
            if error == "agent":
                (means,) = extra
                mbar = _agent_backward(means, probs, pbar, link)
            else:
                means, sd, x, w0, w1 = extra
                dens = _npdf(x) if link == "probit" else _lpdf(x)
                xbar = (pbar[1] - pbar[0]) * dens
                mbar = [-xbar / sd, xbar / sd]
                varbar = -xbar * x / sd / (2 * sd)
                kid_bars[0][:, w0] += 2 * varbar[:, None] * kids[0][:, w0]
                kid_bars[1][:, w1] += 2 * varbar[:, None] * kids[1][:, w1]
            for a, (r, (lo, hi)) in enumerate(zip(kids, ranges)):
                kid_bars[a] += mbar[a][:, None] * util[j][:, lo:hi]
                ubar[j][:, lo:hi] += mbar[a][:, None] * r
        for (kind, c), kb in zip(node.children, kid_bars):
            if kind == "node":
                rbar[c] = kb if rbar[c] is None else rbar[c] + kb
    score = np.zeros((n, k))
    T, P = s.const.shape
    for t in range(T):
        for j in range(P):
            b = s.block_of[t][j]
            if b >= 0:
                blk = s.blocks[b]
                score[:, blk.start : blk.stop] += ubar[j][:, t, None] * designs[b]
    return ll, score
