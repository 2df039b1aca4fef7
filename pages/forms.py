from django import forms
from django.utils.translation import gettext_lazy as _

from network_portal.pdf_uploads import validate_pdf_upload
from network_portal.uploads import ImageUploadField
from pages.models import Page, PageAttachment


class PageAdminForm(forms.ModelForm):
    image_upload = ImageUploadField(label=_("New main image"), required=False)

    class Meta:
        model = Page
        # The stored image is replaced only through image_upload (validated, re-encoded).
        fields = [
            "parent",
            "position",
            "title",
            "slug",
            "lead",
            "body",
            "image_alt",
            "published_at",
            "show_in_navigation",
        ]


class AttachmentAdminForm(forms.ModelForm):
    class Meta:
        model = PageAttachment
        fields = ["title", "file", "position"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            validate_pdf_upload(upload)
            self.instance.size = upload.size
        return upload
