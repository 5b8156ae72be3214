"""WARC archiving for zonenews.

The modules are small and each does one job:

- ``handler``: an HTTP/1.1 download handler that remembers what crossed the wire
  (status line with its reason phrase, raw response headers, the request head as sent);
- ``heads``: pure functions that turn those into the HTTP heads stored in WARC records;
- ``plain``: the frequent records (response, request, metadata) laid out as bytes directly;
- ``records``: record builders (those three by ``plain``; revisits and warcinfo by warcio);
- ``files``: rotating ``.warc.gz`` files that are written as ``.open`` and never overwritten;
- ``cdxj``: each record's CDXJ line made as it is written, side indexes and their merge;
- ``writer``: the per-crawl archive (deduplication, positions, stats);
- ``config``: an archive's settings as plain data, and the archive they make;
- ``child``, ``remote`` and ``frames``: the writer process that runs the archive beside the
  crawl, the crawl's side of it, and the messages between them; ``early``: that process
  started by the command line before Scrapy loads;
- ``metadata``: the block of an article's metadata record (JSON record, outlinks);
- ``names``: every setting, meta key and stats key;
- ``shared``: the one archive per crawler, built from ``ZONENEWS_WARC_*`` settings;
- ``middleware`` and ``pipeline``: the Scrapy components;
- ``addon``: the Scrapy add-on that installs the handler, the components and the settings'
  defaults in any project; ``scrapy_private``: the one module importing Scrapy's private API;
- ``read``: the one WARC reader (files and WACZ members, damage found and placed);
- ``repair``: a killed crawl's ``.open`` files closed at their last whole record;
- ``warcinfo``: which files a crawl wrote, by the crawl id of their warcinfo record;
- ``package``: CDXJ and WACZ.

Nothing is imported here, so ``read``, ``repair``, ``warcinfo`` and ``package`` stay usable
without Scrapy's runtime.
"""
