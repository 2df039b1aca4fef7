from django.urls import reverse

from network_portal.sitemaps import PortalSitemap
from projects.models import Project


class ProjectListSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return ["projects:list"]

    def location(self, item):
        return reverse(item)


class ProjectSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return Project.objects.published().order_by("-start", "pk").only("slug", "updated_at")

    def lastmod(self, project):
        return project.updated_at


sitemaps = {"projects-list": ProjectListSitemap, "projects": ProjectSitemap}
