"""Scrapy downloader middlewares of zonenews, one a module."""
