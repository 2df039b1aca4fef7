"""The sitemap: every public page in both languages.

Each section lists its public pages in the ``sitemaps`` of its registration (see
``network_portal.sections``); they are collected here, so the sitemap (and the tests that walk
it) pick up new pages without a hand-kept list.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from network_portal import sections


class PortalSitemap(Sitemap):
    """Base for the portal's sitemaps: one entry per language, with hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return ["home", "search", "accessibility", "privacy", "account_login"]

    def location(self, item):
        return reverse(item)


def collect_sitemaps() -> dict:
    collected = {"pages": StaticPagesSitemap}
    for section in sections.all_sections():
        collected.update(section.sitemaps)
    return collected
