from django.urls import reverse

from goodpractice.models import Practice
from network_portal.sitemaps import PortalSitemap


class PracticeListSitemap(PortalSitemap):
    changefreq = "daily"

    def items(self):
        return ["goodpractice:list"]

    def location(self, item):
        return reverse(item)


class PracticeSitemap(PortalSitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return (
            Practice.objects.published().order_by("-published_at", "pk").only("slug", "updated_at")
        )

    def lastmod(self, practice):
        return practice.updated_at


sitemaps = {"goodpractice-list": PracticeListSitemap, "goodpractice": PracticeSitemap}
