"""The queue's message contract: task names and queues. Documented in docs/message-contract.md.

Producers (the crawler, the CLI, the API, any Celery client) refer to tasks only by these names.
"""

PROCESS_PAGE = "unionfeed.process_page"  # args: [page_id: int]
PROCESS_PAGES = "unionfeed.process_pages"  # args: [page_ids: list[int]] — one message for a batch of pages
CRAWL_SOURCE = "unionfeed.crawl_source"  # args: [source: str], kwargs: {"trigger": str}

CRAWL_QUEUE = "crawl"
PROCESS_QUEUE = "process"
RECONCILE = "unionfeed.reconcile"  # kwargs: {"grace_seconds": int} (optional)
CHECK_HEALTH = "unionfeed.check_health"  # no args: drift, health and alerts of every source
DELIVER_WEBHOOKS = "unionfeed.deliver_webhooks"  # no args: due alert deliveries and new-article subscriptions
WORKER_HEARTBEAT_PREFIX = "unionfeed:worker:"  # Redis keys `<prefix><hostname>` a live worker refreshes (30 s TTL)

# A raw page stored with one of these statuses is no page but a recheck's answer for a stored article: the publisher
# took it down. The crawler stores such answers (never for a page it did not store before); processing marks the
# article removed.
GONE_STATUSES = (404, 410)
