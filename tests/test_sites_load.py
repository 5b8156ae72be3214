"""Loading site data: platforms fill in entries, and each mistake is one located error."""

from __future__ import annotations

from pathlib import Path

import pytest

from zonenews.commands.cli import main
from zonenews.sites.catalog import SiteDataError, all_entries, load_entries
from zonenews.sites.load import load_platforms

GOOD = """
[zone]
key = "testzone"
name = "A test zone"

[[site]]
key = "test-cd"
name = "China Daily regional: test channel"
platform = "cd_regional"
host = "regional.example.org"
channel = "/testzone"
"""


def _load(text: str) -> None:
    load_entries([("zones/test.toml", text)])


def test_an_entry_of_five_lines_gets_the_platform_defaults() -> None:
    entry = load_entries([("zones/test.toml", GOOD)])["test-cd"]
    assert entry.family == "cd_regional"
    assert entry.root == "http://regional.example.org"
    assert entry.start_urls == ["http://regional.example.org/testzone/"]
    assert entry.allowed_domains == ("regional.example.org",)
    assert entry.is_list("http://regional.example.org/testzone/latest_68.html")
    assert entry.is_article("http://regional.example.org/testzone/2026-01/02/c_1155829.htm")
    assert not entry.is_article("http://regional.example.org/other/2026-01/02/c_1155829.htm")
    assert entry.url_date and not entry.verified
    assert entry.zone == "testzone" and entry.source == "zones/test.toml"


def test_every_field_can_be_overridden() -> None:
    text = GOOD + 'family = "generic"\nurl_date = false\nlanguage = "zh"\n'
    text += "article_pattern = '/testzone/a_(?P<id>\\d+)\\.html'\n"
    entry = load_entries([("zones/test.toml", text)])["test-cd"]
    assert (entry.family, entry.url_date, entry.language) == ("generic", False, "zh")
    assert entry.is_article("http://regional.example.org/testzone/a_12.html")


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ("url_dates = true\n", "url_dates", "unknown field"),
        ('family = "cd_regonal"\n', "family", "unknown family 'cd_regonal'"),
        ("list_pattern = '/testzone/(news'\n", "list_pattern", "does not compile"),
        ("article_pattern = 12\n", "article_pattern", "must be a string"),
        ("list_pattern = '/testzone/news\\.html'\n", "list_pattern", "no list page of its own"),
        ('start_paths = ["/elsewhere/"]\n', "start_paths", "no list page of its own"),
        ('verified = "yes"\n', "verified", "must be a bool"),
        ('root = "http://regional.example.org"\n', "root", "either root or host"),
    ],
)
def test_a_mistake_in_an_entry_is_one_error_naming_file_entry_and_field(
    extra: str, field: str, words: str
) -> None:
    with pytest.raises(SiteDataError) as caught:
        _load(GOOD + extra)
    error = caught.value
    assert (error.file, error.entry, error.field) == ("zones/test.toml", "site 'test-cd'", field)
    assert words in str(error)
    assert str(error).startswith("zones/test.toml: site 'test-cd': field")


def test_an_unknown_platform_is_named() -> None:
    with pytest.raises(SiteDataError, match="field 'platform': unknown platform"):
        _load(GOOD.replace('"cd_regional"', '"cd_regionl"'))


def test_a_zone_file_without_its_zone_table_is_an_error() -> None:
    with pytest.raises(SiteDataError, match=r"missing \[zone\] table"):
        _load(GOOD[GOOD.index("[[site]]") :])
    with pytest.raises(SiteDataError, match="field 'zones': unknown field"):
        _load(GOOD.replace("[zone]", "[zones]"))


def test_two_entries_claiming_the_same_urls() -> None:
    # Another zone's entry, same host and channel: both would crawl the same list pages.
    twin = GOOD.replace('key = "test-cd"', 'key = "test-cd-2"').replace(
        'key = "testzone"', 'key = "otherzone"'
    )
    with pytest.raises(SiteDataError, match="two entries claim the same URLs") as caught:
        load_entries([("zones/test.toml", GOOD), ("zones/again.toml", twin)])
    assert caught.value.field == "start_paths"


def test_one_key_in_two_files() -> None:
    other = GOOD.replace('channel = "/testzone"', 'channel = "/elsewhere"')
    with pytest.raises(SiteDataError, match=r"already defined in zones/test\.toml"):
        load_entries([("zones/test.toml", GOOD), ("zones/again.toml", other)])


def test_a_bad_zone_file_makes_the_commands_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mine.toml").write_text(GOOD + "url_dates = true\n", encoding="utf-8")
    monkeypatch.setenv("ZONENEWS_ZONES", str(tmp_path))
    all_entries.cache_clear()
    try:
        assert main(["sites"]) == 2
        assert main(["crawl", "test-cd", "--out", str(tmp_path)]) == 2
    finally:
        all_entries.cache_clear()
    err = capsys.readouterr().err
    assert f"{tmp_path / 'mine.toml'}: site 'test-cd': field 'url_dates': unknown field" in err


def test_a_zone_file_of_ones_own_adds_entries_to_the_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mine.toml").write_text(GOOD, encoding="utf-8")
    monkeypatch.setenv("ZONENEWS_ZONES", str(tmp_path / "mine.toml"))
    all_entries.cache_clear()
    try:
        assert main(["sites"]) == 0
    finally:
        all_entries.cache_clear()
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["key", "zone", "platform", "family", "verified", "site"]
    mine = [line.split() for line in lines if line.startswith("test-cd ")]
    assert mine == [
        [
            "test-cd",
            "testzone",
            "cd_regional",
            "cd_regional",
            "no",
            "http://regional.example.org/testzone",
        ]
    ]


def test_a_platform_mistake_names_the_platform() -> None:
    text = (
        '[platform.mine]\nfamily = "cd_regional"\nstart = ["{channel}/"]\n'
        "list = '{channel}/(news'\narticle = '{channel}/c_(?P<id>\\d+)\\.htm'\n"
    )
    with pytest.raises(SiteDataError, match="does not compile") as caught:
        load_platforms(text, "platforms.toml")
    assert (caught.value.entry, caught.value.field) == ("platform 'mine'", "list")
    with pytest.raises(SiteDataError, match="field 'famly': unknown field"):
        load_platforms(text.replace("family", "famly"), "platforms.toml")
