"""The record's own rules: canonical URLs, folding, the content hash and the shipped schema."""

from __future__ import annotations

import hashlib
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from zonenews.record import (
    FIELDS,
    REQUIRED,
    _canonical,
    canonical_url,
    content_hash,
    fold_body,
    fold_text,
    schema,
)


@pytest.mark.parametrize(
    ("url", "scheme", "expected"),
    [
        (
            "HTTP://Guangdong.ChinaDaily.com.cn/fs-hitech/2021-01/15/c_1.htm#comments",
            None,
            "http://guangdong.chinadaily.com.cn/fs-hitech/2021-01/15/c_1.htm",
        ),
        (
            "http://en.foshannews.net:80/h/1/20230101/2.html?utm_source=wechat&utm_medium=share",
            "https",
            "https://en.foshannews.net/h/1/20230101/2.html",
        ),
        (
            "http://127.0.0.1:8123/a.html?b=2&a=1&from=timeline",
            None,
            "http://127.0.0.1:8123/a.html?a=1&b=2",
        ),
        ("https://example.org:443/x?id=7&spm=a.b", None, "https://example.org/x?id=7"),
        ("http://example.org:443/x", None, "http://example.org:443/x"),
    ],
)
def test_canonical_url(url: str, scheme: str | None, expected: str) -> None:
    assert canonical_url(url, scheme) == expected


_URL_PARTS = st.sampled_from(
    [
        "a",
        "B",
        "%7E",
        "%20",
        " ",
        "..",
        ".",
        "/",
        "//",
        "?",
        "&",
        "=",
        "#",
        ":8080",
        "utm_source=x",
        "from=y",
        "é",
        "路径",
        "q=1",
        ";",
    ]
)


@given(
    st.sampled_from(["http://", "HTTPS://", "http://User@"]),
    st.sampled_from(["Ex.COM", "ex.com:80", "ex.com:443", "例子.测试", "127.0.0.1:8000"]),
    st.lists(_URL_PARTS, max_size=12).map("".join),
    st.sampled_from([None, "http", "https"]),
)
def test_a_canonical_url_is_its_own_canonical_form(
    scheme_part: str, host: str, rest: str, scheme: str | None
) -> None:
    # canonical_url remembers each result as its own canonical form: that must be true.
    try:
        once = _canonical(f"{scheme_part}{host}/{rest}", scheme)
    except ValueError:  # a malformed port or host: no canonical form at all
        return
    assert _canonical(once, once.split(":", 1)[0]) == once


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_fold_text_is_its_definition(raw: str) -> None:
    # The definition, the slow way: NFC, ideographic space as space, every run of whitespace
    # as one space, trimmed (the ASCII fast path must agree with it).
    folded = unicodedata.normalize("NFC", raw).replace("\u3000", " ")
    assert fold_text(raw) == re.sub(r"\s+", " ", folded).strip()


def test_fold_text_folds_every_kind_of_space_and_composes() -> None:
    decomposed = "Cafe\u0301"
    assert fold_text(f"\u3000 {decomposed}\u00a0\u00a0zone\n\t park ") == "Café zone park"


def test_fold_body_keeps_paragraph_breaks_and_drops_empty_ones() -> None:
    assert fold_body(" One  two.\n\n\n\n \u00a0\n\nThree\nfour. ") == "One two.\n\nThree four."


def test_content_hash_is_sha256_of_title_and_body() -> None:
    expected = hashlib.sha256(b"T\n\nB").hexdigest()
    assert content_hash("T", "B") == expected
    assert content_hash("T", "B2") != expected


def test_schema_is_valid_and_lists_every_field_in_the_column_order() -> None:
    """FIELDS is the one list in code; the shipped schema (the analysts' contract) must say the
    same, in the same order."""
    doc = schema()
    Draft202012Validator.check_schema(doc)
    assert list(doc["properties"]) == list(FIELDS)
    assert doc["required"] == list(FIELDS)
    assert set(REQUIRED) <= set(FIELDS)


def test_schema_rejects_a_date_without_china_offset() -> None:
    validator = Draft202012Validator(schema())
    record = {name: None for name in FIELDS}
    record.update(
        schema_version="1.0",
        url="http://example.org/a",
        site="s",
        zone="z",
        family="f",
        title="t",
        body="b",
        images=[],
        credits=[],
        language="en",
        pages=1,
        content_hash="0" * 64,
        extraction="family",
        crawl_id="c",
        fetched_at="2026-01-01T00:00:00Z",
        published_at="2024-02-29T16:15:00+08:00",
    )
    assert not list(validator.iter_errors(record))
    record["published_at"] = "2024-02-29T16:15:00Z"
    assert list(validator.iter_errors(record))
