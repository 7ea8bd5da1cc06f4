"""Exact conditions on named parameters, as one immutable value.

:class:`Condition` is what every exact answer of arbiter is: a regime's
condition, a status-quo region, a credibility or belief condition. It is a
finite union of cells, each a conjunction of polynomial inequalities
(``e > 0`` or ``e >= 0``) over named parameters, stated within a *domain*
(the parameters' signs and extra inequalities such as probabilities
``<= 1``). It decides emptiness and implication exactly, evaluates at a
point exactly and over numpy grids fast, simplifies to a short form, and
prints as plain mathematics.

The one point rule (:func:`exact_number`): a float means the number its
shortest repr shows (0.1 is 1/10).
"""

from arbiter.conditions.condition import Condition
from arbiter.conditions.points import exact_number, exact_point

__all__ = ["Condition", "exact_number", "exact_point"]
