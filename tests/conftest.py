"""Shared test configuration: hypothesis profiles, an off-screen matplotlib backend.

``ci`` (the default) is reproducible: derandomized, no example database, no
deadline (solver times vary with the machine). ``dev`` keeps hypothesis'
randomness and database for exploring. Choose with ``HYPOTHESIS_PROFILE=dev pytest ...``.
"""

import os

os.environ.setdefault("MPLBACKEND", "Agg")  # pictures are drawn off screen in tests

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
