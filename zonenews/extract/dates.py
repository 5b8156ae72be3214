"""Publication dates as the zone sites print them.

``find_date(line)`` reads a date line with its label, source, by-line and widget words around it and
returns the date expression it found. The forms, by pattern name:

- ``iso``: ``2018-05-10``, ``2021/08/26``, ``2024-02-29 16:15``, ``2024-02-29 16:15:07``
  (``Updated : 2018-05-10``, ``Updated:2022-07-01 Font L M S``, ``send date：2024-02-29 16:15``,
  ``Foshan China 2023-10-23 17:48``, ``Date:2020-03-13 10:58|Source:``,
  ``Source : chinadaily.com.cnUpdate : 2017-06-13``)
- ``month_day_year``: ``January 15,2021``, ``Dec 14, 2017``, ``Sept 5, 2019``, ``Dec. 14th 2017``
  (``chinadaily.com.cn Updated: May 21,2021``, ``Updated: Aug 25, 2020 L M S``,
  ``Updated: Jun 21, 2023 By Li Wenfang in Guangzhou China Daily Print``)
- ``day_month_year``: ``14 December 2017``, ``5 Sept, 2019``, ``1st of May 2021``
- ``chinese``: ``2021年8月26日``, ``2021年8月26日 10:58``

Each form may carry a time (``HH:MM`` or ``HH:MM:SS``) after the date; times are local China time
(``FoundDate.published_at`` adds +08:00). A date needs an explicit year between 1900 and 2099 and a
real calendar day: ``Updated: Dec 14`` and ``2023-02-30`` are no date. A date with an impossible
time (``2024-02-29 25:61``) keeps its date and drops the time. When a line holds several dates,
the first one right after a label (``Updated:``, ``Update :``, ``send date:``, ``Date:``,
``发布时间：``) wins, else the first one.

``parse_iso_like(value)`` reads a meta value (``2024-02-29 16:15``, ``2024-02-29T16:15:00+08:00``)
that must be nothing but the date.

These rules are written here rather than taken from dateutil, htmldate or trafilatura: those guess
missing years and days and misread ``January 15,2021``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from zonenews.extract.fields import CHINA_TZ, FoundDate

__all__ = ["find_date", "parse_iso_like"]

MONTHS: dict[str, int] = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}

# ASCII digits only: ``\d`` would also take full-width and other scripts' digits.
_YEAR = r"(?P<year>(?:19|20)[0-9]{2})(?![0-9])"
_MONTH_NUM = r"(?P<month>[0-9]{1,2})"
_DAY = r"(?P<day>[0-9]{1,2})(?![0-9])"
# Next to a month name the day may be an ordinal: "Dec 14th, 2017", "1st May 2021".
_NAMED_DAY = rf"{_DAY}(?:st|nd|rd|th)?"
# Longest names first so that "September" is not cut to "Sep". ASCII-only case folding: under
# Unicode folding "ſept" (long s) would match and then miss the table.
_MONTH_NAME = (
    r"(?<![A-Za-z])(?P<month>(?ai:"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r"))(?![A-Za-z])\.?"
)
# Colons may be full-width on Chinese pages.
_CLOCK = (
    r"(?P<time>(?P<hour>[0-9]{1,2})[:：](?P<minute>[0-9]{2})"
    r"(?:[:：](?P<second>[0-9]{2}))?(?![0-9]))"
)
# Between a date and its time: spaces or ``T``, never a line break (a time on the next line is
# something else). Chinese dates end in 日, so their time may follow with no space at all.
_SPACES = r"[^\S\r\n]"


def _with_time(date_pattern: str, separator: str = rf"(?:{_SPACES}+|T)") -> re.Pattern[str]:
    return re.compile(rf"(?P<date>{date_pattern})(?:{separator}{_CLOCK})?")


@dataclass(frozen=True)
class DateForm:
    """One printed date form: a name (for tests and rule reports) and its pattern."""

    name: str
    pattern: re.Pattern[str]


DATE_FORMS: tuple[DateForm, ...] = (
    # The separator is captured and repeated so that "2021-08/26" is not a date.
    DateForm("iso", _with_time(rf"(?<![0-9]){_YEAR}(?P<sep>[-/]){_MONTH_NUM}(?P=sep){_DAY}")),
    DateForm(
        "month_day_year",
        _with_time(rf"{_MONTH_NAME}\s*{_NAMED_DAY}(?:\s*,\s*|\s+){_YEAR}"),
    ),
    DateForm(
        "day_month_year",
        _with_time(rf"(?<![0-9]){_NAMED_DAY}\s*(?:of\s+)?{_MONTH_NAME}(?:\s*,\s*|\s+){_YEAR}"),
    ),
    DateForm(
        "chinese",
        _with_time(
            rf"(?<![0-9]){_YEAR}\s*年\s*{_MONTH_NUM}\s*月\s*{_DAY}\s*日", separator=f"{_SPACES}*"
        ),
    ),
)

# A label right before the date (only spaces between). No word boundary in front: the source is
# sometimes glued to it ("chinadaily.com.cnUpdate : 2017-06-13").
_LABEL_BEFORE = re.compile(
    r"(?:(?ai:updated?|send\s*date|date|time|published)|发布时间|发布日期|日期|时间)\s*[:：]\s*$"
)
# How far back a label may start: the longest label plus generous spacing.
_LABEL_LOOKBACK = 40

# Same year range as the printed forms; it also keeps the offset conversion clear of year 9999.
_ISO_VALUE = re.compile(
    r"(?P<year>(?:19|20)[0-9]{2})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"(?:[T ](?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2})(?:\.[0-9]+)?)?"
    r"(?P<offset>Z|[+-][0-9]{2}:?[0-9]{2})?)?"
)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    found: FoundDate


def find_date(text: str) -> FoundDate | None:
    """Return the publication date printed in ``text`` (a date line), or None.

    ``raw`` is the date expression exactly as it stands in ``text``, without label or widget words.
    """
    candidates = list(_candidates(text))
    if not candidates:
        return None
    labelled = [c for c in candidates if _is_labelled(text, c.start)]
    return (labelled or candidates)[0].found


def parse_iso_like(value: str) -> FoundDate | None:
    """Read a meta value made only of an ISO-like date: ``2024-02-29``, ``2024-02-29 16:15``,
    ``2024-02-29T16:15:00+08:00``, ``2024-02-29T08:15:00Z``.

    A value with an offset other than +08:00 is converted to China time (the date may change).
    Fractions of a second are dropped. ``raw`` is the value without surrounding whitespace.
    """
    raw = value.strip()
    match = _ISO_VALUE.fullmatch(raw)
    if match is None:
        return None
    date = _make_date(match["year"], match["month"], match["day"])
    if date is None:
        return None
    if match["hour"] is None:
        return FoundDate(date, None, raw)
    time = _make_time(match["hour"], match["minute"], match["second"])
    if time is None:
        return None
    if match["offset"] is not None:
        offset = _offset(match["offset"])
        if offset is None:
            return None
        moment = dt.datetime.combine(date, time, offset)
        local = moment.astimezone(CHINA_TZ)
        date, time = local.date(), local.time().replace(tzinfo=None)
    return FoundDate(date, time, raw)


def _candidates(text: str) -> Iterator[_Candidate]:
    """Every valid date in ``text``, in reading order, overlapping ones dropped."""
    found: list[_Candidate] = []
    for form in DATE_FORMS:
        for match in form.pattern.finditer(text):
            candidate = _from_match(match)
            if candidate is not None:
                found.append(candidate)
    found.sort(key=lambda c: (c.start, -c.end))
    last_end = -1
    for candidate in found:
        if candidate.start >= last_end:
            last_end = candidate.end
            yield candidate


def _from_match(match: re.Match[str]) -> _Candidate | None:
    """Turn a pattern match into a date; None for an impossible calendar day."""
    date = _make_date(match["year"], match["month"], match["day"])
    if date is None:
        return None
    time = None
    if match["time"] is not None:
        time = _make_time(match["hour"], match["minute"], match["second"])
    # An impossible time is page noise after a good date: keep the date, leave the time out of raw.
    end = match.end() if time is not None else match.end("date")
    return _Candidate(match.start(), end, FoundDate(date, time, match.string[match.start() : end]))


def _make_date(year: str, month: str, day: str) -> dt.date | None:
    month_number = int(month) if month.isdigit() else MONTHS[month.lower()]
    try:
        return dt.date(int(year), month_number, int(day))
    except ValueError:
        return None


def _make_time(hour: str, minute: str, second: str | None) -> dt.time | None:
    try:
        return dt.time(int(hour), int(minute), int(second or 0))
    except ValueError:
        return None


def _is_labelled(text: str, start: int) -> bool:
    return _LABEL_BEFORE.search(text[max(0, start - _LABEL_LOOKBACK) : start]) is not None


def _offset(value: str) -> dt.tzinfo | None:
    """``Z``, ``+08:00`` or ``-0500`` as a tzinfo; None for an offset no clock uses."""
    if value.upper() == "Z":
        return dt.UTC
    digits = value[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 14 or minutes > 59:
        return None
    sign = -1 if value[0] == "-" else 1
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))
