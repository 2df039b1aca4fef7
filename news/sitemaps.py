from django.urls import reverse

from network_portal.sitemaps import PortalSitemap
from news.models import Article


class ArticleListSitemap(PortalSitemap):
    changefreq = "daily"

    def items(self):
        return ["news:list"]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(PortalSitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return (
            Article.objects.published().order_by("-published_at", "pk").only("slug", "updated_at")
        )

    def lastmod(self, article):
        return article.updated_at


sitemaps = {"news-list": ArticleListSitemap, "news": ArticleSitemap}
