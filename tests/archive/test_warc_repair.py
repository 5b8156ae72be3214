"""Closing a killed crawl's ``.open`` WARC files at their last whole record."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import pytest
from warc_helpers import archive_in, exchange, raw_records, tool

from zonenews.archive.repair import repair_open_warcs

if TYPE_CHECKING:
    from pathlib import Path


def _written(directory: Path, count: int) -> tuple[Path, list[dict[str, Any]]]:
    """A closed file of ``count`` exchanges, and the response positions."""
    archive = archive_in(directory)
    positions = [archive.write_exchange(exchange(n)) for n in range(1, count + 1)]
    archive.close()
    return directory / positions[0]["filename"], positions


def _left_open(path: Path, data: bytes) -> Path:
    """``data`` as the ``.open`` file a killed crawl left in place of ``path``."""
    path.unlink(missing_ok=True)
    partial = path.with_name(path.name + ".open")
    partial.write_bytes(data)
    return partial


@pytest.mark.parametrize("cut_at", ["inside the data", "inside the gzip trailer"])
def test_a_file_cut_inside_a_record_is_closed_before_that_record(
    tmp_path: Path, cut_at: str
) -> None:
    path, positions = _written(tmp_path, 3)
    data = path.read_bytes()
    records = raw_records(path)
    last = records[-1]
    assert last.offset + last.length == len(data)
    keep = last.length // 2 if cut_at == "inside the data" else last.length - 4
    _left_open(path, data[: last.offset + keep])
    assert repair_open_warcs(tmp_path) == [(path, keep)]
    assert path.read_bytes() == data[: last.offset]
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    kept = [r.header("WARC-Record-ID") for r in raw_records(path)]
    assert kept == [r.header("WARC-Record-ID") for r in records[:-1]]
    assert positions[2]["record_id"] in kept
    assert tool("warcio", "check", path).returncode == 0


def test_a_whole_open_file_is_only_renamed(tmp_path: Path) -> None:
    path, _ = _written(tmp_path, 2)
    data = path.read_bytes()
    _left_open(path, data)
    assert repair_open_warcs(tmp_path) == [(path, 0)]
    assert path.read_bytes() == data


def test_bytes_after_the_last_record_are_cut(tmp_path: Path) -> None:
    path, _ = _written(tmp_path, 2)
    data = path.read_bytes()
    _left_open(path, data + b"\x1f\x8b\x08")
    assert repair_open_warcs(tmp_path) == [(path, 3)]
    assert path.read_bytes() == data


def test_a_taken_final_name_leaves_the_open_file_as_it_is(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path, _ = _written(tmp_path, 1)
    data = path.read_bytes()
    partial = path.with_name(path.name + ".open")
    partial.write_bytes(data)
    with caplog.at_level(logging.ERROR, logger="zonenews.archive.repair"):
        assert repair_open_warcs(tmp_path) == []
    assert partial.read_bytes() == data
    assert f"{path} exists" in caplog.text
