"""gunicorn's settings for every way the portal is served: the Dockerfile, compose.yaml and
bench.server (tests, benchmarks). The access log masks the secrets in URLs and names the
visitor behind the trusted proxies (network_portal/accesslog.py)."""

logger_class = "network_portal.accesslog.AccessLogger"


def post_worker_init(worker):
    """Prepare the worker before its first request, not inside it: the URL configuration,
    the templates and the search's dictionaries (network_portal.warmup)."""
    from network_portal.warmup import warm_up

    warm_up()
