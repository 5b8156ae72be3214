"""Publication-date rules: every printed form from the sites, with the noise around it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zonenews.extract.dates import DATE_FORMS, MONTHS, find_date, parse_iso_like
from zonenews.extract.fields import FoundDate

D = dt.date
T = dt.time

# (line as printed, date, time, raw)
PRINTED_FORMS = [
    # China Daily regional (c_ pages)
    ("Updated: January 15,2021", D(2021, 1, 15), None, "January 15,2021"),
    ("chinadaily.com.cn Updated: May 21,2021", D(2021, 5, 21), None, "May 21,2021"),
    ("Updated: Jan 15, 2021", D(2021, 1, 15), None, "Jan 15, 2021"),
    ("Updated : 2018-05-10", D(2018, 5, 10), None, "2018-05-10"),
    ("Updated: 2021-01-15 10:30", D(2021, 1, 15), T(10, 30), "2021-01-15 10:30"),
    # China Daily WS
    ("Updated: Dec 14, 2017 Print", D(2017, 12, 14), None, "Dec 14, 2017"),
    (
        "Updated: Jun 21, 2023 By Li Wenfang in Guangzhou China Daily Print",
        D(2023, 6, 21),
        None,
        "Jun 21, 2023",
    ),
    ("Updated: December 14, 2017", D(2017, 12, 14), None, "December 14, 2017"),
    ("Updated: Sept 5, 2019", D(2019, 9, 5), None, "Sept 5, 2019"),
    ("Updated: Sep 5, 2019 Weibo Weixin", D(2019, 9, 5), None, "Sep 5, 2019"),
    ("Updated: 2017-12-14 09:30 Print", D(2017, 12, 14), T(9, 30), "2017-12-14 09:30"),
    # other zones' CMS variants
    ("Updated:2017-05-05", D(2017, 5, 5), None, "2017-05-05"),
    ("Update : 2017-06-13", D(2017, 6, 13), None, "2017-06-13"),
    ("Source : chinadaily.com.cnUpdate : 2017-06-13", D(2017, 6, 13), None, "2017-06-13"),
    ("Updated: 2024-02-02", D(2024, 2, 2), None, "2024-02-02"),
    ("Updated: Aug 25, 2020 L M S", D(2020, 8, 25), None, "Aug 25, 2020"),
    ("Updated:2022-07-01 Font L M S", D(2022, 7, 1), None, "2022-07-01"),
    ("Date:2021-08-26", D(2021, 8, 26), None, "2021-08-26"),
    ("Date:2020-03-13 10:58|Source:", D(2020, 3, 13), T(10, 58), "2020-03-13 10:58"),
    # Guangdong government platform
    ("send date:2024-02-29 16:15", D(2024, 2, 29), T(16, 15), "2024-02-29 16:15"),
    ("send date：2024-02-29 16:15", D(2024, 2, 29), T(16, 15), "2024-02-29 16:15"),
    ("send date:2024-02-29", D(2024, 2, 29), None, "2024-02-29"),
    (
        "send date:2024-02-29 16:15\u00a0\u00a0Source: Foshan Hi-tech Zone",
        D(2024, 2, 29),
        T(16, 15),
        "2024-02-29 16:15",
    ),
    # Foshan News
    ("Foshan China 2023-10-23 17:48", D(2023, 10, 23), T(17, 48), "2023-10-23 17:48"),
    ("2023-10-23 17:48", D(2023, 10, 23), T(17, 48), "2023-10-23 17:48"),
    ("2023-10-23", D(2023, 10, 23), None, "2023-10-23"),
    # slashes, Chinese forms, seconds, day first
    ("2021/08/26", D(2021, 8, 26), None, "2021/08/26"),
    ("2021年8月26日", D(2021, 8, 26), None, "2021年8月26日"),
    ("2021年8月26日 10:58", D(2021, 8, 26), T(10, 58), "2021年8月26日 10:58"),
    (
        "发布时间：2021年08月26日10:58 来源：佛山高新区",
        D(2021, 8, 26),
        T(10, 58),
        "2021年08月26日10:58",
    ),
    ("2024-02-29 16:15:07", D(2024, 2, 29), T(16, 15, 7), "2024-02-29 16:15:07"),
    (
        "send date:2024-02-29 16:15:07 Source: X",
        D(2024, 2, 29),
        T(16, 15, 7),
        "2024-02-29 16:15:07",
    ),
    ("Updated: 14 December 2017 Print", D(2017, 12, 14), None, "14 December 2017"),
    ("Updated: Dec. 14, 2017", D(2017, 12, 14), None, "Dec. 14, 2017"),
    ("UPDATED: DEC 14, 2017", D(2017, 12, 14), None, "DEC 14, 2017"),
    ("Updated: Dec 14th, 2017 Print", D(2017, 12, 14), None, "Dec 14th, 2017"),
    ("Posted on the 1st of May 2021", D(2021, 5, 1), None, "1st of May 2021"),
    ("Updated: Dec 14, 2017 09:30 Print", D(2017, 12, 14), T(9, 30), "Dec 14, 2017 09:30"),
    ("Updated: Dec 14, 2017Print", D(2017, 12, 14), None, "Dec 14, 2017"),
    ("send date:2024-02-29 16：15", D(2024, 2, 29), T(16, 15), "2024-02-29 16：15"),
]


@pytest.mark.parametrize(("line", "date", "time", "raw"), PRINTED_FORMS)
def test_find_date_reads_printed_form(line: str, date: dt.date, time: dt.time | None, raw: str):
    assert find_date(line) == FoundDate(date, time, raw)


@pytest.mark.parametrize(
    "line",
    [
        "Date:   |",  # empty date slot
        "Updated: Dec 14",  # no year: never guess one
        "Updated: Dec 14 Print",
        "Updated: December 2017",  # no day: never default one
        "2023-02-30",  # no such day
        "2023-13-01",  # no month 13
        "Updated: Feb 30, 2023",
        "2021年13月1日",
        "2021-08/26",  # mixed separators
        "Tel: 0757-8123-4567",
        "Share - WeChat [Print page][Close page]",
        "Copyright 1995 - 2023 . All rights reserved.",
        "",
        "20210826",  # digits only: ambiguous, not a printed form
        "Updated: 0021-08-26",  # no year before 1900
        "Updated: 12021-08-26",
        "Updated: 2021-08-261",
    ],
)
def test_find_date_returns_none_without_a_full_date(line: str):
    assert find_date(line) is None


def test_labelled_date_wins_over_an_earlier_unlabelled_one():
    found = find_date("Foshan China 2023-10-23 17:48 Updated: 2023-10-25")
    assert found == FoundDate(D(2023, 10, 25), None, "2023-10-25")


def test_chinese_label_counts_as_a_label():
    found = find_date("2021-01-01 专题 发布时间：2021-08-26")
    assert found is not None
    assert found.raw == "2021-08-26"


def test_first_date_wins_when_none_is_labelled():
    found = find_date("Foshan China 2023-10-23 17:48 (2023-10-25)")
    assert found is not None
    assert found.raw == "2023-10-23 17:48"


def test_invalid_labelled_date_falls_back_to_a_valid_one():
    found = find_date("Updated: 2023-02-30 Foshan 2023-02-28")
    assert found == FoundDate(D(2023, 2, 28), None, "2023-02-28")


def test_impossible_time_keeps_the_date_and_leaves_the_time_out_of_raw():
    assert find_date("send date:2024-02-29 25:61") == FoundDate(D(2024, 2, 29), None, "2024-02-29")


@pytest.mark.parametrize(
    ("line", "raw"),
    [("2023-10-23\n17:48", "2023-10-23"), ("2021年8月26日\n10:58", "2021年8月26日")],
)
def test_time_on_the_next_line_is_not_the_dates_time(line: str, raw: str):
    found = find_date(line)
    assert found is not None
    assert (found.raw, found.time) == (raw, None)


def test_long_s_is_not_a_month_letter():
    # Unicode case folding would make "ſept" match "sept"; the month table must not be bypassed.
    assert find_date("Updated: ſept 5, 2019") is None


def test_published_at_is_china_time():
    found = find_date("send date:2024-02-29 16:15")
    assert found is not None
    assert found.published_date == "2024-02-29"
    assert found.published_at == "2024-02-29T16:15:00+08:00"
    undated_time = find_date("Updated: Dec 14, 2017 Print")
    assert undated_time is not None
    assert undated_time.published_at is None


def test_every_pattern_has_a_unique_name():
    names = [form.name for form in DATE_FORMS]
    assert len(names) == len(set(names)) == 4


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-02-29", FoundDate(D(2024, 2, 29), None, "2024-02-29")),
        ("2024-02-29 16:15", FoundDate(D(2024, 2, 29), T(16, 15), "2024-02-29 16:15")),
        ("2024-02-29 16:15:07", FoundDate(D(2024, 2, 29), T(16, 15, 7), "2024-02-29 16:15:07")),
        (
            "2024-02-29T16:15:00+08:00",
            FoundDate(D(2024, 2, 29), T(16, 15), "2024-02-29T16:15:00+08:00"),
        ),
        ("2024-02-29T16:15+0800", FoundDate(D(2024, 2, 29), T(16, 15), "2024-02-29T16:15+0800")),
        # another offset is converted to China time, across midnight
        (
            "2024-02-29T20:15:00Z",
            FoundDate(D(2024, 3, 1), T(4, 15), "2024-02-29T20:15:00Z"),
        ),
        (
            "2024-02-29T16:15:00.250-05:00",
            FoundDate(D(2024, 3, 1), T(5, 15), "2024-02-29T16:15:00.250-05:00"),
        ),
        ("  2024-02-29 16:15\n", FoundDate(D(2024, 2, 29), T(16, 15), "2024-02-29 16:15")),
    ],
)
def test_parse_iso_like_reads_meta_values(value: str, expected: FoundDate):
    assert parse_iso_like(value) == expected


def test_parse_iso_like_renders_published_at_in_china_time():
    found = parse_iso_like("2024-02-29T08:15:00Z")
    assert found is not None
    assert found.published_at == "2024-02-29T16:15:00+08:00"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "2024-02-30",
        "2024-02-29 24:00",
        "2024-2-29",
        "Updated: 2024-02-29",
        "2024-02-29 16:15 Source: X",
        "Dec 14, 2017",
        "2024-02-29T16:15:00+25:00",
        "9999-12-31T23:00:00Z",
        "0001-01-01T00:00:00+09:00",
        "2024-02-29T16:15:00+08:75",
    ],
)
def test_parse_iso_like_rejects_anything_but_a_whole_iso_value(value: str):
    assert parse_iso_like(value) is None


# Fragments of real date lines, so that generated text often comes close to a date.
_FRAGMENTS = st.sampled_from(
    [
        "Updated:",
        "Update :",
        "send date：",
        "Date:",
        "发布时间：",
        "Dec",
        "Sept",
        "January",
        "ſept",
        " ",
        ",",
        "|",
        "-",
        "/",
        ":",
        "T",
        "\n",
        "\u00a0",
        "年",
        "月",
        "日",
        "2021",
        "2024",
        "02",
        "29",
        "30",
        "13",
        "16:15",
        "25:61",
        "Print",
        "L M S",
    ]
)
_LINES = st.one_of(st.text(), st.lists(st.one_of(_FRAGMENTS, st.text(max_size=3))).map("".join))


@given(_LINES)
def test_find_date_never_raises_and_raw_is_in_the_input(text: str):
    found = find_date(text)
    if found is not None:
        assert found.raw
        assert found.raw in text
        assert 1900 <= found.date.year <= 2099


@given(_LINES)
def test_parse_iso_like_never_raises(text: str):
    found = parse_iso_like(text)
    if found is not None:
        assert found.raw == text.strip()


def _print_date(date: dt.date, form: str, spelling: int) -> str:
    """``date`` as one of the printed forms; ``spelling`` picks among a month's names."""
    names = sorted(name for name, number in MONTHS.items() if number == date.month)
    name = names[spelling % len(names)].title()
    return {
        "iso": date.isoformat(),
        "slash": date.strftime("%Y/%m/%d"),
        "month_day_year": f"{name} {date.day},{date.year}",
        "day_month_year": f"{date.day} {name} {date.year}",
        "chinese": f"{date.year}年{date.month}月{date.day}日",
    }[form]


