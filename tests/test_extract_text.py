"""Whitespace folding and the line classifiers (docs/families.md, shapes common to every family)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zonenews.extract.text import (
    Credit,
    ends_with_credit_marker,
    fold,
    fold_or_none,
    is_filename_line,
    is_furniture_line,
    parse_credit_line,
    reads_as_body,
)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("  a \t b\n\nc  ", "a b c"),
        ("\u00a0\u00a0indent\u00a0kept\u00a0as\u00a0one", "indent kept as one"),
        ("\u3000\u3000full-width\u3000indent", "full-width indent"),
        ("e\u0301tude", "\u00e9tude"),  # NFC: e + combining acute is one character
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("(佛山国家高新技术产业开发区)", "(佛山国家高新技术产业开发区)"),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_fold_is_its_definition(raw: str) -> None:
    # The definition, written the slow way: no zero-width characters, NFC, every run of
    # whitespace (whatever \s matches) as one space, trimmed.
    plain = re.sub("[\u200b\u200c\u200d\u2060\ufeff]", "", raw)
    expected = re.sub(r"\s+", " ", unicodedata.normalize("NFC", plain)).strip()
    assert fold(raw) == expected


@pytest.mark.parametrize("blank", [None, "", " \u00a0\u3000\n"])
def test_nothing_left_is_none_never_an_empty_string(blank) -> None:
    assert fold_or_none(blank) is None


@pytest.mark.parametrize(
    "line",
    [
        "640 (6).jpg",
        "1_副本.jpg",
        "佛山.png",
        "district4.jpg.jpg",
        "Nanhai district4.jpg.jpg",
        "IMG_2041.JPEG",
        " 微信图片_20210823.gif ",
        "photo.webp",
    ],
)
def test_file_name_lines(line: str) -> None:
    assert is_filename_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "The gate of the new park.",
        "Files such as plan.jpg were shown at the meeting on Monday.",
        "jpg",
        ".jpg",
        "A view of the park [Photo provided to China Daily]",
    ],
)
def test_not_file_name_lines(line: str) -> None:
    assert not is_filename_line(line)


@pytest.mark.parametrize(
    ("raw", "credits"),
    [
        ("Reporter | Li Ming", [("author", "Reporter", "Li Ming")]),
        ("Reporter: Li Ming", [("author", "Reporter", "Li Ming")]),
        ("Reporter：Li Ming", [("author", "Reporter", "Li Ming")]),
        ("Writer: Zhang Hao, Wu Qing", [("author", "Writer", "Zhang Hao, Wu Qing")]),
        ("Written by Luo Yan and He Jun", [("author", "Written by", "Luo Yan and He Jun")]),
        ("Edited by Chen Yu", [("editor", "Edited by", "Chen Yu")]),
        ("Editor: Chen Yu", [("editor", "Editor", "Chen Yu")]),
        ("Translator: Wang Fang", [("translator", "Translator", "Wang Fang")]),
        ("Translated by Wang Fang", [("translator", "Translated by", "Wang Fang")]),
        ("Source: Foshan Hi-tech Zone", [("source", "Source", "Foshan Hi-tech Zone")]),
        (
            "Writer: Huang Mei\u00a0\u00a0\u00a0Edited by Lu Jun",
            [("author", "Writer", "Huang Mei"), ("editor", "Edited by", "Lu Jun")],
        ),
        (
            "Reporter | Li Ming  Translator: Wang Fang",
            [("author", "Reporter", "Li Ming"), ("translator", "Translator", "Wang Fang")],
        ),
        (
            "Written by Huang Jie\nEdited by Lin Yu",
            [("author", "Written by", "Huang Jie"), ("editor", "Edited by", "Lin Yu")],
        ),
        (
            "Translated by He Qing\u00a0 \u00a0Source: Foshan Daily",
            [("translator", "Translated by", "He Qing"), ("source", "Source", "Foshan Daily")],
        ),
        ("Author | Li Ming", [("author", "Author", "Li Ming")]),
        (
            "Author & Translator | Zhao Lin",
            [
                ("author", "Author & Translator", "Zhao Lin"),
                ("translator", "Author & Translator", "Zhao Lin"),
            ],
        ),
        (
            "Written by Luo Yan Translated by He Jun",
            [("author", "Written by", "Luo Yan"), ("translator", "Translated by", "He Jun")],
        ),
        (
            "Writer: Huang Mei | Editor: Lu Jun | From: Shenzhen Daily",
            [
                ("author", "Writer", "Huang Mei"),
                ("editor", "Editor", "Lu Jun"),
                ("source", "From", "Shenzhen Daily"),
            ],
        ),
        ("Revisor | Qiu Lan", [("revisor", "Revisor", "Qiu Lan")]),
        ("Photo | Deng Wei", [("photographer", "Photo", "Deng Wei")]),
        ("Editor | Chen Yu", [("editor", "Editor", "Chen Yu")]),
        (
            "By Sun Hui, chinadaily.com.cn",
            [("author", "By", "Sun Hui"), ("source", "By", "chinadaily.com.cn")],
        ),
        ("By Sun Hui", [("author", "By", "Sun Hui")]),
    ],
)
def test_credit_lines(raw: str, credits: list[tuple[str, str, str]]) -> None:
    assert parse_credit_line(raw) == [Credit(*c) for c in credits]


@pytest.mark.parametrize(
    "raw",
    [
        "The zone's reporter center opened on Monday.",
        "Source: the bureau said output of the zone rose by 10 percent in the first quarter,"
        " led by appliance makers and the new energy vehicle plants in its eastern part.",
        "Written by hand, the letters of the first investors now hang in the zone's museum"
        " beside the original land contracts and the first survey maps of the riverbank.",
        "By 2025, the zone plans to double its output.",
        "By contrast, exports fell",
        "By Friday.",
        "Photo: Xinhua",
        "[Photo by Lin Hao/China Daily]",
        "From the riverbank to the hills, the zone has planted trees along every new road.",
    ],
)
def test_not_credit_lines(raw: str) -> None:
    assert parse_credit_line(raw) is None


@pytest.mark.parametrize(
    "caption",
    [
        "Workers at the plant. [Photo provided to China Daily]",
        "Guests at the ceremony [Photo/WeChat account: fshitech]",
        "A kiln line [Photo by Lin Hao/China Daily]",
        "Tiles ready for shipping Photo: Chen Yu",
        "A rice cooker on a test bench Image provided by FHIDZ",
    ],
)
def test_credit_markers(caption: str) -> None:
    assert ends_with_credit_marker(caption)
    assert not reads_as_body(caption)


@pytest.mark.parametrize(
    "text",
    ["The 16th Automechanika Shanghai", "Sales of connected appliances rose by a third."],
)
def test_no_credit_marker(text: str) -> None:
    assert not ends_with_credit_marker(text)


def test_a_three_sentence_paragraph_reads_as_body_a_caption_does_not() -> None:
    assert reads_as_body("The zone grew. Exports rose by a third. Jobs followed.")
    assert not reads_as_body("Workers assemble robot arms at Xinrui Co. Ltd in Foshan.")
    assert not reads_as_body("The 2023 Foshan Smart Manufacturing Expo")


@pytest.mark.parametrize(
    "line",
    [
        "Home > News> Local News",
        "Home > News > Investment",
        "Location: Home > News",
        "Share - WeChat",
        "Share - WeChat Weibo",
        "[Print page][Close page]",
        "【打印】【关闭】",
        "Copyright © 2016-2024 Foshan Hi-tech Zone. All rights reserved.",
        "Copyright 1995 - 2021 China Daily",
        "粤ICP备12045678号-1",
        "简体 | English",
        "中文",
        "English",
        "1 2 Next",
        "Prev 1 2 3 Next",
        "Tel: 0757-81234567 Fax: 0757-81234568",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Homes near the park sold out in a week.",
        "The hall has staff who speak English, Japanese and German.",
        "Copyright protection was the theme of the forum.",
        "He shared his plans with the zone.",
        "2023 was a record year.",
    ],
)
def test_body_lines_are_not_furniture(line: str) -> None:
    assert not is_furniture_line(line)
