from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoodPracticeConfig(AppConfig):
    name = "goodpractice"
    verbose_name = _("Good practice")

    def ready(self):
        from goodpractice import indexing

        indexing.connect()

        from network_portal import search

        search.register_rebuild("goodpractice.practice", indexing.practice_index_rebuild)
