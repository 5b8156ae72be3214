"""``zonenews extract`` on archives written with warcio: encodings, revisits, split articles,
damaged and foreign files, WACZ. Each case states its documented outcome (zonenews.reextract)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from rebuild_helpers import (
    CD_1,
    CD_2,
    CD_LIST,
    FOSHAN,
    GOV,
    Capture,
    expected_record,
    page,
    raw_records,
    read_jsonl,
    without_crawl_fields,
    write_warc,
)

from zonenews.commands.cli import main
from zonenews.reextract.run import EXIT_DAMAGED, extract_archives

if TYPE_CHECKING:
    from pathlib import Path

F_NEW = page("foshannews", "f_new.html")
G_NEW = page("gd_gov", "g_new.html")
C_1 = page("cd_regional", "c_multi_1.html")
C_2 = page("cd_regional", "c_multi_2.html")


def extract(tmp_path: Path, *inputs: Path, jobs: int = 1) -> tuple[list[dict], object]:
    out = tmp_path / "out.jsonl"
    result = extract_archives(list(inputs), out, jobs=jobs, progress=None)
    return (read_jsonl(out) if out.exists() else []), result


def test_identity_gzip_and_chunked_payloads_give_the_same_record(tmp_path: Path) -> None:
    expected = expected_record([(FOSHAN, F_NEW)])
    for encoding in ("identity", "gzip", "chunked"):
        warc = write_warc(
            tmp_path / f"{encoding}.warc.gz", [Capture(FOSHAN, F_NEW, encoding=encoding)]
        )
        records, result = extract(tmp_path, warc)
        assert [without_crawl_fields(r) for r in records] == [expected], encoding
        assert result.exit_code == 0


def test_a_multi_page_article_split_over_two_files_out_of_order(tmp_path: Path) -> None:
    # Page 2 is read first (earlier file), page 1 later: one record of both pages.
    first = write_warc(tmp_path / "a.warc.gz", [Capture(CD_2, C_2), Capture(FOSHAN, F_NEW)])
    second = write_warc(tmp_path / "b.warc", [Capture(CD_1, C_1)])
    records, result = extract(tmp_path, first, second)
    by_url = {r["url"]: r for r in records}
    assert set(by_url) == {CD_1, FOSHAN}
    assert without_crawl_fields(by_url[CD_1]) == expected_record([(CD_1, C_1), (CD_2, C_2)])
    assert by_url[CD_1]["pages"] == 2
    assert by_url[CD_1]["warc"]["filename"] == "b.warc"
    assert result.tally.paths == {"entry": 2}


def test_an_article_missing_a_page_is_dropped_as_incomplete(tmp_path: Path) -> None:
    warc = write_warc(tmp_path / "a.warc.gz", [Capture(CD_1, C_1), Capture(FOSHAN, F_NEW)])
    records, result = extract(tmp_path, warc)
    assert [r["url"] for r in records] == [FOSHAN]
    assert result.tally.drops["incomplete_pages"] == 1


def test_a_revisit_gets_its_originals_payload_and_is_the_latest_capture(tmp_path: Path) -> None:
    original = Capture(GOV, G_NEW, date="2024-03-01T08:00:00Z")
    revisit = Capture(GOV, b"", date="2024-04-01T08:00:00Z", revisit_of=original)
    warc = write_warc(tmp_path / "a.warc.gz", [original, revisit])
    records, result = extract(tmp_path, warc)
    assert [without_crawl_fields(r) for r in records] == [expected_record([(GOV, G_NEW)])]
    revisit_record = next(r for r in raw_records(warc) if r.type == "revisit")
    assert records[0]["warc"]["record_id"] == revisit_record.record_id
    assert records[0]["fetched_at"] == "2024-04-01T08:00:00Z"
    assert result.tally.revisits == 1
    assert result.tally.drops["duplicate"] == 1


def test_a_revisit_read_before_its_original_is_resolved_at_the_end(tmp_path: Path) -> None:
    original = Capture(GOV, G_NEW, date="2024-03-01T08:00:00Z")
    copy_url = GOV.replace("1234567", "7654321")
    revisit = Capture(copy_url, b"", date="2024-04-01T08:00:00Z", revisit_of=original)
    early = write_warc(tmp_path / "1.warc.gz", [revisit])
    late = write_warc(tmp_path / "2.warc.gz", [original])
    records, _ = extract(tmp_path, early, late)
    assert [r["url"] for r in records] == [GOV, copy_url]
    assert records[0]["title"] == records[1]["title"] == expected_record([(GOV, G_NEW)])["title"]


def test_a_revisit_without_its_original_is_skipped(tmp_path: Path) -> None:
    original = Capture(GOV, G_NEW)
    warc = write_warc(
        tmp_path / "a.warc.gz", [Capture(FOSHAN, F_NEW), Capture(GOV, b"", revisit_of=original)]
    )
    records, result = extract(tmp_path, warc)
    assert [r["url"] for r in records] == [FOSHAN]
    assert result.tally.skipped["revisit-without-original"] == 1


def test_non_articles_are_skipped_by_reason(tmp_path: Path) -> None:
    captures = [
        Capture(FOSHAN, F_NEW),
        Capture(CD_LIST, page("cd_regional", "news_list.html")),
        Capture(GOV, b"\x89PNG\r\n", content_type="image/png"),
        Capture(CD_1, b"moved", status="301 Moved Permanently"),
        Capture(CD_2, b"gone", status="404 Not Found"),
        Capture("http://guangdong.chinadaily.com.cn/other/page.html", C_1),
        Capture("http://127.0.0.1:8000/other/c_603.htm", C_1),  # sample-site host, no entry
    ]
    records, result = extract(tmp_path, write_warc(tmp_path / "a.warc.gz", captures))
    assert [r["url"] for r in records] == [FOSHAN]
    assert result.tally.skipped == {
        "not-article-url": 2,
        "not-html": 1,
        "redirect": 1,
        "error-status": 1,
        "off-entry": 1,
    }


def test_a_page_that_is_no_article_is_dropped_with_its_reason(tmp_path: Path) -> None:
    no_body = page("gd_gov", "g_nobody.html")
    records, result = extract(tmp_path, write_warc(tmp_path / "a.warc", [Capture(GOV, no_body)]))
    assert records == []
    assert result.tally.drops == {"not_article/no-body": 1}
    assert result.exit_code == 3


def test_the_latest_capture_of_an_article_wins(tmp_path: Path) -> None:
    old_body = page("foshannews", "f_old.html")
    later = write_warc(
        tmp_path / "1.warc.gz", [Capture(FOSHAN, F_NEW, date="2024-05-01T00:00:00Z")]
    )
    earlier = write_warc(
        tmp_path / "2.warc.gz", [Capture(FOSHAN, old_body, date="2024-01-01T00:00:00Z")]
    )
    records, result = extract(tmp_path, later, earlier)
    assert [without_crawl_fields(r) for r in records] == [expected_record([(FOSHAN, F_NEW)])]
    # Read in the other order, the later capture replaces the one already written.
    again = tmp_path / "again"
    again.mkdir()
    records, _ = extract(again, earlier, later)
    assert [r["fetched_at"] for r in records] == ["2024-05-01T00:00:00Z"]
    assert result.tally.drops["duplicate"] == 1


def test_a_truncated_warc_gz_is_read_up_to_the_damage(tmp_path: Path, capsys) -> None:
    whole = write_warc(
        tmp_path / "whole.warc.gz",
        [Capture(FOSHAN, F_NEW), Capture(GOV, G_NEW), Capture(CD_1.replace("603", "9"), C_1)],
    )
    third = raw_records(whole)[2]
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: third.offset + third.length // 2])
    out = tmp_path / "out.jsonl"
    code = main(["extract", str(cut), "-o", str(out), "-j", "1"])
    assert code == EXIT_DAMAGED == 7
    assert [r["url"] for r in read_jsonl(out)] == [FOSHAN, GOV]
    err = capsys.readouterr().err
    assert f"{cut}: damaged at offset {third.offset}" in err


@pytest.mark.parametrize("cut_at", [0.3, 0.55, 0.8, 0.999])
def test_every_cut_of_a_warc_gz_is_reported(tmp_path: Path, cut_at: float) -> None:
    whole = write_warc(tmp_path / "whole.warc.gz", [Capture(FOSHAN, F_NEW), Capture(GOV, G_NEW)])
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: int(len(data) * cut_at)])
    _, result = extract(tmp_path, cut)
    assert result.exit_code == EXIT_DAMAGED
    assert len(result.tally.damage) == 1


def test_a_truncated_plain_warc_is_reported_too(tmp_path: Path) -> None:
    whole = write_warc(tmp_path / "whole.warc", [Capture(FOSHAN, F_NEW), Capture(GOV, G_NEW)])
    second = raw_records(whole)[1]
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole.read_bytes()[: second.offset + 100])
    records, result = extract(tmp_path, cut)
    assert [r["url"] for r in records] == [FOSHAN]
    assert [(d.offset, d.records_before) for d in result.tally.damage] == [(second.offset, 1)]


def test_an_empty_file_is_reported_and_is_no_error(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    good = write_warc(tmp_path / "good.warc.gz", [Capture(FOSHAN, F_NEW)])
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(empty), str(good), "-o", str(out), "-j", "1"]) == 0
    assert f"empty file:   {empty}" in capsys.readouterr().out
    assert len(read_jsonl(out)) == 1


def test_a_file_that_is_not_a_warc(tmp_path: Path, capsys) -> None:
    notes = tmp_path / "notes.warc"
    notes.write_text("These are my notes, not an archive.\nSecond line.\n")
    good = write_warc(tmp_path / "good.warc.gz", [Capture(FOSHAN, F_NEW)])
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(notes), str(good), "-o", str(out), "-j", "1"]) == EXIT_DAMAGED
    err = capsys.readouterr().err
    assert f"{notes}: not a WARC file (ArchiveLoadFailed: Invalid WARC record" in err
    assert len(read_jsonl(out)) == 1


def test_gzip_data_that_is_no_warc(tmp_path: Path) -> None:
    import gzip

    fake = tmp_path / "fake.warc.gz"
    fake.write_bytes(gzip.compress(b'{"json": "lines, not WARC"}\n'))
    _, result = extract(tmp_path, fake)
    assert result.exit_code == EXIT_DAMAGED
    assert result.tally.damage[0].not_a_warc


def test_missing_inputs_are_a_usage_error(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path / "nowhere.warc.gz"), "-o", str(out)]) == 2
    (tmp_path / "empty-folder").mkdir()
    assert main(["extract", str(tmp_path / "empty-folder"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "nowhere.warc.gz: no such file or folder" in err
    assert "no .warc, .warc.gz or .wacz files in this folder" in err
    assert not out.exists()


def test_folders_are_searched_recursively(tmp_path: Path) -> None:
    nested = tmp_path / "in" / "deeper"
    nested.mkdir(parents=True)
    write_warc(nested / "a.warc.gz", [Capture(FOSHAN, F_NEW)])
    write_warc(tmp_path / "in" / "b.warc", [Capture(GOV, G_NEW)])
    (tmp_path / "in" / "crawling.warc.gz.open").write_bytes(b"partial")
    records, result = extract(tmp_path, tmp_path / "in")
    assert sorted(r["url"] for r in records) == sorted([FOSHAN, GOV])
    assert result.tally.sources == 2


def test_workers_give_the_same_output_as_one_process(tmp_path: Path) -> None:
    captures = [Capture(FOSHAN.replace("4567", str(n)), F_NEW) for n in range(70)]
    captures += [Capture(CD_2, C_2), Capture(GOV, G_NEW), Capture(CD_1, C_1)]
    warc = write_warc(tmp_path / "a.warc.gz", captures)
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    one, _ = extract(tmp_path / "one", warc)
    two, _ = extract(tmp_path / "two", warc, jobs=2)
    assert len(one) == 72
    assert [without_crawl_fields(r) for r in one] == [without_crawl_fields(r) for r in two]


def test_a_failed_run_leaves_no_output(tmp_path: Path, monkeypatch) -> None:
    from zonenews.reextract import output

    out = tmp_path / "out.jsonl"
    out.write_text("an earlier output\n")
    warc = write_warc(tmp_path / "a.warc.gz", [Capture(FOSHAN, F_NEW), Capture(GOV, G_NEW)])

    def fail(self, record, path) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(output.JsonlOutput, "add", fail)
    with pytest.raises(RuntimeError, match="disk on fire"):
        extract_archives([warc], out, jobs=1, progress=None)
    assert out.read_text() == "an earlier output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.warc.gz", "out.jsonl"]
