from django import forms
from django.core import signing
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.applications import APPLICANT_FIELDS
from members.models import Member, MembershipApplication, Person
from network_portal.forms import HoneypotMixin
from network_portal.pdf_uploads import PdfUploadField
from network_portal.text import CleanCharFormField
from network_portal.uploads import ImageUploadField

phone_validator = RegexValidator(
    r"^\+?[0-9 ()/-]{6,25}$",
    _("Enter a phone number of digits and spaces, e.g. +420 374 774 111."),
)


def https_urls(field, **kwargs):
    """Model form fields, with https:// assumed for a web address typed without a scheme."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class MemberProfileForm(forms.ModelForm):
    """What a coordinator may change; any other posted field is ignored."""

    image_upload = ImageUploadField(label=_("New coat of arms or logo"), required=False)
    remove_image = forms.BooleanField(label=_("Remove the current image"), required=False)

    class Meta:
        model = Member
        fields = ["description_cs", "description_en", "website", "address", "latitude", "longitude"]
        labels = {
            "description_cs": _("Description in Czech"),
            "description_en": _("Description in English"),
        }
        formfield_callback = https_urls
        widgets = {
            "description_cs": forms.Textarea(attrs={"rows": 8, "lang": "cs"}),
            "description_en": forms.Textarea(attrs={"rows": 8, "lang": "en"}),
        }

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None) and not self.errors:
            raise forms.ValidationError(
                _("Give both latitude and longitude, or neither."), code="location"
            )
        return cleaned


class ContactForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["email", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].validators.append(phone_validator)
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        phone = self.fields["phone"]
        phone.widget = forms.TextInput(attrs={"type": "tel", "maxlength": phone.max_length})


ContactFormSet = forms.modelformset_factory(
    Person, form=ContactForm, extra=0, edit_only=True, can_delete=False
)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the coordinator"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    members = forms.ModelMultipleChoiceField(
        label=_("Members they coordinate"),
        queryset=Member.objects.all(),
        help_text=_("The account may edit the public profile of these members."),
    )
    language = forms.ChoiceField(
        label=_("Language of the invitation"),
        choices=[("cs", _("Czech")), ("en", _("English"))],
        initial="cs",
    )


KEPT_SALT = "members.application.kept-resolution"


class ApplicationForm(HoneypotMixin, forms.ModelForm):
    """The public membership application (and its correction after a return).

    A valid PDF of a submit that fails on other fields is stored at once and carried in a
    signed hidden field (``kept_resolution``): the applicant does not have to choose it again.
    Only when the PDF itself is the invalid field must it be chosen again."""

    resolution = PdfUploadField(label=_("Council resolution (PDF)"), required=False)
    kept_resolution = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)
    consent = forms.BooleanField(
        label=_(
            "I agree that the network processes the personal data in this application to "
            "decide on the membership."
        ),
        help_text=_(
            "The data of the people named are kept while the application is decided and for "
            "a year afterwards; the people who become the member's contacts are kept in the "
            "register as long as they hold their roles."
        ),
    )

    class Meta:
        model = MembershipApplication
        fields = APPLICANT_FIELDS
        widgets = {
            "resolution_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "name": _("Leave it empty if the IČO is in our register: we fill in the name."),
            "ico": _("Eight digits, e.g. 00260231."),
            "address": _("The office address, e.g. Hradební 1, 110 00 Praha 1."),
            "politician_position": _("e.g. mayor, councillor"),
            "coordinator_position": _("e.g. officer of the municipal office"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["ico"].widget.attrs.update({"inputmode": "numeric", "maxlength": 8})
        self.fields["region"].empty_label = _("Choose the region")
        for name, field in self.fields.items():
            if name.endswith("_phone"):
                field.validators.append(phone_validator)
                field.widget = forms.TextInput(attrs={"type": "tel", "maxlength": 30})
            if name.endswith("_email"):
                field.widget.attrs["autocomplete"] = "off"
        self.kept_name = ""

    def clean_kept_resolution(self):
        value = self.cleaned_data.get("kept_resolution")
        if not value:
            return ""
        try:
            return signing.loads(value, salt=KEPT_SALT, max_age=86_400)["name"]
        except (signing.BadSignature, KeyError, TypeError):
            return ""

    def clean(self):
        cleaned = super().clean()
        ico = cleaned.get("ico")
        if ico and not cleaned.get("name"):
            known = Member.objects.filter(ico=ico).values_list("name", flat=True).first()
            if known:
                cleaned["name"] = known
            else:
                self.add_error("name", _("Enter the name: this IČO is not in our register."))
        return cleaned

    def sign_kept(self, name: str) -> None:
        """Carry a stored valid PDF into the re-rendered form."""
        self.kept_name = name
        data = self.data.copy()
        data[self.add_prefix("kept_resolution")] = signing.dumps({"name": name}, salt=KEPT_SALT)
        self.data = data


class ApplicationDecisionForm(forms.Form):
    reason = CleanCharFormField(
        label=_("Reason (sent to the applicant)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
