from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import get_language, gettext

from goodpractice.models import Practice
from members.models import Member
from network_portal.feeds import CleanAtomFeed, CleanRssFeed
from network_portal.listing import FilteredListView
from network_portal.records import RecordView
from news.listing import ArticleList
from news.models import Article
from projects.models import Project

PAGE_SIZE = 12
FEED_SIZE = 50
PREVIEW_PERMISSION = "news.change_article"


class ArticleListView(FilteredListView):
    template_name = "news/article_list.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE
    listing_class = ArticleList


class ArticleDetailView(RecordView):
    template_name = "news/article_detail.html"
    context_object_name = "article"
    body_lookups = (
        "author",
        # The members' names, not their descriptions (network_portal.pagecolumns).
        Prefetch("members", queryset=Member.objects.only("name", "slug").order_by("name")),
        Prefetch("projects", queryset=Project.objects.published()),
        Prefetch("practices", queryset=Practice.objects.published()),
        "topics",
    )

    def get_queryset(self):
        articles = Article.objects.all()
        if not self.request.user.has_perm(PREVIEW_PERMISSION):
            articles = articles.published()  # staff may preview drafts and scheduled articles
        return articles

    def body_context(self):
        return {"show_czech_notice": get_language() == "en" and not self.object.has_english}


class ArticleRssFeed(Feed):
    feed_type = CleanRssFeed
    """Published news of any filtered list, newest first; text cleaned of control characters."""

    def get_object(self, request):
        return ArticleList(request.GET)

    def title(self, obj):
        return gettext("News of the Healthy Cities Network")

    def link(self, obj):
        query = obj.params().urlencode()
        return reverse("news:list") + (f"?{query}" if query else "")

    def description(self, obj):
        return gettext("News from the Czech Healthy Cities Network and its members.")

    def items(self, obj):
        return obj.fetch(obj.results().prefetch_related("topics")[:FEED_SIZE])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.perex

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]


class ArticleAtomFeed(ArticleRssFeed):
    feed_type = CleanAtomFeed
    subtitle = ArticleRssFeed.description
