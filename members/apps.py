from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        # The section's search text (network_portal.search), written after every save.
        from members.models import Member
        from network_portal.search import SearchIndex

        SearchIndex(
            Member,
            cs=(("name", "A"), ("description_cs", "B")),
            en=(("name", "A"), ("description_en", "B")),
        ).connect()
