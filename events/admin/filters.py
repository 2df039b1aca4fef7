"""List filters shared by the events app's admin pages."""

from datetime import timedelta

from django.contrib import admin
from django.utils import timezone

from events.models import Event, EventPart


class RecentFilter(admin.RelatedFieldListFilter):
    """Events (or their parts) from a month ago on, at most 30, and the chosen ones: every
    event of the archive would be thousands of links on every page of the list. Any other
    event is reached by its link from the event's page (the lookup stays allowed)."""

    LIMIT = 30

    def field_choices(self, field, request, model_admin):
        model = field.related_model
        since = timezone.now() - timedelta(days=31)
        start = "start" if model is Event else "event__start"
        chosen = [value for value in request.GET.getlist(self.lookup_kwarg) if value.isdigit()]
        records = model.objects.all()
        if model is EventPart:
            records = records.select_related("event")
        shown = list(records.filter(**{f"{start}__gte": since}).order_by(start, "pk")[: self.LIMIT])
        shown += list(records.filter(pk__in=chosen))
        return list(dict.fromkeys((record.pk, str(record)) for record in shown))
