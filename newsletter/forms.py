from django import forms
from django.utils.translation import gettext_lazy as _

from goodpractice.models import Topic
from members.models import Region
from network_portal.forms import HoneypotMixin
from newsletter.digest import section_choices
from newsletter.models import Subscriber

LANGUAGES = [("cs", _("Czech")), ("en", _("English"))]


class ChoiceForm(forms.Form):
    """What a subscriber follows (the subscribe form and the page to change the choice)."""

    sections = forms.MultipleChoiceField(
        label=_("Sections"),
        choices=section_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one section.")},
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"),
        queryset=Region.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None chosen: news from all regions."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None chosen: all topics. Events are not sorted by topic."),
    )
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=LANGUAGES)
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscriber.Frequency.choices,
        initial=Subscriber.Frequency.WEEKLY,
    )


class SubscribeForm(HoneypotMixin, ChoiceForm):
    email = forms.EmailField(
        label=_("Your e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    field_order = ["email", "sections", "regions", "topics", "language", "frequency"]
