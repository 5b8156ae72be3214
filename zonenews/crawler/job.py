"""Pause and resume: ``zonenews crawl ... --job DIR``.

A job folder holds ``job.json`` (the crawl id, so that a resumed crawl appends to the same JSONL
files), one Scrapy ``JOBDIR`` per site (its request queue and seen-set survive Ctrl-C), and one
journal per site of the list and article requests the spider made. After a ``kill -9`` Scrapy's own
job state is not enough (requests in flight were already taken off its queue), so a resumed crawl:

1. cuts a half-written last line off each JSONL file of the crawl and reads which articles it
   already holds (they are never fetched or written again);
2. closes each ``.open`` WARC file at its last whole record (the cut tail is reported) and
   renames it, as a clean close would have (:mod:`zonenews.archive.repair`);
3. drops Scrapy's request queue and seen-set of a killed run (a kill can cut a queue write in
   half; requests in flight sit in the seen-set unanswered), keeping them after a clean Ctrl-C;
4. asks again for every list page and for every journalled article not yet in the JSONL;
5. asks again for the article images journalled as asked for and not archived (an article's
   line can be written before its images are, and a written article is not fetched again):
   after a clean stop only those whose capture failed (the rest are in the kept queue), after
   a kill or a full disk all of them (:func:`zonenews.crawler.requisites.images_again`).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from zonenews.crawler.lines import LineFile

JOB_FILE = "job.json"
#: In each site's JOBDIR: the spider's request journal, and the articles already written.
JOURNAL = "requested.log"
DONE = "done.txt"
#: The images of the articles in ``DONE``, from their records.
DONE_IMAGES = "done-images.txt"
#: Scrapy's own: its request queue (a folder) and its seen-set of request fingerprints.
QUEUE = "requests.queue"
SEEN = "requests.seen"
#: Written when a run of the job ended without being killed (Ctrl-C included).
CLEAN_STOP = "clean-stop"


@dataclass
class Job:
    folder: Path
    crawl_id: str
    resumed: bool
    repairs: list[str] = field(default_factory=list)

    def jobdir(self, site: str) -> Path:
        return self.folder / site


def mark_clean_stop(jobdir: Path) -> None:
    jobdir.mkdir(parents=True, exist_ok=True)
    (jobdir / CLEAN_STOP).touch()


def discard_unclean_queue(jobdir: Path) -> bool:
    """Drop Scrapy's request queue and seen-set when the last run was killed, or when its
    queue state cannot be read (a full disk at the close).

    A kill can cut a disk-queue write in half (Scrapy then fails on every request of that
    priority) and leaves in-flight requests in the seen-set though they were never answered; the
    journal asks again for everything that matters. True when something was discarded.
    """
    marker = jobdir / CLEAN_STOP
    queue, seen = jobdir / QUEUE, jobdir / SEEN
    if marker.exists():
        marker.unlink()
        # A clean stop on a full disk may still have left the queue's state file empty or cut.
        if _queue_state_readable(queue):
            return False
    found = queue.exists() or seen.exists()
    shutil.rmtree(queue, ignore_errors=True)
    seen.unlink(missing_ok=True)
    return found


def seen_set_survived(jobdir: Path) -> bool:
    """Whether Scrapy's seen-set of the last run is kept: asked before this run's scheduler
    opens it, after :func:`discard_unclean_queue` (a clean stop keeps it, a kill does not)."""
    return (jobdir / SEEN).exists()


def _queue_state_readable(queue: Path) -> bool:
    """Whether Scrapy can reopen the disk queue in ``queue`` (its ``active.json`` parses)."""
    state = queue / "active.json"
    if not state.exists():
        return True
    try:
        json.loads(state.read_bytes())
    except (OSError, ValueError):
        return False
    return True


def write_done(jobdir: Path, written: Written) -> None:
    """The articles in the JSONL and their images, for the spider of a resumed job."""
    jobdir.mkdir(parents=True, exist_ok=True)
    for name, urls in ((DONE, written.urls), (DONE_IMAGES, written.images)):
        (jobdir / name).write_text("".join(f"{url}\n" for url in sorted(urls)), encoding="utf-8")


def read_done(jobdir: Path, name: str = DONE) -> set[str]:
    path = jobdir / name
    return set(path.read_text(encoding="utf-8").split()) if path.exists() else set()


def open_job(folder: Path, new_crawl_id: str) -> Job:
    """The job in ``folder``: resumed when it exists, else started with ``new_crawl_id``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / JOB_FILE
    if path.exists():
        return Job(folder, json.loads(path.read_text(encoding="utf-8"))["crawl_id"], True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"crawl_id": new_crawl_id}), encoding="utf-8")
    tmp.replace(path)
    return Job(folder, new_crawl_id, False)


