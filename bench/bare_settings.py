"""A bare Django project for the HTTP benchmark's yardstick: one "hello" view, no app, no
middleware, no database. Served by the same gunicorn settings as the portal, so that a page's
ratio to it is what the portal adds to Django itself."""

import secrets

DEBUG = False
SECRET_KEY = secrets.token_urlsafe(50)
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.bare_urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_I18N = False
LOGGING = {"version": 1, "disable_existing_loggers": False}
