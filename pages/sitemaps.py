from django.urls import reverse

from network_portal.sitemaps import PortalSitemap
from pages.models import Page


class PageIndexSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return ["pages:index"]

    def location(self, item):
        return reverse(item)


class PageSitemap(PortalSitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Page.objects.visible().select_related("parent__parent").in_tree_order()

    def lastmod(self, page):
        return page.updated_at


# "pages" is the portal's own static pages (network_portal.sitemaps).
sitemaps = {"network-pages-index": PageIndexSitemap, "network-pages": PageSitemap}
