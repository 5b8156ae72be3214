"""Reading WARC files back: the one WARC reader of zonenews (``zonenews extract``, the repair of
a killed crawl's files, and the warcinfo that says which crawl wrote a file all read with it).

- ``source``: one WARC stream, a file or a WARC inside a WACZ;
- ``members``: the fast path, one gzip member inflated at a time;
- ``reader``: a stream's wanted responses, every record counted, damage found and placed;
  a record read at a known offset (a revisit's original, a file's warcinfo);
- ``response``: an archived response as handed out, decoded by warcio;
- ``paths``: every response of some files on disk, revisits resolved.

Nothing here imports Scrapy. This file imports nothing: each name is imported from its module,
which keeps the modules' imports of each other free of a cycle through the package.
"""
