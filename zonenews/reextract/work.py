"""What a worker process does with one captured page: choose the rules, extract, place it.

Rule choice (counted per record as its *path*):

- ``entry``: the URL's site entry names the family (``extract_page``, as the live spider);
- ``detected``: no entry knows the host, the markup names a family
  (:func:`zonenews.families.detect.detect_family`); a transient entry carries it;
- ``generic``: neither; the generic rules with trafilatura's body
  (:func:`zonenews.extract.generic_body.extract_generic_page`), ``extraction: "generic"``.

An entry whose family is ``generic`` takes the generic path as well.

Jobs and results are plain picklable data; workers hold no state but caches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parsel import Selector

from zonenews.build import extract_for_family
from zonenews.extract.decode import decode_html
from zonenews.extract.fields import PageFields
from zonenews.families.detect import detect_family
from zonenews.families.generic import GENERIC
from zonenews.reextract.entries import EntryRef, resolve, transient_ref
from zonenews.reextract.pages import Place, place_of

ENTRY, DETECTED = "entry", "detected"
PATHS = (ENTRY, DETECTED, GENERIC)


@dataclass(frozen=True)
class PageJob:
    """One 200 HTML response to extract; ``ref`` is None on a host no entry knows."""

    url: str
    content_type: str
    payload: bytes
    ref: EntryRef | None
    date: str
    warc: dict[str, Any]


@dataclass(frozen=True)
class PageResult:
    url: str
    date: str
    warc: dict[str, Any]
    ref: EntryRef
    path: str
    place: Place
    page: PageFields


def extract_chunk(jobs: list[PageJob]) -> list[PageResult]:
    """A worker's unit of work: many pages per round trip keeps pickling cheap."""
    return [extract_job(job) for job in jobs]


def extract_job(job: PageJob) -> PageResult:
    ref, path = job.ref, ENTRY
    if ref is None:
        ref = _recognise(job)
        path = DETECTED if ref.family != GENERIC else GENERIC
    entry = resolve(ref)
    if entry.family == GENERIC:
        path = GENERIC
    page = extract_for_family(job.payload, job.url, job.content_type, entry.family)
    place = place_of(entry, job.url, page, by_pager=ref.unknown)
    return PageResult(job.url, job.date, job.warc, ref, path, place, page)


def _recognise(job: PageJob) -> EntryRef:
    """The transient entry of a page on an unknown host: its family from its markup."""
    family, lang = GENERIC, None
    try:
        _, text = decode_html(job.payload, job.content_type)
        if "<" in text:
            doc = Selector(text=text, type="html")
            found = detect_family(doc)
            family = found.family if found is not None else GENERIC
            lang = doc.xpath("/html/@lang").get()
    except Exception:  # undecodable bytes: extraction then says why it is no article
        family = GENERIC
    return transient_ref(job.url, family, lang)