@given(
    st.dates(min_value=D(1900, 1, 1), max_value=D(2099, 12, 31)),
    st.sampled_from(["iso", "slash", "month_day_year", "day_month_year", "chinese"]),
    st.integers(min_value=0, max_value=2),
    st.one_of(st.none(), st.times().map(lambda t: t.replace(microsecond=0))),
    st.sampled_from(["Updated: ", "send date:", "Foshan China ", "chinadaily.com.cnUpdate : "]),
    st.sampled_from(["", " Print", " L M S", "|Source:", " By Li Wenfang in Guangzhou"]),
)
def test_any_real_day_round_trips(
    date: dt.date,
    form: str,
    spelling: int,
    time: dt.time | None,
    before: str,
    after: str,
):
    printed = _print_date(date, form, spelling)
    if time is not None:
        printed += " " + time.strftime("%H:%M:%S" if time.second else "%H:%M")
    assert find_date(before + printed + after) == FoundDate(date, time, printed)


@given(
    st.datetimes(
        min_value=dt.datetime(1900, 1, 2),
        max_value=dt.datetime(2099, 12, 30),
        timezones=st.sampled_from(
            [dt.UTC, dt.timezone(dt.timedelta(hours=8)), dt.timezone(dt.timedelta(hours=-5))]
        ),
    ).map(lambda moment: moment.replace(microsecond=0)),
)
def test_parse_iso_like_keeps_the_instant(moment: dt.datetime):
    found = parse_iso_like(moment.isoformat())
    assert found is not None
    assert found.published_at is not None
    assert dt.datetime.fromisoformat(found.published_at) == moment
