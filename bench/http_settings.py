"""Settings for the HTTP benchmark's gunicorn: development settings without DEBUG and with the
registration rate limits out of the way (every request comes from 127.0.0.1)."""

from datetime import timedelta

from network_portal.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# events.views.rate_limits: every registration of the benchmarks comes from one address.
EVENTS_RATE_LIMITS = {
    name: (1_000_000, timedelta(hours=1))
    for name in ("REGISTER_PER_CLIENT", "REGISTER_PER_ADDRESS", "MAIL_PER_ADDRESS")
}
# The visitors' limits (network_portal.ratelimit.VISITOR_LIMITS): the load test's people all
# search and download from 127.0.0.1.
VISITOR_RATE_LIMITS = {"*": (1_000_000, timedelta(minutes=1))}
LOGGING = {"version": 1, "disable_existing_loggers": False}
# The portal's URLs and a "hello" view inside its middleware (benchmark_http).
ROOT_URLCONF = "bench.http_urls"
