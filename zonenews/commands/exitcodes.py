"""The exit codes of the ``zonenews`` commands (docs/operations.md says what each means).

A module of their own, without imports, so that the command line can name them without
loading Scrapy before it has to.
"""

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_NO_ARTICLES = 3
EXIT_ERRORS = 4
EXIT_OUTPUT = 5
EXIT_STATE = 6
EXIT_DAMAGED = 7  # zonenews extract: an input archive is damaged or not a WARC
EXIT_CHECK = 8  # zonenews check, new-site: an entry failed its check against the live site
EXIT_FETCH = 9  # zonenews show: the page could not be fetched
EXIT_REDIS = 10  # crawl --redis, worker, gather: the Redis server cannot be reached
