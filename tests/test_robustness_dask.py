"""Robustness on a real Dask cluster gives exactly the result computed here.

A light ``LocalCluster`` (one worker, one thread; in this process, and once
with a worker process so that the job really travels by pickle) runs the
chunks through ``client.get_executor()``; the same seed must give the same
draws, counts and per-parameter statistics as no executor at all.
"""

from __future__ import annotations

import pytest

from arbiter.analysis import instrument_value, robustness
from arbiter.scenarios.syria.border_deal import S300, TOR_M1, border_deal

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            processes=False, n_workers=1, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


def test_dask_executor_gives_the_same_share(client):
    model = border_deal()
    here = robustness(model, n=60_000, seed=7, progress=False)
    on_dask = robustness(
        model, n=60_000, seed=7, executor=client.get_executor(), progress=False, chunk_size=8192
    )
    assert on_dask.share == here.share and on_dask.stable == here.stable
    assert (on_dask.ci_low, on_dask.ci_high) == (here.ci_low, here.ci_high)
    assert on_dask.parameters == here.parameters


def test_dask_executor_for_instrument_values(client):
    full, without = border_deal(), border_deal((S300, TOR_M1))
    here = instrument_value(full, without, n=20_000, seed=3)
    on_dask = instrument_value(full, without, n=20_000, seed=3, executor=client.get_executor())
    assert on_dask.value == here.value and on_dask.share_with == here.share_with


@pytest.mark.slow
def test_dask_worker_process_gives_the_same_share():
    model = border_deal()
    here = robustness(model, n=30_000, seed=1, progress=False)
    with (
        distributed.LocalCluster(
            processes=True, n_workers=1, threads_per_worker=1, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as c,
    ):
        got = robustness(model, n=30_000, seed=1, executor=c.get_executor(), progress=False)
    assert got.stable == here.stable and got.parameters == here.parameters
