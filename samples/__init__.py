"""Bundled sample sites: generator (`samples.generate`), ground truth and a local server (`samples.server`)."""
