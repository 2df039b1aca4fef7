from django.urls import path
from django.utils.translation import gettext_lazy as _

from goodpractice import views
from network_portal.feeds import limited_feed

app_name = "goodpractice"

urlpatterns = [
    path("", views.PracticeListView.as_view(), name="list"),
    path("rss/", limited_feed(views.PracticeRssFeed()), name="feed-rss"),
    path("atom/", limited_feed(views.PracticeAtomFeed()), name="feed-atom"),
    path("export.csv", views.export_csv, name="export-csv"),
    path("export.json", views.export_json, name="export-json"),
    path(_("my-examples/"), views.my_practices, name="mine"),
    path(_("new/"), views.practice_create, name="create"),
    path("<slug:slug>/", views.PracticeDetailView.as_view(), name="detail"),
    path(_("<slug:slug>/edit/"), views.practice_edit, name="edit"),
    path(_("<slug:slug>/submit/"), views.practice_submit, name="submit"),
    path(_("<slug:slug>/attachments/<int:pk>/"), views.attachment_download, name="attachment"),
]
