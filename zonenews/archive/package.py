"""CDXJ indexes and WACZ packages of a crawl's WARC files.

``wacz`` prints as it works and, on import, adds ``warcinfo`` to cdxj-indexer's
default record types; it therefore runs in a child interpreter (the same Python),
and the CDXJ index names its record types explicitly.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import tempfile
import uuid
import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zonenews.archive.cdxj import merge_indexes, open_side_path, side_path

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

logger = logging.getLogger(__name__)

# Metadata records carry the article URL too: only captures of pages go in the index.
INDEXED_RECORDS = "response,revisit,resource"

_RUN_WACZ = "import sys; from wacz.main import main; sys.exit(main(sys.argv[1:]))"


class PackageError(RuntimeError):
    """``wacz`` failed; the message carries its output."""


def write_cdxj(warc_paths: list[Path], out: Path) -> Path:
    """A sorted CDXJ index of ``warc_paths`` at ``out`` (file names as in the index)."""
    # Imported when needed: importing it slows every crawl's start, and a crawl's own files are
    # indexed from their capture-time lines.
    with warnings.catch_warnings():
        # cdxj-indexer imports pyamf, which imports setuptools' deprecated pkg_resources.
        warnings.filterwarnings(
            "ignore", message="pkg_resources is deprecated", category=UserWarning
        )
        from cdxj_indexer.main import CDXJIndexer

    out.parent.mkdir(parents=True, exist_ok=True)
    indexer = CDXJIndexer(
        output=str(out),
        inputs=[str(path) for path in sorted(warc_paths)],
        sort=True,
        records=INDEXED_RECORDS,
    )
    indexer.process_all()
    return out


def write_crawl_index(warc_paths: list[Path], out: Path) -> Path:
    """The sorted CDXJ index of a crawl's files at ``out``, from the side indexes written with
    them (removed once merged); a file without one is read and indexed by cdxj-indexer."""
    out.parent.mkdir(parents=True, exist_ok=True)
    sides: list[Path] = []
    reread: list[Path] = []
    for warc in sorted(warc_paths):
        # A side index left open by a killed crawl does not match its repaired file.
        open_side_path(warc).unlink(missing_ok=True)
        (sides if side_path(warc).exists() else reread).append(warc)
    with tempfile.TemporaryDirectory(prefix="zonenews-cdxj-", dir=out.parent) as tmp:
        parts = [side_path(warc) for warc in sides]
        for number, warc in enumerate(reread):
            parts.append(write_cdxj([warc], Path(tmp) / f"{number}.cdxj"))
        merge_indexes(parts, out)
    for warc in sides:
        side_path(warc).unlink()
    logger.info(
        "CDXJ index %s: %d files from lines written at capture, %d read again",
        out.name,
        len(sides),
        len(reread),
    )
    return out


def build_wacz(
    jsonl_paths: list[Path], warc_paths: list[Path], out: Path, text: bool = True
) -> Path:
    """A WACZ of ``warc_paths`` whose pages.jsonl lists every article of ``jsonl_paths``.

    Pages are the records that have ``url`` and ``fetched_at`` (their ``ts``); with ``text``,
    each carries the article's extracted text, which ReplayWeb.page searches. The WACZ is
    validated before it is returned.
    """
    if not warc_paths:
        raise ValueError("no WARC files to package")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="zonenews-wacz-") as tmp:
        pages = Path(tmp) / "pages.jsonl"
        count = write_pages(iter_articles(jsonl_paths), pages, text=text)
        logger.info("packaging %d WARC files and %d pages", len(warc_paths), count)
        # -c copies our pages.jsonl as it is: wacz would only keep pages whose
        # ts equals a capture's second.
        args = ["create", "-o", str(out), "-p", str(pages), "-c"]
        _wacz([*args, *(str(path) for path in sorted(warc_paths))])
    _wacz(["validate", "-f", str(out)])
    return out


def iter_articles(jsonl_paths: Iterable[Path]) -> Iterator[dict[str, Any]]:
    for path in jsonl_paths:
        with Path(path).open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    yield json.loads(line)


def page_entry(record: dict[str, Any], text: bool = True) -> dict[str, str] | None:
    """The pages.jsonl line of an article record, or None for a record without url/date.

    ``text`` is the field ReplayWeb.page's full-text search reads: the article's title and body
    as extracted, so that an archive's articles can be found by their content.
    """
    url, fetched = record.get("url"), record.get("fetched_at")
    if not url or not fetched:
        return None
    moment = datetime.fromisoformat(str(fetched).replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    ts = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    entry = {
        "id": uuid.uuid5(uuid.NAMESPACE_URL, f"{ts} {url}").hex,
        "url": str(url),
        "title": str(record.get("title") or url),
        "ts": ts,
    }
    if text:
        parts = [record.get("title"), record.get("body")]
        entry["text"] = "\n\n".join(str(part) for part in parts if part)
    return entry


def write_pages(records: Iterable[dict[str, Any]], out: Path, text: bool = True) -> int:
    """Write a json-pages-1.0 file (each page with its text, unless ``text`` is false); return
    the number of pages."""
    entries = []
    skipped = 0
    for record in records:
        entry = page_entry(record, text=text)
        if entry is None:
            skipped += 1
        else:
            entries.append(entry)
    if skipped:
        logger.warning("%d records without url or fetched_at left out of pages.jsonl", skipped)
    header: dict[str, Any] = {"format": "json-pages-1.0", "id": "pages", "title": "Pages"}
    if text:
        header["hasText"] = True
    lines = [json.dumps(item, ensure_ascii=False) for item in (header, *entries)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(entries)


def _wacz(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _RUN_WACZ, *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise PackageError(f"wacz {args[0]} failed:\n{result.stdout}{result.stderr}")
