r"""Private kernels for logit QRE: action values, the path system, and the path tracer.

An *agent* is a player of a normal form, or an information set of a tree (the
agent form of McKelvey and Palfrey 1998). Agent :math:`g` has actions
:math:`a = 0, \dots, m_g - 1`; all agents' log-probabilities are stacked into
one vector :math:`x` of length :math:`N = \sum_g m_g` (``sigma = exp(x)``).
A kernel returns, for a profile, the *action values* :math:`v_{ga}` (the
expected payoff to the agent's player of action :math:`a`, conditional on the
agent being reached) and their derivatives :math:`D = \partial v / \partial x`.

**The path system** (Turocy 2005, "A dynamic homotopy interpretation of the
logistic quantal response equilibrium correspondence", *Games and Economic
Behavior* 51). The logit QRE at precision :math:`\lambda` solves, for every
agent,

.. math::

    \sum_a e^{x_{ga}} = 1, \qquad x_{ga} - x_{g0} = \lambda (v_{ga} - v_{g0})
    \quad (a \ge 1),

:math:`N` equations :math:`H(x, \lambda) = 0` in the :math:`N + 1` unknowns
:math:`y = (x, \lambda)`. At :math:`\lambda = 0` the solution is uniform; the
*principal branch* is the solution curve through it. :class:`PathTracer`
follows it by predictor--corrector continuation (Allgower and Georg 1990,
*Numerical Continuation Methods*, ch. 6): the tangent is the null vector of the
Jacobian :math:`H'(y)` (the last column of :math:`Q` in the QR decomposition
of :math:`H'(y)^\top`), oriented to keep its direction from one step to the
next; the corrector is Newton's method with the Moore--Penrose inverse of
:math:`H'(y)`; the step length adapts to the corrector's first distance and
contraction rate. Simple bifurcation points, where the branch crosses another
solution curve, show as a sign change of :math:`\det [H'(y); t^\top]`; they
are located by bisection along the step.

The log parametrisation keeps probabilities positive and lets the
probabilities of inferior actions go to 0 like :math:`e^{-\lambda \cdot gap}`
without losing precision.

Written by hand: no maintained Python library traces the logit QRE
correspondence (pygambit's C++ tracer is a test-only dependency here, used as
the reference; see ``benchmarks/bench_qre.py`` for the comparison).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from arbiter.errors import InvalidArgumentError, QREConvergenceError
from arbiter.solve._backward import CHANCE, DECISION, OUTCOME, FlatTree

__all__ = [
    "BimatrixKernel",
    "NormalKernel",
    "PathTracer",
    "QREConvergenceError",
    "TreeKernel",
    "backward_logit",
]


# --------------------------------------------------------------------------- kernels
class _Agents:
    """Sizes and offsets of the agents' action blocks in the stacked vector."""

    def __init__(self, sizes: Sequence[int], owners: Sequence[int]) -> None:
        self.sizes = np.asarray(sizes, dtype=np.intp)
        self.owners = np.asarray(owners, dtype=np.intp)  # player index of each agent
        self.starts = np.concatenate([[0], np.cumsum(self.sizes)[:-1]]).astype(np.intp)
        self.n = int(self.sizes.sum())
        self.agent_of = np.repeat(np.arange(len(self.sizes)), self.sizes)
        self.base = self.starts[self.agent_of]  # index of each entry's action 0
        self.rest = np.flatnonzero(np.arange(self.n) != self.base)
        self.uniform = -np.log(self.sizes[self.agent_of].astype(float))

    def sums(self, values: np.ndarray) -> np.ndarray:
        """Per agent, the sum of ``values`` over its actions (last axis)."""
        return np.add.reduceat(values, self.starts, axis=-1)

    def maxima(self, values: np.ndarray) -> np.ndarray:
        return np.maximum.reduceat(values, self.starts, axis=-1)


