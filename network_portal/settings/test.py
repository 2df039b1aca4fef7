"""Settings for pytest: the real PostgreSQL, fast hashing, in-memory mail."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS

DEBUG = False
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # the generators and benchmarks are tested too
SECRET_KEY = "test-only-key-9d2f6a1c4e8b7d3f5a0c2e9b6d1f4a8c7e3b5d0f"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Several test runs may share one server (e.g. parallel work trees): keep their databases apart.
DATABASES["default"]["TEST"] = {
    "NAME": "test_network_portal" + os.environ.get("TEST_DB_SUFFIX", ""),
}
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Each parallel worker of pytest-xdist (PYTEST_XDIST_WORKER: gw0, gw1 ...) a folder of its own,
# as it has a database of its own (pytest-django names it with the same suffix).
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT", "/tmp/network-portal-test-media") + (  # noqa: S108
    f"-{os.environ['PYTEST_XDIST_WORKER']}" if os.environ.get("PYTEST_XDIST_WORKER") else ""
)
LOGGING = {"version": 1, "disable_existing_loggers": False}
# One process, and the tests' transactions never deliver a NOTIFY: the generations are read
# from the cache on every request (the listener has tests of its own).
PAGE_CACHE_LISTEN = False
