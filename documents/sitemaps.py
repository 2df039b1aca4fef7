from django.urls import reverse

from documents.models import Document
from network_portal.sitemaps import PortalSitemap


class DocumentListSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return ["documents:list"]

    def location(self, item):
        return reverse(item)


class DocumentSitemap(PortalSitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Document.objects.published().order_by("-year", "pk").only("slug", "updated_at")

    def lastmod(self, document):
        return document.updated_at


sitemaps = {"documents-list": DocumentListSitemap, "documents": DocumentSitemap}
