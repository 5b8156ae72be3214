"""Everything that imports Scrapy: settings, the spider, pipelines, middlewares, extensions."""
