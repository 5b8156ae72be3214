"""Pure extraction: a page's bytes to fields (``page``), pages to one article (``article``).

Nothing here imports Scrapy's engine or the archive code; the spider and the archive reader are
thin callers of :func:`zonenews.extract.page.extract_page` and
:func:`zonenews.extract.article.join_pages`.
"""
