from django.urls import path
from django.utils.translation import gettext_lazy as _

from documents import views
from network_portal.feeds import limited_feed

app_name = "documents"

urlpatterns = [
    path("", views.DocumentListView.as_view(), name="list"),
    path("rss/", limited_feed(views.DocumentRssFeed()), name="feed-rss"),
    path("atom/", limited_feed(views.DocumentAtomFeed()), name="feed-atom"),
    path("export.csv", views.export_csv, name="export-csv"),
    path("export.json", views.export_json, name="export-json"),
    path("<slug:slug>/", views.DocumentDetailView.as_view(), name="detail"),
    path(_("<slug:slug>/file.pdf"), views.document_file, name="file"),
]
