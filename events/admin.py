from django.contrib import admin

from events.models import Event, EventPart
from network_portal.admin import TranslatedHistoryAdmin


@admin.register(Event)
class EventAdmin(TranslatedHistoryAdmin):
    list_display = ["title", "kind", "start", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["title_cs", "title_en", "slug"]


@admin.register(EventPart)
class EventPartAdmin(TranslatedHistoryAdmin):
    list_display = ["title", "event", "start", "capacity"]
    list_filter = ["audience"]
    search_fields = ["title_cs", "event__title_cs"]
