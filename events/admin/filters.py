"""List filters shared by the events app's admin pages."""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname

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
        # Only what the label (the record's __str__) reads: an event's row is long (texts in
        # two languages, the venue, the certificate's signatory ...).
        titles = [build_localized_fieldname("title", language) for language in AVAILABLE_LANGUAGES]
        if model is EventPart:
            records = model.objects.select_related("event").only(
                "start", "event__start", *titles, *(f"event__{title}" for title in titles)
            )
        else:
            records = model.objects.only("start", *titles)
        shown = list(records.filter(**{f"{start}__gte": since}).order_by(start, "pk")[: self.LIMIT])
        shown += list(records.filter(pk__in=chosen))
        return list(dict.fromkeys((record.pk, str(record)) for record in shown))


class YearFilter(admin.SimpleListFilter):
    """The events of one year, from the first event's year to the last's: two index lookups,
    where the admin's date hierarchy lists the years by reading every event."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        bounds = Event.objects.aggregate(first=Min("start"), last=Max("start"))
        if bounds["first"] is None:
            return []
        first, last = (timezone.localtime(bounds[name]).year for name in ("first", "last"))
        return [(str(year), str(year)) for year in range(last, first - 1, -1)]

    def queryset(self, request, queryset):
        if (self.value() or "").isdigit():
            return queryset.filter(start__year=int(self.value()))
        return queryset
