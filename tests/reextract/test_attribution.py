"""The order of precedence of the evidence that gives an article of a shared host its entry:
the crawl's metadata record, then the request's Referer, then the captured list pages."""

from __future__ import annotations

from zonenews.archive.metadata import encode
from zonenews.reextract.attribution import Evidence
from zonenews.reextract.entries import linking_list, locate

BASE = "http://127.0.0.1:8123"
ARTICLE = f"{BASE}/ws-shared/s/202401/02/WS{'ab' * 12}/zone-news.html"
EAST_LIST = f"{BASE}/ws-shared/s/east/index_2.html"
WEST_LIST = f"{BASE}/ws-shared/s/west/"


def _request(referer: str) -> bytes:
    return f"GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nReferer: {referer}\r\n\r\n".encode()


def _decide(evidence: Evidence) -> tuple[str | None, str]:
    ref = locate(ARTICLE).ref
    assert ref is not None and ref.ambiguous
    decided, source = evidence.decide(ref, ARTICLE)
    return (decided.key if decided else None), source


def test_the_sample_sites_ws_host_is_shared_and_its_lists_say_whose() -> None:
    east, west = linking_list(EAST_LIST), linking_list(WEST_LIST)
    assert east is not None and west is not None
    assert (east.key, west.key) == ("ws-east", "ws-west")
    assert linking_list(ARTICLE) is None


def test_lists_alone() -> None:
    evidence = Evidence()
    assert _decide(evidence) == (None, "ambiguous")
    lister = linking_list(EAST_LIST)
    assert lister is not None
    evidence.linked(lister, ARTICLE)
    assert _decide(evidence) == ("ws-east", "lists")


def test_the_referer_wins_over_the_lists() -> None:
    evidence = Evidence()
    lister = linking_list(EAST_LIST)
    assert lister is not None
    evidence.linked(lister, ARTICLE)
    evidence.record("request", ARTICLE, _request(WEST_LIST))
    assert _decide(evidence) == ("ws-west", "referer")


def test_the_metadata_record_wins_over_the_referer() -> None:
    evidence = Evidence()
    evidence.record("request", ARTICLE, _request(WEST_LIST))
    evidence.record("metadata", ARTICLE, encode({"url": ARTICLE, "site": "ws-east"}, []))
    assert _decide(evidence) == ("ws-east", "metadata")


def test_two_entries_named_by_the_deciding_source_leave_it_ambiguous() -> None:
    evidence = Evidence()
    evidence.record("metadata", ARTICLE, encode({"site": "ws-east"}, []))
    evidence.record("metadata", ARTICLE, encode({"site": "ws-west"}, []))
    lister = linking_list(EAST_LIST)
    assert lister is not None
    evidence.linked(lister, ARTICLE)  # a lesser source does not break the tie
    assert _decide(evidence) == (None, "ambiguous")


def test_evidence_that_names_no_tied_entry_is_no_evidence() -> None:
    evidence = Evidence()
    evidence.record("metadata", ARTICLE, encode({"site": "govt-cd"}, []))
    evidence.record("request", ARTICLE, _request(f"{BASE}/cd-ws/s/foshan/"))
    evidence.record("request", ARTICLE, b"GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    evidence.record("metadata", ARTICLE, b"WARC-Type: not ours\r\n")
    assert _decide(evidence) == (None, "ambiguous")
