"""Text folding and the line classifiers: file-name lines, credit lines, furniture lines.

Each classifier looks at one line of text (an element's text), never at markup, so the same rules
hold whatever element a CMS version wraps the line in.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Whitespace is what str.isspace() says, NBSP (U+00A0) and the ideographic space (U+3000)
# included; zero-width characters are invisible in a browser and only ever split words.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def fold(text: str | None) -> str:
    """NFC, every run of whitespace as one space, trimmed."""
    if not text:
        return ""
    # ASCII text is already NFC and holds no zero-width character; str.split() splits on
    # exactly what \s matches (str.isspace), and is several times faster than the regex.
    if not text.isascii():
        text = unicodedata.normalize("NFC", _ZERO_WIDTH.sub("", text))
    return " ".join(text.split())


def fold_or_none(text: str | None) -> str | None:
    """:func:`fold`, with None for nothing left: no output field is ever an empty string."""
    return fold(text) or None


# --- file-name lines -------------------------------------------------------------------------

_IMAGE_EXT = r"(?:jpe?g|png|gif|webp|bmp)"
# A whole line that is a file name: `640 (6).jpg`, `1_副本.jpg`, `佛山.png`, `district4.jpg.jpg`.
_FILENAME = re.compile(rf"^[^\s.][^/\\]{{0,118}}?\.{_IMAGE_EXT}(?:\.{_IMAGE_EXT})?$", re.IGNORECASE)


# The longest line _FILENAME matches: a first character, 118 more, two extensions.
_FILENAME_MAX = 1 + 118 + 2 * len(".jpeg")


def is_filename_line(text: str) -> bool:
    """True when the whole line is an image file name (an editor's leftover): never body."""
    # Most lines hold no dot at all, and folding never adds one: no need to fold those.
    return "." in text and is_filename_folded(fold(text))


def is_filename_folded(text: str) -> bool:
    """:func:`is_filename_line` for a line already folded (a :class:`TextBlock`'s ``text``)."""
    # A body paragraph is long or ends in punctuation: two cheap tests spare the pattern. Every
    # extension ends in g, f or p, which case-insensitive matching pairs with no other letter.
    return len(text) <= _FILENAME_MAX and text[-1:] in "gGfFpP" and bool(_FILENAME.match(text))


# --- credit lines ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Credit:
    """One item of a credit line; ``role`` is author, editor, translator, photographer, revisor
    or source (the last fills the record's ``source``, never its ``credits``)."""

    role: str
    label: str
    name: str


# Each label and the roles its name takes (``Author & Translator | X`` is both).
_CREDIT_LABELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"Authors?\s*(?:&|and)\s*Translators?\s*[|:：]", ("author", "translator")),
    (r"Reporters?\s*[|:：]", ("author",)),
    (r"Writers?\s*[|:：]", ("author",)),
    (r"Authors?\s*[|:：]", ("author",)),
    (r"Written\s+by\s*[:：]?", ("author",)),
    (r"Edited\s+by\s*[:：]?", ("editor",)),
    (r"(?:Chief\s+)?Editors?\s*[|:：]", ("editor",)),
    (r"Translators?\s*[|:：]", ("translator",)),
    (r"Translated\s+by\s*[:：]?", ("translator",)),
    (r"Revisors?\s*[|:：]", ("revisor",)),
    (r"Proofread\s+by\s*[:：]?", ("revisor",)),
    # ``Photo | X`` only: ``Photo: X`` and ``[Photo/X]`` end captions (ends_with_credit_marker).
    (r"(?:Photos?|Photographers?)\s*\|", ("photographer",)),
    (r"Photographers?\s*[:：]", ("photographer",)),
    (r"Sources?\s*[:：]", ("source",)),
    (r"From\s*[:：]", ("source",)),
)
_LABEL = re.compile(
    "|".join(f"(?P<l{i}>\\b{rx})" for i, (rx, _) in enumerate(_CREDIT_LABELS)), re.IGNORECASE
)
# Items are separated by breaks or runs of two or more spaces (NBSP and U+3000 included).
_ITEM_BREAK = re.compile(r"\n|[ \t\xa0\u3000]{2,}")
_MAX_CREDIT_VALUE = 80
_MAX_CREDIT_LINE = 250
# A line that is only a by-line: ``By Sun Hui``, ``By Sun Hui, chinadaily.com.cn``,
# ``By Li Wenfang | China Daily``. The name is one to four capitalised words, so that a sentence
# (``By 2025, the zone ...``, ``By contrast, ...``) is never read as one.
_NAME_WORD = r"[A-Z][A-Za-z'’.-]*"
_BYLINE = re.compile(
    rf"^By\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})"
    r"(?:\s*[,|]\s*(?P<source>[\w-]+(?:\.[\w-]+)+|China Daily|Xinhua|CGTN))?$"
)


