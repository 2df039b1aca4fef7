import re

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext
from django.views.generic import DetailView, ListView

from goodpractice.models import Practice
from members.models import Member
from news.listing import ArticleList
from news.models import Article

PAGE_SIZE = 12
FEED_SIZE = 50
PREVIEW_PERMISSION = "news.change_article"
# XML 1.0 refuses these characters; a stray one pasted into an article must not break a feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def feed_text(value) -> str:
    return _CONTROL.sub("", str(value or ""))


class ArticleListView(ListView):
    template_name = "news/article_list.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get(self, request, *args, **kwargs):
        self.listing = ArticleList(request.GET)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.listing.results()

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            listing=self.listing,
            facets=self.listing.facets(),
            query=self.listing.params().urlencode(),
        )
        return context


class ArticleDetailView(DetailView):
    template_name = "news/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        articles = Article.objects.all()
        if not self.request.user.has_perm(PREVIEW_PERMISSION):
            articles = articles.published()  # staff may preview drafts and scheduled articles
        return articles.select_related("author").prefetch_related(
            Prefetch("members", queryset=Member.objects.order_by("name")),
            "projects",
            Prefetch("practices", queryset=Practice.objects.published()),
            "topics",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["show_czech_notice"] = get_language() == "en" and not self.object.has_english
        return context


class ArticleRssFeed(Feed):
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
        return feed_text(item.title)

    def item_description(self, item):
        return feed_text(item.perex)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [feed_text(topic.name) for topic in item.topics.all()]


class ArticleAtomFeed(ArticleRssFeed):
    feed_type = Atom1Feed
    subtitle = ArticleRssFeed.description
