"""The date fallback (zonenews.extract.header): every printed form of the zone platforms, read by
the family's own date rule when its element is there and by the header text search when the
template wraps the line in an element no rule names; then date meta tags; never an empty label's
neighbour."""

from __future__ import annotations

import pytest

from zonenews.extract.header import HEADER_RULE
from zonenews.extract.page import extract_page

URL = "http://zone.test/fs-hitech/2021-05/21/c_1.htm"

# The printed line, the date expression as printed (published_raw) and the ISO date. Synthetic
# lines in the forms zones.md lists.
FORMS = [
    ("Updated: January 15,2021", "January 15,2021", "2021-01-15"),
    ("Updated : 2022-02-17 Print Print", "2022-02-17", "2022-02-17"),
    ("Updated : 2022-02-17Print Print", "2022-02-17", "2022-02-17"),
    ("Update : 2017-06-13", "2017-06-13", "2017-06-13"),
    ("Source : chinadaily.com.cnUpdate : 2017-06-13", "2017-06-13", "2017-06-13"),
    ("Date:2021-08-26", "2021-08-26", "2021-08-26"),
    ("Date:2020-03-13 10:58|Source:", "2020-03-13 10:58", "2020-03-13"),
    ("send date:2024-02-29 16:15", "2024-02-29 16:15", "2024-02-29"),
    ("From: Shenzhen Daily | Updated: 2021-10-15 09:10", "2021-10-15 09:10", "2021-10-15"),
    ("chinadaily.com.cn Updated: May 21,2021", "May 21,2021", "2021-05-21"),
    ("Updated:2016-01-28 (chinadaily.com.cn)", "2016-01-28", "2016-01-28"),
    ("Updated: Dec 14, 2017 Print", "Dec 14, 2017", "2017-12-14"),
    ("Updated: Dec 14, 2017Print", "Dec 14, 2017", "2017-12-14"),
    ("chinadaily.com.cn| Updated: Jan 04 2022", "Jan 04 2022", "2022-01-04"),
    ("en.lgxc.gov.cn| Updated: Aug 25, 2020 L M S", "Aug 25, 2020", "2020-08-25"),
    ("Updated:2022-07-01 Font L M S", "2022-07-01", "2022-07-01"),
    ("Updated: 2017-08-03 Weibo Weixin Qzone", "2017-08-03", "2017-08-03"),
    ("Foshan China 2023-11-16 16:16", "2023-11-16 16:16", "2023-11-16"),
]


def page(
    info: str, *, head: str = "", body: str = "<p>The zone opened a park on Friday.</p>"
) -> bytes:
    return (
        f'<html><head><meta charset="utf-8">{head}</head><body><div class="lft_art">'
        f"<h1>Zone opens park</h1>{info}"
        f'<div class="art_cont" id="Content">{body}</div></div></body></html>'
    ).encode()


@pytest.mark.parametrize(("line", "raw", "iso"), FORMS)
def test_each_form_through_the_family_rule(line: str, raw: str, iso: str) -> None:
    fields = extract_page(
        page(f'<div class="info"><span class="info_l">{line}</span></div>'),
        URL,
        "text/html",
        "cd_regional",
    )
    assert fields.date is not None
    assert (fields.date.raw, fields.date.published_date) == (raw, iso)
    assert fields.rules["date"] == "dateline:.info_l"


@pytest.mark.parametrize("wrapper", ['<p class="pubtime">{}</p>', "<div><em>{}</em></div>", "{}"])
@pytest.mark.parametrize(("line", "raw", "iso"), FORMS)
def test_each_form_through_the_fallback(wrapper: str, line: str, raw: str, iso: str) -> None:
    """A wrapper no rule of the family names: the header text search finds the same date."""
    fields = extract_page(page(wrapper.format(line)), URL, "text/html", "cd_regional")
    assert fields.date is not None
    assert (fields.date.raw, fields.date.published_date) == (raw, iso)
    assert fields.rules["date"] == HEADER_RULE


