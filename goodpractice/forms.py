from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from goodpractice.models import Practice
from members.models import Member
from network_portal.pdf_uploads import PdfUploadField
from network_portal.uploads import ImageUploadField

TEXT_PAIRS = [("title_cs", "title_en"), ("summary_cs", "summary_en"), ("body_cs", "body_en")]


class PracticeForm(forms.ModelForm):
    """A coordinator's form: both languages side by side, classification, contacts, files."""

    new_image = ImageUploadField(label=_("Add an image"), required=False)
    new_image_alt = forms.CharField(
        label=_("Description of the new image"),
        max_length=250,
        required=False,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    new_attachment = PdfUploadField(label=_("Add a PDF attachment"), required=False)
    new_attachment_title = forms.CharField(
        label=_("Title of the attachment"), max_length=200, required=False
    )
    delete_images = forms.ModelMultipleChoiceField(
        label=_("Remove images"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    delete_attachments = forms.ModelMultipleChoiceField(
        label=_("Remove attachments"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Practice
        fields = [
            "title_cs",
            "title_en",
            "summary_cs",
            "summary_en",
            "body_cs",
            "body_en",
            "members",
            "partner_name",
            "country",
            "year_from",
            "year_to",
            "topic",
            "target_groups",
            "methods",
            "goals",
            "contact_name",
            "contact_email",
            "contact_phone",
            "links",
        ]
        labels = {
            "title_cs": _("Title in Czech"),
            "title_en": _("Title in English"),
            "summary_cs": _("Summary in Czech"),
            "summary_en": _("Summary in English"),
            "body_cs": _("Description in Czech"),
            "body_en": _("Description in English"),
        }
        widgets = {
            "summary_cs": forms.Textarea(attrs={"rows": 4}),
            "summary_en": forms.Textarea(attrs={"rows": 4}),
            "body_cs": forms.Textarea(attrs={"rows": 14}),
            "body_en": forms.Textarea(attrs={"rows": 14}),
            "links": forms.Textarea(attrs={"rows": 3}),
            "members": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "methods": forms.CheckboxSelectMultiple,
            "goals": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Member.objects.editable_by(user).order_by("name")
        for name in ("title_cs", "summary_cs"):
            self.fields[name].required = True
        for name in ("title_en", "summary_en", "body_en", "body_cs"):
            self.fields[name].required = False
        self.fields["summary_cs"].help_text = _("Two or three sentences for the list.")
        self.fields["summary_en"].help_text = _(
            "Leave the English empty if you have no translation; the network will add it."
        )
        self.fields["year_from"].widget.attrs.update(min=1990, max=2100)
        self.fields["year_to"].widget.attrs.update(min=1990, max=2100)
        # Removal boxes only for the files the example already has.
        for name, relation in (("delete_images", "images"), ("delete_attachments", "attachments")):
            existing = getattr(self.instance, relation).all() if self.instance.pk else None
            if existing is not None and existing:
                self.fields[name].queryset = existing
            else:
                del self.fields[name]

    def text_pairs(self):
        return [(self[czech], self[english]) for czech, english in TEXT_PAIRS]

    def clean_links(self):
        validate = URLValidator(schemes=["http", "https"])
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        for line in lines:
            try:
                validate(line)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("“%(link)s” is not a web address (it should start with https://)."),
                    params={"link": line[:100]},
                ) from error
        return "\n".join(lines)

    def clean(self):
        data = super().clean()
        if not data.get("members") and not data.get("partner_name"):
            self.add_error(
                "members",
                _("Choose the member the example comes from, or name the partner organisation."),
            )
        year_from, year_to = data.get("year_from"), data.get("year_to")
        if year_from and year_to and year_to < year_from:
            self.add_error("year_to", _("The period cannot end before it begins."))
        if data.get("new_image") and not data.get("new_image_alt"):
            self.add_error("new_image_alt", _("Describe the image for people who cannot see it."))
        return data

    @property
    def had_files(self):
        """Whether files were sent: a browser cannot keep them after a failed submission."""
        return bool(self.files)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the author"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What should the author change? They receive it by e-mail."),
    )
