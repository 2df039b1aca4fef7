from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages of the network")

    def ready(self):
        from network_portal.search import SearchIndex
        from pages.models import Page

        SearchIndex(
            Page,
            cs=(("title_cs", "A"), ("lead_cs", "B"), ("body_cs", "C")),
            en=(("title_en", "A"), ("lead_en", "B"), ("body_en", "C")),
        ).connect()
