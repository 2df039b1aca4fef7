"""The news section: the latest news on the home page, the news about a member, project,
example or event on its page, full-text matches in the site search."""

from django.urls import reverse
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from network_portal.sections import Block, SearchResults, Section
from news.listing import ArticleList
from news.models import Article
from news.sitemaps import sitemaps

HOME_COUNT = 3
RELATED_COUNT = 10
CARD_FIELDS = (
    "slug",
    "title_cs",
    "title_en",
    "perex_cs",
    "perex_en",
    "published_at",
    "image",
    "image_alt_cs",
    "image_alt_en",
)


def home(request):
    latest = list(
        Article.objects.published().only(*CARD_FIELDS).order_by("-published_at", "-pk")[:HOME_COUNT]
    )
    if not latest:
        return None
    return Block("news/includes/_home_latest.html", {"articles": latest}, home_order=20)


def next_change(now):
    """The next scheduled article's publication time."""
    article = Article.objects.scheduled(now).order_by("published_at").only("published_at").first()
    return article.published_at if article else None


def related(request, record):
    """The published news linked to ``record`` (found through the article's link to the
    record's model), newest first."""
    if isinstance(record, Article):
        return None
    articles = list(
        Article.objects.published()
        .about(record)
        .only(*CARD_FIELDS)
        .order_by("-published_at", "-pk")[:RELATED_COUNT]
    )
    if not articles:
        return None
    return Block("news/includes/_related_news.html", {"related_articles": articles})


def search(request, query: str, limit: int) -> SearchResults:
    listing = ArticleList.from_words(query)
    items, total = listing.preview(listing.results().only(*CARD_FIELDS), limit)
    return SearchResults(
        items=items,
        total=total,
        template="news/includes/_search_result.html",
        more_url=f"{reverse('news:list')}?{listing.params().urlencode()}",
        more_phrase=ngettext_lazy(
            "Show the %(counter)s article found", "Show all %(counter)s articles found", "counter"
        ),
        empty_label=gettext("No news article matches these words."),
        list_class="list-cards",
    )


section = Section(
    name="news",
    label=_("News"),
    description=_(
        "What is new in the network: new members, schools and meetings, project news and visits."
    ),
    list_url_name="news:list",
    path=_("news/"),
    urls="news.urls",
    order=5,
    home=home,
    related=related,
    search=search,
    sitemaps=sitemaps,
    next_change=next_change,
)
