"""The command line: ``zonenews crawl``, ``demo``, ``show``, ``extract``, ``sites``, ``wacz``."""
