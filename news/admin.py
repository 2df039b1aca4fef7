from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from network_portal.admin import (
    PreviewMixin,
    PublicationFilter,
    PublishedAtAdminMixin,
    TranslatedHistoryAdmin,
)
from news import services
from news.forms import ArticleAdminForm
from news.markup import render_markdown
from news.models import Article


@admin.register(Article)
class ArticleAdmin(PublishedAtAdminMixin, PreviewMixin, TranslatedHistoryAdmin):
    form = ArticleAdminForm
    preview_fields = {"body": render_markdown}
    list_display = ["title", "published_at", "publication_state", "author"]
    list_filter = [PublicationFilter, "topics", "projects"]
    search_fields = ["title_cs", "title_en", "slug"]
    autocomplete_fields = ["members", "events", "projects", "practices"]
    filter_horizontal = ["topics"]
    readonly_fields = ["author", "created_at", "updated_at", "image_preview"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title_cs",)}
    fieldsets = [
        (None, {"fields": ["title", "slug", "perex", "body"]}),
        (_("Main image"), {"fields": ["image_preview", "image_upload", "image_alt"]}),
        (_("Publication"), {"fields": ["published_at", "author", "created_at", "updated_at"]}),
        (_("Links"), {"fields": ["members", "events", "projects", "practices", "topics"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("image_upload")
        if upload:
            services.article_image_store(article=obj, upload=upload)
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)
