from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self):
        # The section's search text (network_portal.search), written after every save.
        from members import cachescopes
        from members.models import Member
        from network_portal import pagecolumns, pagescopes
        from network_portal.search import SearchIndex

        SearchIndex(
            Member,
            cs=(("name", "A"), ("description_cs", "B")),
            en=(("name", "A"), ("description_en", "B")),
        ).connect()
        # What a coordinator edits and the search text: only the member's own pages, the
        # members' list and the searches name these columns; every other page reads the
        # members' names (network_portal.pagecolumns). A profile field outside them is no
        # risk: an edit that sets it bumps the whole table.
        pagecolumns.register(
            Member._meta.db_table,
            [Member._meta.get_field(field).column for field in Member.SIDE_FIELDS],
        )
        # Those columns in the scope of their member: an edit reaches that member's profile,
        # not every profile (members.cachescopes).
        pagescopes.register(cachescopes.side_table())
