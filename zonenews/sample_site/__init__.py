"""The bundled sample site: a synthetic, deterministic mirror of the five template families.

Use::

    from zonenews.sample_site.server import serve
    from zonenews.sample_site.site import SampleSite
    from zonenews.sample_site.truth import write_truth

    site = SampleSite(edition=1, articles_per_family=500, seed="zonenews")
    with serve(site, host="127.0.0.1", port=0) as running:   # background thread
        running.base_url            # http://127.0.0.1:PORT
        running.log                 # [LogEntry(method, path, status, bytes), ...]
        site.page_bytes("/")        # (status, headers, body) before gzip/chunking
    write_truth(site, "truth.jsonl", "http://127.0.0.1:8000")

or ``python -m zonenews.sample_site --port 8000 [--truth FILE] [--no-serve]``.

Layout (sections, :mod:`~zonenews.sample_site.sections`: each one's prefix and mirrored entry
are in ``twins.toml``, paths as on the real site):

- ``/cd-regional/fs-hitech/`` (fs-hitech-cd): portal, lists ``news.html``, ``news_N.html``,
  articles ``YYYY-MM/DD/c_<id>.htm`` (+ ``c_<id>_<N>.htm``), images ``images/YYYY-MM/*.jpg|png``
- ``/gd-gov/en/`` (fs-hitech-gov): portal, lists ``en/news/index.html``, ``index_N.html``,
  articles ``en/news/content/post_<7-8 digits>.html``, images ``uploads/YYYYMM/*.png|jpg``
- ``/cd-ws/s/foshan/`` (govt-cd): list page 1 (also ``index.html``), ``index_N.html``; articles
  ``/cd-ws/s/YYYYMM/DD/WS<24 hex>/<slug>.html`` (+ ``WS<hex>_<N>/``), images ``/cd-ws/images/``
- ``/foshannews/h/10001/`` (foshannews): list page 1 (also ``index.html``), ``index_N.html``;
  articles ``/foshannews/h/<node>/YYYYMMDD/<id>.html``, images ``/foshannews/uploads/``
- ``/trs/english/news/`` (sip-gov): list page 1 (also ``index.html``), ``index_N.html``;
  articles ``<yyyymm>/t<yyyymmdd>_<id>.html``, images beside them (a fifth of a family's size)
- ``/cd-shared/shanghaipudong/`` (pudong-cd) and ``/cd-shared/SuzhouNewDistrict/``
  (suzhou-nd-cd): two channels of one China Daily regional host, lists ``news.html``,
  ``news_N.html`` (a twentieth each)
- ``/ws-shared/s/east/`` (ws-east) and ``/ws-shared/s/west/`` (ws-west): two zones on one WS-style
  host, articles ``/ws-shared/s/YYYYMM/DD/WS<hex>/<slug>.html`` with no channel (a twentieth
  each; ``crosslink=True`` has the west list link the east zone's newest article too)
- ``/`` links every start page and the special URLs; ``/robots.txt`` disallows ``/private/``.

Deliberate variation (per article, drawn from its own seeded generator; older articles lean to
older template variants; ``Article.opts`` and the blocks record every choice, see catalog_*.py):
title, date-line and content-container variants of docs/families.md; every date form of each
family, some pages with no printed date; captions as ``figcaption``, caption classes, centred
``<p>``, ``<span>`` after the image in the same ``<p>``, and (cd_ws) an uncentred ``<p>`` ending
in a photo credit, sometimes before the first paragraph; images bare or in ``<a>``, with
relative, root, absolute or protocol-relative ``src``, without caption, with empty or missing
``alt``; file-name lines between image and caption or alone; credit lines in several wordings,
two on one line; furniture (breadcrumbs, share, print/close, copyright, ICP, language toggles)
inside the content; ``<br>``, ``&nbsp;``, U+3000, Chinese in brackets and inline tags inside
paragraphs; whole pages whose paragraphs are bare ``<div>`` text; multi-page articles (2-3
pages) on cd_regional and cd_ws; about 10% of gd_gov pages declared gb2312 and encoded in
GB18030 (with a character GB2312 lacks).

Special responses (see special.py, listing.py and server.py):

- gzip (when Accept-Encoding allows it) and chunked transfer: one HTML page in six each, by a
  hash of the path (``SampleSite.delivery(path)``); start pages send two ``Set-Cookie`` headers;
  every 200 has Last-Modified and ETag and answers If-None-Match / If-Modified-Since with 304;
- ``/redirect/start`` -301-> ``/redirect/hop`` -302-> the cd_regional start page;
- ``/flaky/once.html`` answers 500 the first time each running server is asked, then 200;
- list pages 1, 6, 11, ... of each family link their third article again with
  ``?utm_source=wechat&utm_medium=share`` (``SampleSite.tracking_links()``).

Faults (``SampleSite(faults=FaultSpec.parse("all"))``, ``--faults SPEC``): errors, stalls, resets,
broken gzip, bombs, hostile redirects, wrong charsets, non-articles under article URLs, robots.txt
trouble, each on a seeded share of article URLs; faults.py has the table. Without faults nothing
changes.
"""
