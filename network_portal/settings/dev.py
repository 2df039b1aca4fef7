"""Development: works with no environment at all. Never use in production."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# A development-only key; production refuses to start without DJANGO_SECRET_KEY.
SECRET_KEY = env.str(
    "DJANGO_SECRET_KEY", default="dev-only-insecure-key-4f9c1e7a2b8d6e3f0a5c9b1d7e2f8a4c"
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

# Links in e-mails point at the port `make run` serves on (PORT=8080 make run).
SITE_URL = env.str("PORTAL_SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")

# Synthetic data and benchmarks (make bench); never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
