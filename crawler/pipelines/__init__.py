"""Item pipelines, one job each, in this order: validate -> persist the raw page (commit) -> enqueue by task name."""
