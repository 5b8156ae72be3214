"""Extraction in worker processes, results back in reading order.

The main process reads the archives and joins pages; workers run the extraction (the CPU-heavy
part) on chunks of pages. At most a few chunks per worker are in flight, so memory holds a
bounded number of payloads whatever the archive's size. Results come back in the order the
pages were read, so the output does not depend on the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING

from zonenews.reextract.work import PageJob, PageResult, extract_chunk, extract_job

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from multiprocessing.context import BaseContext

#: Pages per chunk: large enough that pickling and queueing cost little per page.
CHUNK = 32
#: Chunks in flight per worker: enough to keep every worker busy while results are handled.
AHEAD = 3


def worker_count(jobs: int) -> int:
    """``jobs``, or one per core available to this process when 0."""
    if jobs > 0:
        return jobs
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def extract_pages(jobs: Iterable[PageJob], workers: int) -> Iterator[PageResult]:
    """Every job's result, in order; ``workers`` <= 1 extracts in this process."""
    if workers <= 1:
        for job in jobs:
            yield extract_job(job)
        return
    pending: deque[Future[list[PageResult]]] = deque()
    with ProcessPoolExecutor(workers, mp_context=_context()) as pool:
        try:
            for chunk in _chunks(jobs, CHUNK):
                pending.append(pool.submit(extract_chunk, chunk))
                while len(pending) > workers * AHEAD:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def _context() -> BaseContext:
    # On Linux, fork: workers start at once with the extraction code loaded, and a caller's
    # script is not imported again in each worker (as forkserver and spawn do, which cost two
    # seconds a run and fail on scripts without a __main__ guard). The pool forks all its
    # workers before it starts its own thread, so no thread is ever forked.
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _chunks(jobs: Iterable[PageJob], size: int) -> Iterator[list[PageJob]]:
    chunk: list[PageJob] = []
    for job in jobs:
        chunk.append(job)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
