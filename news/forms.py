from django import forms
from django.utils.translation import gettext_lazy as _

from network_portal.uploads import ImageUploadField
from news.models import Article


class ArticleAdminForm(forms.ModelForm):
    image_upload = ImageUploadField(label=_("New main image"), required=False)

    class Meta:
        model = Article
        # The stored image is replaced only through image_upload (validated, re-encoded).
        fields = [
            "title",
            "slug",
            "perex",
            "body",
            "image_alt",
            "published_at",
            "members",
            "projects",
            "practices",
            "topics",
        ]