@dataclass
class Written:
    """What a JSONL file of the job holds: its articles' URLs, their images' URLs, and the
    bytes of a half-written tail cut off it (0 when it ended cleanly)."""

    urls: set[str] = field(default_factory=set)
    images: set[str] = field(default_factory=set)
    cut: int = 0


def repair_jsonl(path: Path) -> Written:
    """The whole records in ``path``, after cutting off a half-written tail.

    Their images are read too: the journal's line for an image asked for may be missing (the
    journal stops at its first failed write, the record's own line may still fit after it).
    """
    written = Written()
    if not path.exists():
        return written
    data = path.read_bytes()
    good = 0
    for line in data.splitlines(keepends=True):
        if not line.endswith(b"\n"):
            break
        try:
            record = json.loads(line)
            written.urls.add(record["url"])
            written.images.update(image["src"] for image in record.get("images") or ())
        except (ValueError, KeyError, TypeError):
            break
        good += len(line)
    cut = written.cut = len(data) - good
    if cut:
        with path.open("r+b") as handle:
            handle.truncate(good)
            handle.flush()
            os.fsync(handle.fileno())
    return written


class Journal:
    """The requests a site's spider made, one ``kind<TAB>url`` line each, written whole
    (``list``, ``article``; ``requisite`` for a page requisite or article image once archived,
    ``image`` for an article image asked for, ``unarchived`` for a requisite whose capture
    could not be written; :mod:`zonenews.crawler.requisites` reads the last three).

    A line that cannot be written (a full disk) goes to ``on_error`` once and the journal stops:
    a resumed crawl walks every list page again, so a missing line costs no article, and reads the
    images of the articles written from their records (:func:`repair_jsonl`), so none of theirs.
    """

    def __init__(self, path: Path, on_error: Callable[[OSError], None] | None = None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lines = LineFile(path)
        self._on_error = on_error
        self.failed = False

    def add(self, kind: str, url: str) -> None:
        if self.failed:
            return
        try:
            self._lines.write(f"{kind}\t{url}\n".encode())
        except OSError as error:
            if self._on_error is None:
                raise
            self.failed = True
            self._on_error(error)

    def close(self) -> None:
        self._lines.close()

    @staticmethod
    def read(path: Path) -> list[tuple[str, str]]:
        if not path.exists():
            return []
        entries = []
        for line in path.read_text(encoding="utf-8").splitlines():
            kind, sep, url = line.partition("\t")
            if sep and url:  # a line cut by a kill has no URL: it is asked for again anyway
                entries.append((kind, url))
        return entries


def pending(entries: Iterable[tuple[str, str]], done: set[str]) -> list[tuple[str, str]]:
    """What a resumed spider asks for again: every list page, every article not yet written."""
    seen: set[tuple[str, str]] = set()
    again = []
    for kind, url in entries:
        if kind not in ("list", "article"):
            continue  # requisites and images: zonenews.crawler.requisites reads them
        if (kind, url) in seen or (kind == "article" and url in done):
            continue
        seen.add((kind, url))
        again.append((kind, url))
    return again