@pytest.mark.parametrize(
    "line",
    [
        "Date: &nbsp; | &nbsp; Source: &nbsp; Font Size: A A A",
        "Date:   |   Source:   Views: 2021",
        "Updated: Dec 14 | 2017 visits",
    ],
)
def test_an_empty_or_yearless_label_is_no_date(line: str) -> None:
    fields = extract_page(page(f'<div class="bar">{line}</div>'), URL, "text/html", "cd_regional")
    assert fields.date is None
    assert fields.rules["date"] == "missing"


def test_a_date_in_the_body_is_not_the_header_s() -> None:
    body = "<p>Updated: 2020-01-01</p><p>The zone opened a park on Friday.</p>"
    fields = extract_page(page("", body=body), URL, "text/html", "cd_regional")
    assert fields.date is None


def test_a_date_before_the_title_is_not_the_header_s() -> None:
    html = page("").replace(b"<h1>", b'<div class="nav">2020-01-01</div><h1>')
    assert extract_page(html, URL, "text/html", "cd_regional").date is None


def test_meta_date_only_when_nothing_is_printed() -> None:
    head = '<meta name="publishdate" content="2024-02-29 16:15">'
    fields = extract_page(page("", head=head), URL, "text/html", "cd_regional")
    assert fields.date is not None and fields.date.raw == "2024-02-29 16:15"
    assert fields.rules["date"] == "meta:publishdate"
    printed = extract_page(
        page("<p>Updated: 2024-03-01</p>", head=head), URL, "text/html", "cd_regional"
    )
    assert printed.date is not None and printed.date.raw == "2024-03-01"


def test_a_printed_date_comes_before_the_family_s_own_meta_rule() -> None:
    """gd_gov's rules name ``meta:PubDate`` after its info line: a drifted info line is still
    read from the header before the meta tag."""
    html = (
        b'<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="Zone opens park">'
        b'<meta name="PubDate" content="2024-02-28"></head><body><div class="article">'
        b'<h2 class="title">Zone opens park</h2><div class="art-attr">send date:2024-02-29 16:15'
        b'</div><div class="article-content"><p>The zone opened a park.</p></div></div>'
        b"</body></html>"
    )
    fields = extract_page(html, "http://zone.test/post_1.html", "text/html", "gd_gov")
    assert fields.date is not None and fields.date.raw == "2024-02-29 16:15"
    assert fields.rules["date"] == HEADER_RULE


def test_source_and_by_line_of_a_fallback_date_line() -> None:
    line = '<div class="pub">Updated: Jun 21, 2023 By Li Wen in Guangzhou China Daily Print</div>'
    html = page(line).replace(b"<h1>", b'<div class="topnav">Home</div><h1>')
    fields = extract_page(html, URL, "text/html", "cd_regional")
    assert fields.author == "Li Wen"
    assert fields.rules["author"] == HEADER_RULE
    sourced = extract_page(
        page('<div class="pub">Updated:2016-01-28 (chinadaily.com.cn)</div>'),
        URL,
        "text/html",
        "cd_regional",
    )
    assert (sourced.source, sourced.rules["source"]) == ("chinadaily.com.cn", HEADER_RULE)


def test_the_search_is_bounded_and_never_cuts_a_date_in_half() -> None:
    # 582 characters, then the label: the bound falls right after "2021-01-1", which alone would
    # read as January 1.
    filler = "word " * 116 + "x "
    fields = extract_page(
        page(f"<div>{filler}Updated: 2021-01-15</div>"), URL, "text/html", "cd_regional"
    )
    assert fields.date is None
    near = extract_page(
        page(f"<div>Updated: 2021-01-15 {filler}</div>"), URL, "text/html", "cd_regional"
    )
    assert near.date is not None and near.date.raw == "2021-01-15"
