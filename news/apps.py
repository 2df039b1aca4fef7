from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from network_portal.search import SearchIndex
        from news.models import Article

        SearchIndex(
            Article,
            cs=(("title_cs", "A"), ("perex_cs", "B"), ("body_cs", "C")),
            en=(("title_en", "A"), ("perex_en", "B"), ("body_en", "C")),
        ).connect()
