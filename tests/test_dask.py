"""The Dask engine on a real LocalCluster (two worker processes): same bytes as local."""

from __future__ import annotations

from pathlib import Path

import pytest

from infobox_tools.batch import convert
from test_sources import ENWIKI, MULTI

pytest.importorskip("dask.distributed")


@pytest.mark.slow
def test_dask_local_cluster_equals_local_engine(corpus: Path, tmp_path: Path) -> None:
    from dask.distributed import LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        for src in (MULTI, ENWIKI):  # stream chunks (workers decompress) and page chunks
            local, dask = tmp_path / f"local-{src[-8:]}", tmp_path / f"dask-{src[-8:]}"
            expected = convert([corpus / src], local, jobs=1, progress=False)
            got = convert([corpus / src], dask, engine="dask", scheduler=cluster.scheduler_address, progress=False)
            assert got.engine == "dask" and got.pages == expected.pages == 206
            for name in ("records.jsonl", "errors.jsonl"):
                assert (dask / name).read_bytes() == (local / name).read_bytes()
    finally:
        cluster.close()


@pytest.mark.slow
def test_dask_without_scheduler_starts_its_own_cluster(corpus: Path, tmp_path: Path) -> None:
    summary = convert([corpus / "dumps/gensim/testcorpus.xml.bz2"], tmp_path, engine="dask", jobs=2,
                      progress=False, to="csv")
    assert summary.written == 9 and summary.failed == 0
    assert (tmp_path / "records.csv").read_text(encoding="utf-8").startswith("title,")


@pytest.mark.slow
def test_dask_page_time_limit_in_worker_threads(corpus: Path, tmp_path: Path) -> None:
    """Dask runs tasks in threads: the time limit uses the watchdog, not SIGALRM."""
    import cloudpickle

    import test_batch

    cloudpickle.register_pickle_by_value(test_batch)  # workers cannot import the tests folder
    try:
        summary = convert([corpus / ENWIKI], tmp_path, engine="dask", jobs=2, progress=False,
                          parse=test_batch.spinning_parse, page_timeout=0.5)
    finally:
        cloudpickle.unregister_pickle_by_value(test_batch)
    assert summary.reasons["failed"]["timeout"] == 1 and summary.pages == 206
