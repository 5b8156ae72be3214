"""The command line's answers to mistakes: one line, a non-zero code, nothing crawled."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from zonenews.commands.cli import UsageError, main, parse_settings


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zonenews.commands.cli", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_unknown_site_key_is_a_usage_error_naming_the_known_keys(tmp_path) -> None:
    result = _run("crawl", "no-such-site", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "unknown site 'no-such-site'" in result.stderr
    assert "fs-hitech-cd" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_crawl_needs_keys_or_all(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crawl"]) == 2
    assert "or give --all" in capsys.readouterr().err


def test_bad_setting_syntax() -> None:
    with pytest.raises(UsageError, match="NAME=VALUE"):
        parse_settings(["NOEQUALS"])
    assert parse_settings(["A=1", "B=x=y"]) == {"A": "1", "B": "x=y"}


def test_sites_lists_every_entry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sites"]) == 0
    out = capsys.readouterr().out
    for key in ("fs-hitech-cd", "fs-hitech-gov", "govt-cd", "foshannews"):
        assert key in out


def test_a_new_crawl_id_never_reuses_existing_output(tmp_path, monkeypatch) -> None:
    from zonenews.crawler import process as crawl

    # Two crawls started in the same second.
    monkeypatch.setattr(crawl, "new_crawl_id", lambda: "20260101T000000Z")
    (tmp_path / "fs-hitech-cd-20260101T000000Z.jsonl").write_text("{}\n")
    fresh = crawl.unused_crawl_id(tmp_path)
    assert fresh == "20260101T000000Z-2"
    assert (tmp_path / "fs-hitech-cd-20260101T000000Z.jsonl").read_text() == "{}\n"


def test_an_offline_crawl_says_no_article_was_found_not_wrote(tmp_path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = _run(
        "crawl",
        "fs-hitech-cd",
        "--sample",
        f"http://127.0.0.1:{port}",
        "--out",
        str(tmp_path),
        "-s",
        "RETRY_TIMES=0",
        "-s",
        "ZONENEWS_WARC_ENABLED=False",
    )
    assert result.returncode in (3, 4), result.stderr
    [jsonl] = tmp_path.glob("fs-hitech-cd-*.jsonl")
    assert jsonl.stat().st_size == 0
    assert f"no article found: {jsonl} is empty" in result.stdout
    assert f"wrote {jsonl}" not in result.stdout
