from django.urls import reverse

from events.models import Event
from network_portal.sitemaps import PortalSitemap


class EventListSitemap(PortalSitemap):
    changefreq = "daily"

    def items(self):
        return ["events:list"]

    def location(self, item):
        return reverse(item)


class EventSitemap(PortalSitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Event.objects.published().order_by("-start", "pk").only("slug", "updated_at")

    def lastmod(self, event):
        return event.updated_at


sitemaps = {"events-list": EventListSitemap, "events": EventSitemap}
