"""Site entries as data: platforms, zone files, and the entry a URL belongs to.

Platforms (``platforms.toml``) hold the URL templates a CMS's sites share; zone files
(``zones/*.toml``, one per zone) hold the sites, each a few lines on its platform. Folders or
files named in the ``ZONENEWS_ZONES`` environment variable (separated like ``PATH``) add zone
files of one's own without touching the package. Everything is checked as it loads
(:mod:`zonenews.sites.load`); :mod:`zonenews.sites.catalog` holds the loaded entries.
Nothing here fetches anything or imports Scrapy.
"""
