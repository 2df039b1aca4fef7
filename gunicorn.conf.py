"""gunicorn's settings for every way the portal is served: the Dockerfile, compose.yaml and
bench.server (tests, benchmarks). The access log masks the secrets in URLs and names the
visitor behind the trusted proxies (network_portal/accesslog.py)."""

logger_class = "network_portal.accesslog.AccessLogger"


def post_worker_init(worker):
    """Before the worker's first request, not inside it: import the URL configuration (and
    with it every view, about 0.3 s) and load the search's dictionaries (about 0.5 s,
    network_portal.search.words.load_dictionaries)."""
    from django.urls import get_resolver

    from network_portal.search.words import load_dictionaries

    get_resolver().url_patterns  # noqa: B018 - imported on first use
    load_dictionaries()
