"""The event's admin form: its parts inline (their days must be the event's days; a new part
starts as a copy of the last one's settings)."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from events.dates import check_event_days
from events.models import (
    EventPart,
)

# Online links are typed without a scheme at times: assume https (Django 6's default).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class EventPartFormSet(forms.BaseInlineFormSet):
    """The event's dates must be the days of its parts, checked over all the parts in the
    form together (each part's own ``clean`` would see its siblings as stored)."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.event_days_checked_together = True
        return form

    def clean(self):
        super().clean()
        check_event_days(
            start=self.instance.start,
            end=self.instance.end,
            spans=[
                (form.cleaned_data["start"], form.cleaned_data["end"])
                for form in self.forms
                if form.cleaned_data
                and not form.cleaned_data.get("DELETE")
                and form.cleaned_data.get("start")
                and form.cleaned_data.get("end")
            ],
        )


# Organiser of a new event, in each language.
OFFICE = _("Office of the National Healthy Cities Network of the Czech Republic")

# What a new part takes over from the event's last part (not its title, times or programme).
COPIED_PART_FIELDS = (
    "audience",
    "capacity",
    "member_quota",
    "online_url",
    "accredited_programme",
    "accreditation_number",
    "accredited_hours",
)


class EventPartInline(TranslationStackedInline):
    model = EventPart
    formset = EventPartFormSet
    extra = 1
    formfield_overrides = URL_FIELDS
    fields = [
        ("title", "position"),
        "description",
        ("start", "end"),
        ("audience", "capacity", "member_quota"),
        ("registration_opens_at", "registration_closes_at"),
        "online_url",
        ("accredited_programme", "accreditation_number", "accredited_hours"),
    ]
