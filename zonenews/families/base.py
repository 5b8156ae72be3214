"""What a template family's rules are made of: data, read by the engine in ``zonenews.extract``.

A family is one CMS template. Its rules are ordered lists: the engine tries each in turn and keeps
the first that yields a value, and the rule that did is recorded as the field's provenance. Rules
are strings so that provenance is the rule itself (``"css:h1"``, ``"meta:ArticleTitle"``).

Rule kinds (``kind:argument``):

- ``css:SEL`` - the folded text of the first element matching SEL that has any text;
- ``meta:NAME`` - the ``content`` of ``<meta name=NAME>`` or ``<meta property=NAME>`` (name
  compared case-insensitively);
- ``dateline:SEL`` - the first date printed in an element matching SEL (date only);
- ``infoline:SEL`` - the source printed in an info line: its ``Source:`` part, else the words
  before the date label (``chinadaily.com.cn Updated: ...``) (source only);
- ``byline:SEL`` - the ``By <name>`` of an info line (author only);
- ``credit`` - credit lines (``Reporter | X``, ``Source: X``) in the content or in the family's
  credit elements (source and author only).

Content containers are plain CSS selectors, or ``largest-p-block`` (the element holding the most
paragraph text), the generic family's cautious guess.
"""

from __future__ import annotations

from dataclasses import dataclass

RULE_KINDS: dict[str, frozenset[str]] = {
    "title": frozenset({"css", "meta"}),
    "date": frozenset({"dateline", "meta"}),
    "source": frozenset({"meta", "infoline", "credit"}),
    "author": frozenset({"meta", "byline", "credit"}),
}

LARGEST_P_BLOCK = "largest-p-block"

#: Elements that never hold article text, in any family.
COMMON_DROP: tuple[str, ...] = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "form",
    "button",
    "select",
    "input",
    "textarea",
    "object",
    "embed",
    "video",
    "audio",
    "#div_currpage",
    "a.pagestyle",
)

#: Classes that mark an element as the caption of the image before it (families.md, shape 2).
COMMON_CAPTION_CLASSES: tuple[str, ...] = ("caption", "pic_desc", "picdesc")

#: Links of an article's own pager.
COMMON_PAGER: tuple[str, ...] = ("#div_currpage a", "a.pagestyle")


def rule_kind(rule: str) -> str:
    return rule.split(":", 1)[0]


def rule_arg(rule: str) -> str:
    return rule.split(":", 1)[1] if ":" in rule else ""


@dataclass(frozen=True)
class FamilyRules:
    """The extraction rules of one template family; every selector list is tried in order."""

    name: str
    title: tuple[str, ...]
    date: tuple[str, ...]
    content: tuple[str, ...]
    source: tuple[str, ...] = ("credit",)
    author: tuple[str, ...] = ("credit",)
    #: Elements outside the content that hold credit lines (``p.art_editor``).
    credit_elements: tuple[str, ...] = ()
    #: Furniture elements removed from the content before reading it.
    drop: tuple[str, ...] = COMMON_DROP
    pager: tuple[str, ...] = COMMON_PAGER
    caption_classes: tuple[str, ...] = COMMON_CAPTION_CLASSES
    #: When set, a plain ``<p>`` right after an image, at most this long and ending in a credit
    #: marker (``[Photo/Xinhua]``), is a caption even when not centred (China Daily WS).
    credit_caption_max: int | None = None
    #: Article links on list pages, and the list pages' own pager.
    list_links: tuple[str, ...] = ()
    list_pager: tuple[str, ...] = COMMON_PAGER

    def __post_init__(self) -> None:
        # A typo in a rule would otherwise be a silent miss on every page of the family.
        for field_name, kinds in RULE_KINDS.items():
            for rule in getattr(self, field_name):
                if rule_kind(rule) not in kinds:
                    raise ValueError(
                        f"{self.name}: {field_name} rule {rule!r}: kind not in {kinds}"
                    )
                if rule != "credit" and not rule_arg(rule):
                    raise ValueError(f"{self.name}: {field_name} rule {rule!r} has no argument")
        if not self.content:
            raise ValueError(f"{self.name}: no content container rule")
