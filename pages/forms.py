from django import forms
from django.utils.translation import gettext_lazy as _

from network_portal.uploads import ImageUploadField
from pages.models import Page


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
