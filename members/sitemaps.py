from django.urls import reverse

from members.models import Member
from network_portal.sitemaps import PortalSitemap


class MemberDirectorySitemap(PortalSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return ["members:list", "members:membership", "members:apply"]

    def location(self, item):
        return reverse(item)


class MemberSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return Member.objects.public().only("slug").order_by("name", "pk")


sitemaps = {"member-directory": MemberDirectorySitemap, "members": MemberSitemap}
