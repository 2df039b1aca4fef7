from django import forms
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Member, Person
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
