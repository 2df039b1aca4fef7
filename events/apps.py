from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        # A member's profile and a project's page read the events in scopes, the events' list
        # the places taken in the events it shows (page cache).
        from events import cachescopes
        from network_portal import pagescopes

        pagescopes.register(*cachescopes.tables(), *cachescopes.registration_tables())

        # The section's search text (network_portal.search), written after every save.
        from events.models import Event
        from network_portal.search import SearchIndex

        SearchIndex(
            Event,
            cs=(
                ("title_cs", "A"),
                ("summary_cs", "B"),
                ("description_cs", "C"),
                ("venue_name_cs", "D"),
            ),
            en=(
                ("title_en", "A"),
                ("summary_en", "B"),
                ("description_en", "C"),
                ("venue_name_en", "D"),
            ),
        ).connect()
