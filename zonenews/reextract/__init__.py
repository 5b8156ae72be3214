"""``zonenews extract``: rebuild the JSON Lines from web archives (:mod:`zonenews.reextract.run`).

Usage::

    zonenews extract ARCHIVE... -o OUT.jsonl [--jobs N]

``ARCHIVE`` is a ``.warc``, ``.warc.gz`` or ``.wacz`` file, or a folder searched recursively for
them (``.open`` files, still being written, are left out). Any tool's WARCs will do: zonenews',
wget's, Heritrix', Browsertrix', warcprox'. ``--jobs N`` sets the number of worker processes
(default 0: one per core; 1 extracts in the main process).

What it reads. Every ``response`` and ``revisit`` record, with the archive's reader
(:mod:`zonenews.archive.read`, warcio underneath): chunked and gzip/deflate payloads are
decoded, and an identical-payload revisit gets its original's payload (found by digest anywhere
in the inputs). Only ``200`` HTML responses of article URLs become records; list
pages, images, redirects and errors are skipped and counted. The pages of a multi-page article
are joined in page order, wherever they are in the inputs; an article whose pages are not all
there is dropped (``incomplete_pages``). An article captured more than once is written once,
from its latest capture.

Choosing the rules, per page (the *rule path*, counted in the summary):

1. ``entry``: the site entry whose root holds the URL, with its template family. Loopback URLs
   under an entry's ``sample_prefix`` are that entry's twin on the bundled sample site.
2. ``detected``: a host no entry knows: the template family recognised from the markup
   (:mod:`zonenews.families.detect`), with a transient entry: ``site`` ``unknown:<host>``,
   ``zone`` ``unknown``, no dates from URLs, ``language`` from ``<html lang>`` or ``en``.
3. ``generic``: no family recognised: the generic rules with trafilatura's body, and
   ``extraction: "generic"`` on the record (:mod:`zonenews.extract.generic_body`).

Pages on a known host outside every entry are skipped (``off-entry``).

What it writes. ``OUT.jsonl`` in the schema of a live crawl, built by the same functions
(``zonenews.build``, the live crawl's required-fields rule): a record rebuilt from a crawl's
own WARCs equals the live record except for ``crawl_id`` (this run's, ``extract-<UTC time>``),
``fetched_at`` (the WARC-Date of the first page's capture) and ``warc`` (``filename``,
``offset``, ``length``, ``record_id``, ``payload_digest`` of the first page's response record in
the input; for a WACZ, ``filename`` is the WARC's name inside it). The file is written under a
temporary name and renamed when done: a failed run leaves no output. Progress goes to stderr
every two seconds; the summary (records read, pages, articles by rule path, skipped and dropped
by reason, damaged files) to stdout.

Exit codes (one table for every command, see ``zonenews.commands.exitcodes``): 0 done; 2 an
input is missing or a folder holds no archive; 3 no article found; 7 an input is damaged or is not
a WARC (reported with file and offset; everything before the damage is read and written); 5 the
output cannot be written. An empty input file is reported and is not an error.

Speed: reading, joining and writing run in the main process, extraction in the workers; memory
holds the unfinished multi-page articles, a few chunks of pages per worker, one key per article
(for duplicates), one digest per article page (for revisits) and one inflated record at a time
(:mod:`zonenews.archive.read.members`; a record over 32 MB is streamed by warcio instead).
``benchmarks/bench_extract.py`` measures the speed (docs/benchmarks.md): the command is bound by
CPU, with every core busy. In a profile the main process's time goes to inflating every record,
warcio's parse of the pages' heads and building the records; the workers' to ``extract_page``.
"""
