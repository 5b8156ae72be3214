"""Setting names, defaults, meta keys and stats keys of the archive, in one place."""

from __future__ import annotations

ENABLED = "ZONENEWS_WARC_ENABLED"
DIRECTORY = "ZONENEWS_WARC_DIR"
PREFIX = "ZONENEWS_WARC_PREFIX"
MAX_SIZE = "ZONENEWS_WARC_MAX_SIZE"
OPERATOR = "ZONENEWS_WARC_OPERATOR"
DESCRIPTION = "ZONENEWS_WARC_DESCRIPTION"
SITES = "ZONENEWS_WARC_SITES"
DEDUP = "ZONENEWS_WARC_DEDUP"
DEDUP_MEMORY = "ZONENEWS_WARC_DEDUP_MEMORY"
GZIP_LEVEL = "ZONENEWS_WARC_GZIP_LEVEL"
NOT_MODIFIED_HEAD = "ZONENEWS_WARC_NOT_MODIFIED_HEAD"
SIDE_INDEX = "ZONENEWS_WARC_SIDE_INDEX"
WRITER_PROCESS = "ZONENEWS_WARC_WRITER_PROCESS"
SHARED_PAYLOADS = "ZONENEWS_WARC_SHARED_PAYLOADS"
CRAWL_ID = "ZONENEWS_CRAWL_ID"

# A file still being written (a WARC, its side index) has this after its final name.
OPEN_SUFFIX = ".open"

DEFAULT_DIRECTORY = "archives"
DEFAULT_PREFIX = "zonenews"
# IIPC practice (Heritrix, warcprox) is 1 GB files.
DEFAULT_MAX_SIZE = 1_000_000_000
# Payload digests remembered for in-crawl deduplication (about 0.5 KB each).
DEFAULT_DEDUP_MEMORY = 5_000
# zlib's default: on HTML barely larger than level 9's output, and much faster (docs/settings.md).
DEFAULT_GZIP_LEVEL = 6
# Where a 304's head goes: a metadata record beside an empty revisit (replays in pywb) or
# the revisit's own block (as Heritrix writes it; pywb 2.10 then replays a bare 304).
HEAD_IN_METADATA = "metadata"
HEAD_IN_REVISIT = "revisit"
NOT_MODIFIED_HEAD_CHOICES = (HEAD_IN_METADATA, HEAD_IN_REVISIT)


def setting_defaults() -> dict[str, object]:
    """Every ``ZONENEWS_WARC_*`` setting with its default (the add-on installs them)."""
    return {
        ENABLED: True,
        DIRECTORY: DEFAULT_DIRECTORY,
        PREFIX: DEFAULT_PREFIX,
        MAX_SIZE: DEFAULT_MAX_SIZE,
        DEDUP: True,
        DEDUP_MEMORY: DEFAULT_DEDUP_MEMORY,
        GZIP_LEVEL: DEFAULT_GZIP_LEVEL,
        NOT_MODIFIED_HEAD: HEAD_IN_METADATA,
        SIDE_INDEX: False,
        WRITER_PROCESS: True,
        # A Redis URL (set for crawls on Redis): the payload index the crawl's workers share.
        SHARED_PAYLOADS: "",
        # A new list each time: a crawl that appends to its own must not change the next one's.
        SITES: [],
        OPERATOR: "",
        DESCRIPTION: "",
    }


# Public meta keys: the position of a response record, and the per-request opt-out.
META_WARC = "zonenews_warc"
META_DONT_ARCHIVE = "zonenews_dont_archive"
# The earlier crawl's capture of a URL (set from the crawl state): what revisits refer to.
META_PREVIOUS = "zonenews_previous_capture"
# Private meta key the download handler fills for the middleware (popped there).
META_WIRE = "_zonenews_wire"

STAT_RECORDS = "zonenews/warc/records"
STAT_BYTES = "zonenews/warc/bytes"
STAT_FILES = "zonenews/warc/files"
STAT_TRUNCATED = "zonenews/warc/truncated"
STAT_METADATA = "zonenews/warc/metadata"
STAT_REVISITS = "zonenews/warc/revisits"
# Responses whose download failed after the head arrived, archived with WARC-Truncated.
STAT_FAILED = "zonenews/warc/failed_downloads"
# Metadata records not written because of an error other than the output's (a bug): the
# article's JSONL record is kept, the error logged with its cause.
STAT_METADATA_FAILED = "zonenews/warc/metadata_failed"

# Brotli and zstd payloads trouble non-browser replay tools (conifer#727, openwayback#395).
ARCHIVAL_ACCEPT_ENCODING = b"gzip, deflate"