def parse_credit_line(raw: str, folded: str | None = None) -> list[Credit] | None:
    """The credits of a line made only of credit items, else None.

    ``raw`` is the line before folding, with breaks as ``\\n``: two or more spaces and breaks
    separate items (``Writer: X   Edited by Y``). A line with anything else in it (a body sentence
    that happens to start with ``Source:``) is not a credit line. ``folded`` is ``fold(raw)``
    when the caller has it (a :class:`TextBlock`'s ``text``).
    """
    if folded is None:
        folded = fold(raw)
    if len(folded) > _MAX_CREDIT_LINE:
        return None
    if folded.startswith("By "):
        # A sentence ends in a stop; a by-line does not.
        return None if folded.endswith(".") else _byline(folded)
    credits: list[Credit] = []
    segments = _ITEM_BREAK.split(raw)
    for segment in segments:
        # A line of one item is most lines: its folded text is the whole line's.
        segment = folded if len(segments) == 1 else fold(segment)
        if not segment:
            continue
        items = _split_labels(segment)
        if items is None:
            return None
        credits.extend(items)
    return credits or None


def _byline(folded: str) -> list[Credit] | None:
    m = _BYLINE.match(folded)
    if m is None:
        return None
    credits = [Credit("author", "By", m["name"])]
    if m["source"]:
        credits.append(Credit("source", "By", m["source"]))
    return credits


def _split_labels(segment: str) -> list[Credit] | None:
    # A segment that does not open with a label is no credit: one anchored match tells, where
    # scanning the whole segment for labels would cost every alternative at every position.
    if _LABEL.match(segment) is None:
        return None
    matches = list(_LABEL.finditer(segment))
    credits = []
    for m, nxt in zip(matches, [*matches[1:], None], strict=True):
        value = segment[m.end() : nxt.start() if nxt else len(segment)]
        value = value.strip(" |,;，；:：")
        if len(value) > _MAX_CREDIT_VALUE:
            return None
        # Each alternative is one named group `l<index>` holding no other group.
        group = m.lastgroup
        assert group is not None
        label = fold(m.group(0).rstrip(" |:："))
        if value:
            credits.extend(Credit(role, label, value) for role in _CREDIT_LABELS[int(group[1:])][1])
    return credits


# --- captions' credit markers ----------------------------------------------------------------

_CREDIT_MARKER = re.compile(
    r"(?:\[\s*(?:Photos?|Images?|Pictures?)\b[^\]]*\]"
    r"|\(\s*(?:Photos?|Images?)\b[^)]*\)"
    r"|\b(?:Photos?|Images?)\s*[:：/][^.。]{1,80}"
    r"|\b(?:Photos?|Images?|Pictures?)\s+(?:provided|courtesy|taken|by)\b[^.。]{0,80}\.?"
    r")\s*$",
    re.IGNORECASE,
)


def ends_with_credit_marker(text: str) -> bool:
    """``... [Photo provided to China Daily]``, ``[Photo/Xinhua]``, ``Photo: X``,
    ``Image provided by X``: the way a photo caption ends."""
    return bool(_CREDIT_MARKER.search(fold(text)))


