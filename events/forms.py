from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.models import EventPart
from events.services.registration import Person
from members.models import Member
from network_portal.addresses import normalise_email
from network_portal.forms import HoneypotMixin, LongSelect


class PartChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, part):
        start = formats.date_format(timezone.localtime(part.start), "DATETIME_FORMAT")
        return f"{part.title} ({start})"


def _parts_field(parts, *, required=True):
    return PartChoiceField(
        queryset=EventPart.objects.filter(pk__in=[part.pk for part in parts]),
        label=_("Parts of the event"),
        required=required,
        error_messages={"required": _("Choose at least one part of the event.")},
    )


class RegistrationForm(HoneypotMixin):
    parts = PartChoiceField(queryset=EventPart.objects.none())
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("We send the confirmation and a private link to manage the registration."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("E.g. the municipal office you work for."),
    )
    member = forms.ModelChoiceField(
        label=_("Member municipality"),
        queryset=Member.objects.public().only("pk", "name").order_by("name"),
        required=False,
        empty_label=_("— not from a member —"),
        widget=LongSelect,
        help_text=_("Required for the parts that are open to member municipalities only."),
    )
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    needs = forms.CharField(
        label=_("Dietary or accessibility needs"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    show_organisation = forms.BooleanField(
        label=_("My organisation may be listed among the attending organisations"),
        required=False,
        help_text=_("Only the organisation's name is shown, never yours."),
    )
    privacy = forms.BooleanField(
        label=_("I have read the privacy notice"),
        error_messages={"required": _("Please confirm that you have read the privacy notice.")},
    )

    field_order = [
        "parts",
        "name",
        "email",
        "organisation",
        "member",
        "position",
        "needs",
        "show_organisation",
        "privacy",
        "website",
    ]

    def __init__(self, *args, parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts"] = _parts_field(parts)
        self.fields["privacy"].help_text = format_html(
            '<a href="{}">{}</a>', reverse_lazy("privacy"), _("The privacy notice")
        )

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        parts = cleaned.get("parts") or []
        if any(part.needs_member for part in parts) and not cleaned.get("member"):
            self.add_error(
                "member",
                _("A part you chose is for member municipalities only: choose your member."),
            )
        return cleaned


class ColleaguesForm(HoneypotMixin):
    """A coordinator registers up to five colleagues of their member at once."""

    ROWS = 5

    parts = PartChoiceField(queryset=EventPart.objects.none())
    member = forms.ModelChoiceField(label=_("Member municipality"), queryset=Member.objects.none())
    show_organisation = forms.BooleanField(
        label=_("Our municipality may be listed among the attending organisations"),
        required=False,
    )

    def __init__(self, *args, parts=(), members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts"] = _parts_field(parts)
        self.fields["member"].queryset = members
        if members is not None and len(members) == 1:
            self.fields["member"].initial = members[0].pk
        for number in range(1, self.ROWS + 1):
            self.fields[f"name_{number}"] = forms.CharField(
                label=_("Name of colleague %(number)s") % {"number": number},
                max_length=200,
                required=number == 1,
            )
            self.fields[f"email_{number}"] = forms.EmailField(
                label=_("E-mail of colleague %(number)s") % {"number": number},
                max_length=254,
                required=number == 1,
            )
            self.fields[f"position_{number}"] = forms.CharField(
                label=_("Position of colleague %(number)s") % {"number": number},
                max_length=200,
                required=False,
            )

    def rows(self):
        """The bound fields of each colleague, for the template."""
        return [
            (number, self[f"name_{number}"], self[f"email_{number}"], self[f"position_{number}"])
            for number in range(1, self.ROWS + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        seen = set()
        for number in range(1, self.ROWS + 1):
            name = cleaned.get(f"name_{number}")
            email = cleaned.get(f"email_{number}")
            if bool(name) != bool(email) and f"name_{number}" not in self.errors:
                field = f"email_{number}" if name else f"name_{number}"
                self.add_error(field, _("Give both the name and the e-mail, or neither."))
            if email:
                try:
                    email = cleaned[f"email_{number}"] = normalise_email(email)
                except forms.ValidationError as error:
                    self.add_error(f"email_{number}", error)
                    continue
                if email.lower() in seen:
                    self.add_error(f"email_{number}", _("This e-mail is in the list twice."))
                seen.add(email.lower())
        return cleaned

    def people(self):
        return [
            Person(
                name=self.cleaned_data[f"name_{number}"],
                email=self.cleaned_data[f"email_{number}"],
                position=self.cleaned_data.get(f"position_{number}") or "",
            )
            for number in range(1, self.ROWS + 1)
            if self.cleaned_data.get(f"name_{number}") and self.cleaned_data.get(f"email_{number}")
        ]


class ChangePartsForm(forms.Form):
    parts = PartChoiceField(queryset=EventPart.objects.none())

    def __init__(self, *args, parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts"] = _parts_field(parts)


class MessageForm(forms.Form):
    """Staff write to all registrants of an event (the admin)."""

    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 10})
    )


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("New capacity"),
        min_value=0,
        required=False,
        help_text=_("Leave empty for unlimited places."),
    )


class MoveForm(forms.Form):
    part = forms.ModelChoiceField(label=_("Move to the part"), queryset=EventPart.objects.none())


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or organisation"), max_length=100, required=False)


class WalkInForm(forms.Form):
    """Staff register a person who came to the door."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("The person gets the confirmation, their manage link and any certificate."),
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    member = forms.ModelChoiceField(
        label=_("Member municipality"),
        queryset=Member.objects.public().only("pk", "name").order_by("name"),
        required=False,
        empty_label=_("— not from a member —"),
        widget=LongSelect,
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mails and the certificate"),
        choices=settings.LANGUAGES,  # named in the language of the page
    )
    override_reason = forms.CharField(
        label=_("Reason for exceeding the capacity"),
        max_length=500,
        required=False,
        help_text=_("Only when the part is full or the member has used its places."),
    )


class DeleteRegistrationForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete my registration and my personal data"),
        error_messages={"required": _("Tick the box to confirm the deletion.")},
    )


class LinksForm(HoneypotMixin):
    """Somebody asks for the links to the registrations of an address (sent to it only)."""

    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("The address you registered with. The links are sent only there."),
    )

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


class CertificateCodeForm(forms.Form):
    """The verification code printed on a certificate, as somebody types it."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=60,
        required=False,
        help_text=_("Printed at the bottom of the certificate, under its QR code."),
    )

    def clean_code(self):
        # Copied from a PDF, a code may come with spaces or a line break inside.
        return "".join(self.cleaned_data["code"].split())
