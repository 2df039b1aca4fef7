"""The sitemap: every public page in both languages.

Each section lists its public pages in the ``sitemaps`` of its registration (see
``network_portal.sections``); they are collected here, so the sitemap (and the tests that walk
it) pick up new pages without a hand-kept list.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from network_portal import sections


class PortalSitemap(Sitemap):
    """Base for the portal's sitemaps: one entry per language, with hreflang alternates.

    The ``x-default`` alternate is the Czech page (Czech is the default language). Django
    would give the Czech path without its language prefix, which the portal does not serve:
    /clenove/brno/ redirects by the browser's language, to /en/clenove/brno/, a 404.
    """

    i18n = True
    alternates = True
    x_default = True

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            alternates = {alternate["lang_code"]: alternate for alternate in url["alternates"]}
            if "x-default" in alternates and settings.LANGUAGE_CODE in alternates:
                default = alternates[settings.LANGUAGE_CODE]["location"]
                alternates["x-default"]["location"] = default
        return urls


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
