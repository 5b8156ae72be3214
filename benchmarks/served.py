"""The sample site of a given size, exported and served by nginx for the length of a ``with``."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.export import Export, export_site
from benchmarks.nginx import Nginx
from zonenews.sample_site.site import SampleSite


@contextmanager
def served_site(articles_per_family: int) -> Iterator[Export]:
    """Export the sample site (``articles_per_family`` a family) to a temp folder and serve it.

    The folder is a fresh one in the system's temp folder (nginx workers run as another user and
    must reach it); the rendered site is dropped once written (at 100,000 articles it holds
    gigabytes), and the export is deleted when the block ends.
    """
    workdir = Path(tempfile.mkdtemp(prefix="zonenews-bench-site-"))
    server = Nginx(workdir)
    try:
        base_url = server.bind()
        export = export_site(SampleSite(1, articles_per_family), server.root, base_url)
        with server:
            yield export
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
