"""--faults SPEC, the plan of which article gets which fault, and the truth it implies."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from protego import Protego

from zonenews.sample_site import faults
from zonenews.sample_site.__main__ import main
from zonenews.sample_site.article_truth import FAULT_FIELDS, FIELDS
from zonenews.sample_site.faults import FAULTS, FaultSpec, FaultSpecError
from zonenews.sample_site.sections import SECTIONS, section_size
from zonenews.sample_site.site import SampleSite
from zonenews.sample_site.truth import site_truth

BASE = "http://127.0.0.1:8000"


def faulty(spec: str = "all", articles: int = 30) -> SampleSite:
    return SampleSite(articles_per_family=articles, seed="plan", faults=FaultSpec.parse(spec))


def test_all_switches_on_every_fault_but_robots_down() -> None:
    spec = FaultSpec.parse("all")
    assert set(spec.shares) == set(FAULTS) - {"robots_down"}
    assert spec.shares["http_404"] == FAULTS["http_404"].share


@pytest.mark.parametrize(
    ("text", "shares", "seed"),
    [
        ("http_404", {"http_404": 0.02}, "faults"),
        (" http_404 = 0.1 , seed=7", {"http_404": 0.1}, "7"),
        ("robots_down,timeout=1", {"robots_down": 0, "timeout": 1.0}, "faults"),
    ],
)
def test_spec_parsing(text: str, shares: dict[str, float], seed: str) -> None:
    assert FaultSpec.parse(text) == FaultSpec(shares, seed)


def test_all_with_an_override() -> None:
    spec = FaultSpec.parse("all,http_404=0.1")
    assert spec.shares["http_404"] == 0.1 and spec.shares["timeout"] == FAULTS["timeout"].share


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "needs 'all'"),
        ("http_999", "unknown fault 'http_999'"),
        ("http_404=lots", "must be a number"),
        ("http_404=0", "above 0"),
        ("http_404=1.5", "at most 1"),
        ("robots_5xx=0.1", "site-wide"),
        ("http_404=0.6,http_410=0.6", "more than 1"),
    ],
)
def test_bad_specs_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(FaultSpecError, match=re.escape(message)):
        FaultSpec.parse(text)


def test_every_fault_is_in_the_documented_table() -> None:
    doc = faults.__doc__ or ""
    rows = dict(re.findall(r"^\| `(\w+)` \| ([\d.]+|site) \|", doc, re.MULTILINE))
    assert set(rows) == set(FAULTS)
    for name, fault in FAULTS.items():
        assert rows[name] == ("site" if fault.site_wide else str(fault.share)), name
    unrecoverable = re.search(r"Unrecoverable faults: ([^.]*)\.", doc)
    assert unrecoverable is not None
    named = set(re.split(r",\s*", " ".join(unrecoverable.group(1).split())))
    assert named == {n for n, f in FAULTS.items() if not f.recoverable and not f.site_wide}


def test_the_plan_hands_every_fault_its_share() -> None:
    site = faulty(articles=60)
    played = Counter(record["fault"] for record in site_truth(site, BASE))
    total = len(site.all_articles())
    for name, fault in FAULTS.items():
        if fault.site_wide:
            continue
        if name == "robots_branch":  # plus any article under a disallowed stem
            assert played[name] >= round(fault.share * total)
        else:
            assert played[name] == max(1, round(fault.share * total)), name


def test_the_plan_is_deterministic_and_seeded() -> None:
    first = faulty().fault_plan
    again = faulty().fault_plan
    other = SampleSite(articles_per_family=30, seed="plan", faults=FaultSpec.parse("all,seed=9"))
    assert first is not None and again is not None and other.fault_plan is not None
    assert first.by_path == again.by_path
    assert first.by_path != other.fault_plan.by_path


def test_text_faults_go_to_utf8_pages_with_non_ascii_fields() -> None:
    site = faulty()
    plan = site.fault_plan
    assert plan is not None
    for article in site.all_articles():
        if plan.fault_of(article) in ("charset_wrong", "charset_missing", "charset_invalid"):
            assert article.charset == "utf-8", article.paths[0]
            text = [article.title, *(p.text for p in article.paragraphs)]
            text += [pic.caption or "" for pic in article.pictures]
            text += [article.source or "", article.author or ""]
            assert any(ord(c) > 127 for c in "".join(text)), article.paths[0]


def test_robots_txt_disallows_exactly_the_robots_branch_articles() -> None:
    site = faulty()
    robots = Protego.parse(site.page_bytes("/robots.txt", BASE)[2].decode())
    for record in site_truth(site, BASE):
        assert robots.can_fetch(record["url"], "zonenews") == (record["fault"] != "robots_branch")
    assert not robots.can_fetch(BASE + "/private/drafts.html", "zonenews")


def test_truth_marks_faults_only_when_faults_are_on() -> None:
    plain = site_truth(SampleSite(articles_per_family=30, seed="plan"), BASE)
    marked = site_truth(faulty(), BASE)
    assert all(tuple(record) == FIELDS for record in plain)
    assert all(tuple(record) == FIELDS + FAULT_FIELDS for record in marked)
    assert [{k: r[k] for k in FIELDS} for r in marked] == plain
    for record in marked:
        fault = record["fault"]
        assert record["recoverable"] == (fault is None or FAULTS[fault].recoverable)


def test_faults_change_nothing_but_their_own_urls() -> None:
    plain = SampleSite(articles_per_family=30, seed="plan")
    site = faulty()
    plan = site.fault_plan
    assert plan is not None and plain.fault_plan is None
    paths = [p for article in site.all_articles() for p in article.paths]
    paths += [pic.path for article in site.all_articles() for pic in article.pictures]
    paths += [
        p
        for family in ("cd_regional", "gd_gov")
        for page in site.list_pages(family)
        for p in page.paths
    ]
    paths += ["/", "/cd-ws/s/foshan/", "/foshannews/h/10001/"]
    changed = [p for p in paths if site.page_bytes(p, BASE) != plain.page_bytes(p, BASE)]
    assert changed == []  # the server plays the faults; the pages behind them stay as they were
    assert all(plain.fault_at(p) is None for p in paths)
    played = {p: site.fault_at(p) for p in paths}
    assert {p for p, fault in played.items() if fault and fault != "pager_trap"} == set(
        plan.by_path
    )
    # The site-wide pager trap plays on each family's last list page (and the endless ones past).
    assert {p for p, fault in played.items() if fault == "pager_trap"} == {
        site.list_pages(family)[-1].paths[-1] for family in ("cd_regional", "gd_gov")
    }
    assert plain.page_bytes("/robots.txt", BASE)[2] == b"User-agent: *\nDisallow: /private/\n"


def test_command_line_faults(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    truth = tmp_path / "truth.jsonl"
    args = ["--no-serve", "--truth", str(truth), "--articles", "10", "--faults", "all"]
    assert main(args) == 0
    records = [json.loads(line) for line in truth.read_text().splitlines()]
    every = sum(section_size(name, 10) for name in SECTIONS)
    assert len(records) == every and {r["recoverable"] for r in records} == {True, False}
    assert main(["--no-serve", "--truth", str(truth), "--faults", "http_999"]) == 2
    assert "unknown fault 'http_999'" in capsys.readouterr().err
