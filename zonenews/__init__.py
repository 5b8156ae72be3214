"""zonenews: crawl the English news of development zones into JSON Lines and WARC."""

__version__ = "0.1.0"
