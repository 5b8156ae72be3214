"""The extraction engine: one page's bytes and its family's rules in, :class:`PageFields` out.

Pure: no network, no Scrapy. The spider and the archive reader both call :func:`extract_page`
with the bytes they hold, so a live crawl and a re-extraction from a WARC give the same fields.
"""

from __future__ import annotations

from lxml import etree

from zonenews.extract.blocks import TextBlock, element_text, flatten, has_text
from zonenews.extract.captions import pair_captions
from zonenews.extract.decode import base_url, decode_html
from zonenews.extract.fields import PageFields
from zonenews.extract.header import HEADER_RULE, find_page_date
from zonenews.extract.lookup import (
    byline_author,
    css_text,
    elements,
    infoline_source,
    largest_p_block,
    links,
    meta_content,
)
from zonenews.extract.requisites import tree_requisites
from zonenews.extract.select import PageDoc, parse_html
from zonenews.extract.sniff import not_html
from zonenews.extract.text import Credit, is_furniture_folded, parse_credit_line
from zonenews.families.base import LARGEST_P_BLOCK, FamilyRules, rule_arg, rule_kind
from zonenews.families.registry import get_family

MISSING = "missing"
FIELD_NAMES = ("title", "date", "body", "images", "source", "author")


def extract_page(
    body: bytes, url: str, content_type: str | None, family: str, *, outlinks: bool = False
) -> PageFields:
    """The fields of one article page, by the rules of ``family`` (and, with ``outlinks``, the
    page's links and its requisites, from the same parse).

    Never raises on any input bytes: a page that is not an article (empty, binary, no title, no
    body paragraph) comes back with ``not_article`` set to the reason. An unknown ``family`` is
    a configuration error and raises :class:`~zonenews.families.UnknownFamily`.
    """
    rules = get_family(family)
    try:
        return _extract(body, url, content_type, rules, outlinks)
    except Exception as exc:  # a page must never stop a crawl; the reason is kept and counted
        return _not_article(url, f"error:{type(exc).__name__}")


def _not_article(url: str, reason: str) -> PageFields:
    return PageFields(url=url, not_article=reason, rules=dict.fromkeys(FIELD_NAMES, MISSING))


def _not_html_reason(body: bytes, content_type: str | None) -> str | None:
    if not body or not body.strip():
        return "empty"
    if not_html(body, content_type):
        return "not-html"
    return None


def _extract(
    body: bytes, url: str, content_type: str | None, rules: FamilyRules, outlinks: bool
) -> PageFields:
    reason = _not_html_reason(body, content_type)
    if reason is not None:
        return _not_article(url, reason)
    encoding, text = decode_html(body, content_type)
    if "<" not in text:
        return _not_article(url, "not-html")
    doc = PageDoc(parse_html(text))
    base = base_url(text, url, encoding)
    out = PageFields(url=url, rules=dict.fromkeys(FIELD_NAMES, MISSING))
    if outlinks:
        # Read before the extraction rules walk the tree, as the page was served.
        out.requisites = tree_requisites(doc.root, base)

    out.title, title_el, out.rules["title"] = _title(doc, rules)
    container, container_rule = _container(doc, rules)
    date_hit, out.rules["date"] = find_page_date(doc, rules, title_el, container)
    out.date, date_text = date_hit if date_hit else (None, None)

    credits: list[Credit] = []
    if container is not None:
        skip = doc.union(rules.drop)
        blocks = flatten(container, base, skip, rules.caption_classes)
        texts, out.images = pair_captions(blocks, rules.credit_caption_max)
        ignore = {t for t in (out.title, date_text) if t}
        out.paragraphs = _body_lines(texts, ignore, credits)
        if out.paragraphs:
            out.rules["body"] = container_rule
        if out.images:
            out.rules["images"] = f"{container_rule} img"
    credits.extend(_outside_credits(doc, rules, container))

    out.source, out.rules["source"] = _credit_field(doc, rules.source, credits, "source")
    out.author, out.rules["author"] = _credit_field(doc, rules.author, credits, "author")
    if out.rules["date"] == HEADER_RULE and date_text:
        # The family's info-line rules missed the date line, so its source and by-line too: read
        # them off the line the fallback found, where those rules stand (before credit lines).
        if _below_infoline(out.rules["source"]) and (source := infoline_source(date_text)):
            out.source, out.rules["source"] = source, HEADER_RULE
        if _below_infoline(out.rules["author"]) and (author := byline_author(date_text)):
            out.author, out.rules["author"] = author, HEADER_RULE
    out.credits = [credit for credit in credits if credit.role != "source"]
    out.page_links = links(doc, rules.pager, base)
    if outlinks:
        out.outlinks = links(doc, ("a",), base)

    if out.title is None:
        out.not_article = "no-title"
    elif not out.paragraphs:
        out.not_article = "no-body"
    return out


def _title(doc: PageDoc, rules: FamilyRules) -> tuple[str | None, etree._Element | None, str]:
    """The title, the element it was read from (None for a meta title) and its rule."""
    for rule in rules.title:
        kind, arg = rule_kind(rule), rule_arg(rule)
        if kind == "meta":
            value = meta_content(doc, arg)
            if value:
                return value, None, rule
            continue
        hit = css_text(doc, arg)
        if hit is not None:
            return hit[0], hit[1], rule
    return None, None, MISSING


def _below_infoline(rule: str) -> bool:
    """Whether a field's value came from no rule or from one ranked below an info line's."""
    return rule == MISSING or rule_kind(rule) == "credit"


def _container(doc: PageDoc, rules: FamilyRules) -> tuple[etree._Element | None, str]:
    """The first content container with something in it. A family whose selectors all miss gets
    no guess: the page is then "no-body" (counted), not a body made of the page's menus."""
    for selector in rules.content:
        if selector == LARGEST_P_BLOCK:
            guess = largest_p_block(doc)
            if guess is not None:
                return guess, LARGEST_P_BLOCK
            continue
        for el in elements(doc, selector):
            if has_text(el) or el.find(".//img") is not None:
                return el, f"css:{selector}"
    return None, MISSING


def _body_lines(texts: list[TextBlock], ignore: set[str], credits: list[Credit]) -> list[str]:
    """Body paragraphs; credit lines go to ``credits``, furniture and repeated title go."""
    paragraphs = []
    for block in texts:
        if block.text in ignore or is_furniture_folded(block.text):
            continue
        found = parse_credit_line(block.raw, block.text)
        if found is not None:
            credits.extend(found)
            continue
        paragraphs.append(block.text)
    return paragraphs


def _outside_credits(
    doc: PageDoc, rules: FamilyRules, container: etree._Element | None
) -> list[Credit]:
    credits: list[Credit] = []
    for selector in rules.credit_elements:
        for el in elements(doc, selector):
            inside = container is not None and (el is container or container in el.iterancestors())
            if not inside:
                credits.extend(parse_credit_line(element_text(el)) or [])
    return credits


def _credit_field(
    doc: PageDoc, field_rules: tuple[str, ...], credits: list[Credit], role: str
) -> tuple[str | None, str]:
    for rule in field_rules:
        kind, arg = rule_kind(rule), rule_arg(rule)
        if kind == "credit":
            credit = next((c for c in credits if c.role == role), None)
            if credit is not None:
                return credit.name, f"credit:{credit.label}"
            continue
        if kind == "meta":
            value = meta_content(doc, arg)
        else:
            read = infoline_source if kind == "infoline" else byline_author
            value = next((v for el in elements(doc, arg) if (v := read(element_text(el)))), None)
        if value:
            return value, rule
    return None, MISSING
