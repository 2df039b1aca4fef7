"""The production settings, plus one test-only page that fails (to see the 500 page).

Used only by the production-build test; nothing of it exists in production.
"""

from network_portal.settings.prod import *  # noqa: F403

ROOT_URLCONF = "tests.production.urls"
