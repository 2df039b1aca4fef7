"""gunicorn's settings for every way the portal is served: the Dockerfile, compose.yaml and
bench.server (tests, benchmarks). The access log masks the secrets in URLs and names the
visitor behind the trusted proxies (network_portal/accesslog.py)."""

logger_class = "network_portal.accesslog.AccessLogger"


def post_worker_init(worker):
    """Load the search's dictionaries before the worker's first request, not inside its first
    search (network_portal.search.words.load_dictionaries)."""
    from network_portal.search.words import load_dictionaries

    load_dictionaries()
