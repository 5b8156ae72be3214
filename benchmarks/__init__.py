"""Benchmarks of zonenews against wget, bare Scrapy and trafilatura (`make bench`)."""
