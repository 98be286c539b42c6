"""Downloader and spider middlewares of the unionfeed crawler, one per file."""