class _Kernel:
    agents: _Agents
    scale: float

    def evaluate(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``sigma, v, D`` at log-probabilities ``x``."""
        raise NotImplementedError

    def values(self, sigma: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def values_x(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``sigma, v`` at log-probabilities ``x`` (no derivatives)."""
        sigma = np.exp(x)
        return sigma, self.values(sigma)

    def regret(self, sigma: np.ndarray, v: np.ndarray | None = None) -> float:
        """The largest agent regret: ``max_a v_ga - sum_a sigma_ga v_ga`` over agents."""
        if v is None:
            v = self.values(sigma)
        ag = self.agents
        gaps = ag.maxima(v) - ag.sums(sigma * v)
        return float(max(gaps.max(initial=0.0), 0.0))


class BimatrixKernel(_Kernel):
    """Two-player normal form: ``v = (A s2, B^T s1)``, ``D`` from the payoff matrices."""

    def __init__(self, A: np.ndarray, B: np.ndarray) -> None:
        self.A = np.ascontiguousarray(A, dtype=float)
        self.Bt = np.ascontiguousarray(np.asarray(B, dtype=float).T)
        self.m, self.k = self.A.shape
        self.agents = _Agents((self.m, self.k), (0, 1))
        self.scale = max(1.0, float(np.abs(self.A).max()), float(np.abs(self.Bt).max()))

    def values(self, sigma: np.ndarray) -> np.ndarray:
        s1, s2 = sigma[: self.m], sigma[self.m :]
        return np.concatenate([self.A @ s2, self.Bt @ s1])

    def evaluate(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        sigma = np.exp(x)
        m = self.m
        s1, s2 = sigma[:m], sigma[m:]
        v = np.concatenate([self.A @ s2, self.Bt @ s1])
        D = np.zeros((self.agents.n, self.agents.n))
        D[:m, m:] = self.A * s2
        D[m:, :m] = self.Bt * s1
        return sigma, v, D

    def derivative(self, sigma: np.ndarray) -> np.ndarray:
        """``dv/dsigma`` (constant for two players)."""
        m, n = self.m, self.agents.n
        E = np.zeros((n, n))
        E[:m, m:] = self.A
        E[m:, :m] = self.Bt
        return E


def _contract(tensor: np.ndarray, sigmas: Sequence[np.ndarray], keep: Sequence[int]) -> np.ndarray:
    """Contract every axis of ``tensor`` not in ``keep`` with the matching ``sigmas`` vector."""
    out = tensor
    for axis in range(tensor.ndim - 1, -1, -1):
        if axis not in keep:
            out = np.tensordot(out, sigmas[axis], axes=([axis], [0]))
    return out


class NormalKernel(_Kernel):
    """Any number of players: values and derivatives by tensor contraction."""

    def __init__(self, payoffs: np.ndarray) -> None:
        self.payoffs = np.asarray(payoffs, dtype=float)
        self.n_players = self.payoffs.shape[0]
        shape = self.payoffs.shape[1:]
        self.agents = _Agents(shape, range(self.n_players))
        self.scale = max(1.0, float(np.abs(self.payoffs).max()))

    def _split(self, sigma: np.ndarray) -> list[np.ndarray]:
        ag = self.agents
        return [sigma[s : s + m] for s, m in zip(ag.starts, ag.sizes)]

    def values(self, sigma: np.ndarray) -> np.ndarray:
        sig = self._split(sigma)
        return np.concatenate(
            [_contract(self.payoffs[i], sig, (i,)) for i in range(self.n_players)]
        )

    def derivative(self, sigma: np.ndarray) -> np.ndarray:
        """``E = dv/dsigma``: block ``(i, k)`` is the payoff of ``(a_i, b_k)`` against the rest."""
        sig = self._split(sigma)
        ag = self.agents
        E = np.zeros((ag.n, ag.n))
        for i in range(self.n_players):
            si, mi = ag.starts[i], ag.sizes[i]
            for k in range(self.n_players):
                if k == i:
                    continue
                sk, mk = ag.starts[k], ag.sizes[k]
                block = _contract(self.payoffs[i], sig, (i, k))
                E[si : si + mi, sk : sk + mk] = block if i < k else block.T
        return E

    def evaluate(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        sigma = np.exp(x)
        v = self.values(sigma)
        return sigma, v, self.derivative(sigma) * sigma[None, :]


#: Log-weight standing for a chance probability of exactly 0 (its leaves count only
#: where nothing else reaches an information set: values conditional on reaching it).
_LOG_ZERO = -700.0


class TreeKernel(_Kernel):
    r"""The agent form of a tree, through its leaves.

    Each leaf :math:`\ell` has a chance weight :math:`c_\ell` and crosses the
    (agent, action) columns ``M[l]``; its probability is
    :math:`P_\ell = c_\ell \prod_{(g, a) \in \ell} \sigma_{ga}`. With
    :math:`w_{\ell, ga} = P_\ell / \sigma_{ga}` for the leaves through
    :math:`(g, a)`, the value of :math:`(g, a)` conditional on reaching
    :math:`g` is the :math:`w`-weighted mean of the mover's payoff over those
    leaves (Bayes' rule; under perfect recall the mover's own earlier
    probabilities cancel), and

    .. math:: \frac{\partial v_{ga}}{\partial x_{kb}} =
        \frac{\sum_{\ell \ni (g,a), (k,b)} w_{\ell, ga} (u_\ell - v_{ga})}
             {\sum_{\ell \ni (g,a)} w_{\ell, ga}} .

    Weights are normalised per column in log space, so unlikely information
    sets (deep in the tree at large :math:`\lambda`) keep exact conditional values.
    """

    def __init__(self, flat: FlatTree, payoffs: np.ndarray | None = None) -> None:
        self.flat = flat
        names = list(flat.members)
        self.names = names
        sizes = [flat.n_children[flat.members[h][0]] for h in names]
        owners = [flat.player[flat.members[h][0]] for h in names]
        self.agents = _Agents(sizes, owners)
        col = {h: int(s) for h, s in zip(names, self.agents.starts)}
        leaves: list[int] = []
        rows: list[list[int]] = []
        steps: list[list[tuple[int, int]]] = []
        stack: list[tuple[int, list[int], list[tuple[int, int]]]] = [(0, [], [])]
        while stack:
            i, cols, chance = stack.pop()
            k = flat.kind[i]
            if k == OUTCOME:
                leaves.append(i)
                rows.append(cols)
                steps.append(chance)
                continue
            f = flat.first[i]
            if k == DECISION:
                base = col[flat.infoset[i]]  # type: ignore[index]
                for j in range(flat.n_children[i]):
                    stack.append((f + j, [*cols, base + j], chance))
            else:
                for j in range(flat.n_children[i]):
                    stack.append((f + j, cols, [*chance, (i, j)]))
        #: per leaf, the (chance node, branch) pairs on its path
        self.chance_steps = steps
        self.leaves = np.asarray(leaves, dtype=np.intp)
        M = np.zeros((len(leaves), self.agents.n))
        for r, cols in enumerate(rows):
            M[r, cols] = 1.0
        self.M = M
        self.mask = M > 0
        if flat.tree.kind != "symbolic":
            self.set_chance({i: flat.probs[i] for i in range(len(flat)) if flat.kind[i] == CHANCE})
        else:
            self.logc = np.zeros(len(leaves))
        if payoffs is None:
            payoffs = np.array([[float(v) for v in flat.payoff[i]] for i in leaves])  # type: ignore[union-attr]
        self.set_payoffs(payoffs)

    def set_payoffs(self, payoffs: np.ndarray) -> None:
        """Leaf payoffs, shape ``(n_leaves, n_players)`` in :attr:`leaves` order."""
        self.u = np.asarray(payoffs, dtype=float)
        self.U = self.u[:, self.agents.owners[self.agents.agent_of]]  # (L, N): mover's payoff
        self.scale = max(1.0, float(np.abs(self.u).max()))

    def set_chance(self, probs: dict[int, Sequence[Any]]) -> None:
        """Chance probabilities: ``{chance node: branch probabilities}`` (numbers)."""
        logs = {
            i: [np.log(float(p)) if float(p) > 0 else _LOG_ZERO for p in ps]
            for i, ps in probs.items()
        }
        self.logc = np.array([sum(logs[i][j] for i, j in path) for path in self.chance_steps])

    def _weights(self, x: np.ndarray) -> np.ndarray:
        logp = self.logc + self.M @ x
        logw = np.where(self.mask, logp[:, None] - x[None, :], -np.inf)
        top = logw.max(axis=0)
        w = np.exp(logw - top)
        return w / w.sum(axis=0)

    def evaluate(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        w = self._weights(x)
        v = (w * self.U).sum(axis=0)
        G = w * (self.U - v)
        return np.exp(x), v, G.T @ self.M

    def values_x(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        w = self._weights(x)
        return np.exp(x), (w * self.U).sum(axis=0)

    def values(self, sigma: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore"):
            x = np.log(sigma)
        x = np.maximum(x, -1e300)
        w = self._weights(x)
        return (w * self.U).sum(axis=0)


# --------------------------------------------------------------------------- closed form
def backward_logit(
    flat: FlatTree,
    lam: float,
    leaf_values: dict[int, np.ndarray],
    chance_values: dict[int, Sequence[Any]],
) -> tuple[list[np.ndarray | None], dict[int, np.ndarray]]:
    r"""Agent QRE of a perfect-information tree at ``lam``, for many points at once.

    ``leaf_values[i]``: the payoffs at outcome node ``i``, shape ``(n_players,
    G)`` (``G`` points); ``chance_values[i]``: the branch probabilities at chance
    node ``i`` (numbers or arrays of length ``G``). Backward induction with logit
    choice: at a decision node of player :math:`p`,
    :math:`\beta(a) \propto e^{\lambda V_p(\text{child } a)}`, and the node's value
    is :math:`\sum_a \beta(a) V(\text{child } a)`. No fixed point: each node's
    choice depends only on the values below it.

    Returns the node values (the payoffs at outcomes) and, per decision node,
    the log choice probabilities, shape ``(n_children, G)`` (logs keep the
    tiny probabilities of bad actions at large ``lam``).
    """
    n = len(flat)
    values: list[np.ndarray | None] = [None] * n
    probs: dict[int, np.ndarray] = {}
    for i in range(n - 1, -1, -1):
        k = flat.kind[i]
        if k == OUTCOME:
            values[i] = leaf_values[i]
            continue
        kids = [values[c] for c in flat.children(i)]
        if k == CHANCE:
            weights = chance_values[i]
            total = sum(np.asarray(w) * kid for w, kid in zip(weights, kids))
            values[i] = np.asarray(total)
            continue
        p = flat.player[i]
        q = np.stack([kid[p] for kid in kids])  # type: ignore[index]
        z = lam * (q - q.max(axis=0))
        e = np.exp(z)
        total = e.sum(axis=0)
        b = e / total
        probs[i] = z - np.log(total)
        values[i] = np.einsum("kg,kpg->pg", b, np.stack(kids))  # type: ignore[arg-type]
    return values, probs


# --------------------------------------------------------------------------- path tracer
def system(
    agents: _Agents, x: np.ndarray, lam: float, sigma: np.ndarray, v: np.ndarray
) -> np.ndarray:
    """``H(x, lam)``: per agent, the probability sum minus 1 and the logit equations."""
    H = np.empty(agents.n)
    H[agents.starts] = agents.sums(sigma) - 1.0
    r, b = agents.rest, agents.base[agents.rest]
    H[r] = x[r] - x[b] - lam * (v[r] - v[b])
    return H


def jacobian(
    agents: _Agents, lam: float, sigma: np.ndarray, v: np.ndarray, D: np.ndarray
) -> np.ndarray:
    """``H'(x, lam)``, shape ``(N, N + 1)``."""
    n = agents.n
    J = np.zeros((n, n + 1))
    r, b = agents.rest, agents.base[agents.rest]
    J[r, :n] = -lam * (D[r] - D[b])
    J[r, r] += 1.0
    J[r, b] -= 1.0
    J[r, n] = -(v[r] - v[b])
    J[agents.base, np.arange(n)] = sigma
    return J


@dataclass
class TraceOptions:
    first_step: float = 0.03
    max_accel: float = 1.1
    max_steps: int = 100_000
    min_step: float = 1e-10
    max_dist: float = 0.4
    max_contr: float = 0.6
    newton_tol: float = 1e-10
    newton_iterations: int = 12


@dataclass
class PathTracer:
    """Follow the principal branch of ``kernel``'s logit correspondence from ``lam = 0``.

    ``lams`` and ``points`` record every accepted point (``points[k]`` the
    log-probabilities); ``bifurcations`` the located branch points. Each step
    costs one Jacobian and one QR decomposition, at the current point: its
    last column of ``Q`` is the tangent (the predictor's direction), and its
    factors serve every corrector iteration at the predicted point (a chord
    method, as in Allgower and Georg's Algorithm 6.1.10 and Gambit's tracer).
    The sign of :math:`\\det [H'; t^\top]` comes from the same factors.
    """

    kernel: _Kernel
    options: TraceOptions = field(default_factory=TraceOptions)
    lams: list[float] = field(default_factory=list)
    points: list[np.ndarray] = field(default_factory=list)
    bifurcations: list[float] = field(default_factory=list)
    steps: int = 0

    def __post_init__(self) -> None:
        ag = self.kernel.agents
        self.y = np.concatenate([ag.uniform, [0.0]])
        self.h = self.options.first_step
        self.t, self._q, self._r, self._sign = self._decompose(self.y, None)
        self._pinv: np.ndarray | None = None
        if self.t[-1] < 0:
            self.t, self._sign = -self.t, -self._sign
        self.lams.append(0.0)
        self.points.append(self.y[:-1].copy())

    # ------------------------------------------------------------ pieces
    def _residual(self, y: np.ndarray) -> np.ndarray:
        ag = self.kernel.agents
        x = y[:-1]
        sigma, v = self.kernel.values_x(x)
        return system(ag, x, float(y[-1]), sigma, v)

    def _eval(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ag = self.kernel.agents
        x, lam = y[:-1], float(y[-1])
        sigma, v, D = self.kernel.evaluate(x)
        return system(ag, x, lam, sigma, v), jacobian(ag, lam, sigma, v, D)

    def _decompose(
        self, y: np.ndarray, previous: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        """Tangent (oriented along ``previous``), QR factors of ``H'(y)^T`` and the oriented
        sign of ``det [H'(y); t^T]``."""
        _, J = self._eval(y)
        n = J.shape[0]
        q, r = np.linalg.qr(J.T, mode="complete")
        t = q[:, -1]
        sign = float(np.linalg.slogdet(np.vstack([J, t]))[0])
        if previous is not None and float(t @ previous) < 0:
            t, sign = -t, -sign
        return t, q, r[:n], sign

    def _chord(self, y: np.ndarray) -> tuple[np.ndarray | None, float, float]:
        """Corrector iterations with the current point's factors."""
        o = self.options
        if self._pinv is None:
            n = self._r.shape[0]
            try:
                self._pinv = self._q[:, :n] @ np.linalg.inv(self._r.T)  # H'^+ = Q R^-T
            except np.linalg.LinAlgError:
                return None, 0.0, 0.0
        pinv = self._pinv
        first = contr = 0.0
        prev = None
        for it in range(o.newton_iterations):
            H = self._residual(y)
            if not np.all(np.isfinite(H)):
                return None, first, contr
            dy = pinv @ H
            dist = float(np.linalg.norm(dy))
            if it == 0:
                first = dist
                if dist > o.max_dist:
                    return None, first, contr
            elif prev is not None and prev > 0:
                contr = max(contr, dist / prev)
                if contr > o.max_contr and dist > o.newton_tol:
                    return None, first, contr
            y = y - dy
            if dist <= o.newton_tol * (1.0 + float(np.abs(y).max())):
                return y, first, contr
            prev = dist
        return None, first, contr

    def correct(self, y: np.ndarray) -> np.ndarray | None:
        """Project ``y`` onto the solution curve: Newton with the Moore--Penrose inverse."""
        o = self.options
        for _ in range(30):
            H, J = self._eval(y)
            if not np.all(np.isfinite(H)) or not np.all(np.isfinite(J)):
                return None
            q, r = np.linalg.qr(J.T)
            try:
                dy = q @ np.linalg.solve(r.T, H)
            except np.linalg.LinAlgError:
                return None
            y = y - dy
            if float(np.linalg.norm(dy)) <= o.newton_tol * (1.0 + float(np.abs(y).max())):
                return y
        return y if float(np.abs(self._residual(y)).max()) <= 1e-9 else None

    def step(self) -> None:
        """One accepted predictor--corrector step (the step size adapts)."""
        o = self.options
        while True:
            if self.steps >= o.max_steps:
                raise QREConvergenceError(
                    f"the QRE path tracer took max_steps={o.max_steps} steps without reaching "
                    f"its goal (last lambda {self.y[-1]:.6g}); raise max_steps"
                )
            y_new, first, contr = self._chord(self.y + self.h * self.t)
            if y_new is None:
                self.h /= 2.0
                if self.h < o.min_step:
                    raise QREConvergenceError(
                        f"the QRE path tracer could not continue the branch at lambda "
                        f"{self.y[-1]:.6g} (step size below {o.min_step:g})"
                    )
                continue
            break
        self.steps += 1
        t_new, q, r, sign = self._decompose(y_new, self.t)
        if sign != 0 and self._sign != 0 and sign != self._sign:
            self.bifurcations.append(self._locate(self.y, y_new, self._sign))
        decel = max(
            np.sqrt(first / o.max_dist) * o.max_accel,
            np.sqrt(contr / o.max_contr) * o.max_accel if contr > 0 else 0.0,
            1.0 / o.max_accel,
        )
        self.h = self.h / min(decel, 2.0)
        self.y, self.t, self._q, self._r = y_new, t_new, q, r
        self._pinv = None
        if sign != 0:
            self._sign = sign
        self.lams.append(float(y_new[-1]))
        self.points.append(y_new[:-1].copy())

    def _locate(self, a: np.ndarray, b: np.ndarray, sa: float) -> float:
        """The lambda of the branch point between accepted points ``a`` and ``b`` (bisection)."""
        lo, hi = 0.0, 1.0
        ya, yb = a, b
        for _ in range(60):
            mid = (lo + hi) / 2
            y = self.correct((1 - mid) * a + mid * b)
            if y is None:
                break
            _, _, _, s = self._decompose(y, self.t)
            if s == sa:
                lo, ya = mid, y
            else:
                hi, yb = mid, y
            if abs(float(yb[-1] - ya[-1])) < 1e-12:
                break
        return float((ya[-1] + yb[-1]) / 2)

    def land(self, lam: float) -> np.ndarray:
        """Solve at exactly ``lam`` from the last two points (Newton in ``x`` alone)."""
        if len(self.lams) >= 2 and self.lams[-1] != self.lams[-2]:
            s = (lam - self.lams[-2]) / (self.lams[-1] - self.lams[-2])
            x = self.points[-2] + s * (self.points[-1] - self.points[-2])
        else:
            x = self.points[-1].copy()
        x = newton_at(self.kernel, x, lam, self.options)
        if x is None:
            raise QREConvergenceError(
                f"the QRE path tracer could not solve at lambda={lam:g} near the branch"
            )
        if self.lams[-1] > lam:  # replace the point that overshot
            self.lams.pop()
            self.points.pop()
        self.lams.append(float(lam))
        self.points.append(x)
        return x

    @property
    def lam(self) -> float:
        return float(self.y[-1])


def newton_at(
    kernel: _Kernel, x: np.ndarray, lam: float, options: TraceOptions | None = None
) -> np.ndarray | None:
    """Newton's method on ``H(x, lam) = 0`` with ``lam`` fixed; ``None`` if it does not converge."""
    o = options or TraceOptions()
    ag = kernel.agents
    for _ in range(50):
        sigma, v, D = kernel.evaluate(x)
        H = system(ag, x, lam, sigma, v)
        J = jacobian(ag, lam, sigma, v, D)[:, :-1]
        try:
            dx = np.linalg.solve(J, H)
        except np.linalg.LinAlgError:
            return None
        if not np.all(np.isfinite(dx)):
            return None
        step = float(np.abs(dx).max())
        if step > 5.0:
            dx *= 5.0 / step
        x = x - dx
        if step <= o.newton_tol * (1.0 + float(np.abs(x).max())):
            sigma, v, _ = kernel.evaluate(x)
            if float(np.abs(system(ag, x, lam, sigma, v)).max()) <= 1e-9:
                return x
    return None


def check_positive(value: Any, argument: str, caller: str, *, allow_zero: bool = False) -> float:
    """A finite positive (or non-negative) float option."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise InvalidArgumentError(f"{caller}(): {argument} must be a number; got {value!r}")
    f = float(value)
    ok = (f >= 0 if allow_zero else f > 0) and np.isfinite(f)
    if not ok:
        what = "a finite number >= 0" if allow_zero else "a finite number > 0"
        raise InvalidArgumentError(f"{caller}(): {argument} must be {what}; got {value!r}")
    return f
