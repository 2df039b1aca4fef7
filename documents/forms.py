from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents import services
from documents.models import Document
from network_portal.pdf_uploads import PdfUploadField


class DocumentAdminForm(forms.ModelForm):
    """A document in the admin, alone or inline on its event, project or page: the PDF comes
    only through ``upload`` (the shared upload policy), never as a stored name."""

    upload = PdfUploadField(label=_("PDF file"), required=False)

    class Meta:
        model = Document
        fields = [
            "title",
            "slug",
            "description",
            "status",
            "kind",
            "year",
            "language",
            "topics",
            "members",
            "project",
            "event",
            "page",
            "position",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and "year" in self.fields:
            self.fields["year"].initial = timezone.localdate().year
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("upload") and not self.instance.file and "upload" not in self.errors:
            self.add_error("upload", _("Choose the PDF file of the document."))
        return cleaned

    def save(self, commit=True):
        document = super().save(commit=False)
        if not document.slug:
            document.slug = services.document_slug(
                document.title_cs or document.title or "", exclude_pk=document.pk
            )
        upload = self.cleaned_data.get("upload")
        if upload:
            services.document_file_store(document=document, upload=upload)
        if commit:
            document.save()
            self.save_m2m()
        return document


class InlineDocumentForm(DocumentAdminForm):
    """An event's, project's or page's document: published at once unless staff say
    otherwise, as the attachments were."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["status"].initial = Document.Status.PUBLISHED
