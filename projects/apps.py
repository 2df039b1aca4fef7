from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        # The section's search text (network_portal.search), written after every save.
        from network_portal.search import SearchIndex
        from projects.models import Project

        SearchIndex(
            Project,
            cs=(("name_cs", "A"), ("acronym", "A"), ("summary_cs", "B"), ("description_cs", "C")),
            en=(("name_en", "A"), ("acronym", "A"), ("summary_en", "B"), ("description_en", "C")),
        ).connect()
