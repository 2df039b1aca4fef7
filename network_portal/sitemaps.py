"""The sitemap: every public page in both languages.

Each app lists its public pages in ``<app>/sitemaps.py`` as a ``sitemaps`` dict; they are
collected here, so the sitemap (and the accessibility test that walks it) picks up new
pages without a hand-kept list.
"""

from importlib import import_module

from django.apps import apps
from django.contrib.sitemaps import Sitemap
from django.urls import reverse


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
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.sitemaps")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.sitemaps":
                raise
            continue
        if module.__name__ != __name__:
            collected.update(getattr(module, "sitemaps", {}))
    return collected
