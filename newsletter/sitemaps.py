from django.urls import reverse

from network_portal.sitemaps import PortalSitemap


class NewsletterSitemap(PortalSitemap):
    changefreq = "yearly"
    priority = 0.3

    def items(self):
        return ["newsletter:subscribe"]

    def location(self, item):
        return reverse(item)


sitemaps = {"newsletter": NewsletterSitemap}