_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’)]*$")
_SENTENCE_BREAK = re.compile(r"[.!?。！？][\"'”’)]*\s+[\"'“‘(]?[A-Z]")


def reads_as_body(text: str) -> bool:
    """A short centred line after an image is a caption unless it reads as a body paragraph:
    three or more sentences, the last one closed, and no photo credit at the end. (A caption is
    one or two statements; abbreviations such as ``Co. Ltd`` make one break look like two.)"""
    text = fold(text)
    if ends_with_credit_marker(text) or not _SENTENCE_END.search(text):
        return False
    return len(_SENTENCE_BREAK.findall(text)) >= 2


# --- furniture -------------------------------------------------------------------------------

# Each pattern holds at the start of the line (re.match); (?i:...) where case does not matter.
_FURNITURE_PATTERNS = (
    # breadcrumbs: "Home > News> Local News", "Location: Home > ..."
    r"(?i:(?:(?:current\s+)?(?:location|position)\s*[:：]\s*|you are here\s*[:：]?\s*)?"
    r"(?:home(?:page)?|首页)\s*(?:>|»|›|/))",
    r"(?i:share\s*(?:[-–—:：|]|to\b|this\b|on\b|$))",
    # widget words in brackets: "[Print page][Close page]", "【打印】【关闭】"
    r"(?i:(?:[\[【]\s*(?:print|close|top|back|打印|关闭|返回)[^\]】]{0,20}[\]】]\s*)+$)",
    r"(?i:copyright\s*(?:©|\(c\)|\d{4}|[:：])|©|\(c\)\s*\d{4})",
    # language toggles: "简体 | English", "中文" (case matters: "en" alone is a word)
    r"(?:(?:简体|繁體|繁体|中文|English|EN|CN|ENG)\s*[|/]?\s*)+$",
    # pagers: "1 2 Next", "Previous 1 2 3 Next", "上一页 1 2 下一页"
    r"(?i:(?:(?:\d{1,3}|next|prev(?:ious)?|first|last|page|上一页|下一页|首页|尾页|[<>«»]+)"
    r"\s*[|]?\s*)+$)",
    # the contact block at the top of Guangdong government pages
    r"(?i:(?:tel|phone|fax)\s*[:：]\s*[\d(+])",
)
# One pattern tried once at the start of the line, not eight searches.
_FURNITURE = re.compile("|".join(f"(?:{pattern})" for pattern in _FURNITURE_PATTERNS))
# Public-security filing numbers ("粤公网安备 ..."), anywhere in the line.
_POLICE_FILING = "公网安备"


def is_furniture_line(text: str) -> bool:
    """Breadcrumbs, share and print widgets, copyright and ICP lines, language toggles, pagers."""
    return is_furniture_folded(fold(text))


# Copyright lines: "... All rights reserved." Searched for anywhere in the line, so a line that
# ends in neither "d" nor "." (no other character matches them case-insensitively) is spared.
_RESERVED = re.compile(r"all rights reserved\.?$", re.IGNORECASE)
# ICP licence numbers: "粤ICP备12345678号", "ICP证 ...". Unanchored and case-insensitive, so
# costly to search for in every line; each match holds one of the Chinese characters, which a
# plain character class finds fast (and most lines, English ones, lack).
_ICP = re.compile(r"ICP\s*(?:备|证)|(?:粤|京|沪|苏|浙)ICP", re.IGNORECASE)
_ICP_HINT = re.compile("[备证粤京沪苏浙]")


def is_furniture_folded(text: str) -> bool:
    """:func:`is_furniture_line` for a line already folded (a :class:`TextBlock`'s ``text``):
    folding is idempotent, so folding again would only cost time."""
    if not text:
        return False
    if _POLICE_FILING in text or _FURNITURE.match(text) is not None:
        return True
    if text[-1] in "dD." and _RESERVED.search(text) is not None:
        return True
    return _ICP_HINT.search(text) is not None and _ICP.search(text) is not None
