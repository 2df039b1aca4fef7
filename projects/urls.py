from django.urls import path
from django.utils.translation import gettext_lazy as _

from network_portal.feeds import limited_feed
from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    path("rss/", limited_feed(views.ProjectRssFeed()), name="feed-rss"),
    path("atom/", limited_feed(views.ProjectAtomFeed()), name="feed-atom"),
    path("export.csv", views.export_csv, name="export-csv"),
    path("export.json", views.export_json, name="export-json"),
    path("<slug:slug>/", views.ProjectDetailView.as_view(), name="detail"),
    path(
        _("<slug:slug>/report.xlsx"), views.project_report, {"format": "xlsx"}, name="report-xlsx"
    ),
    path(_("<slug:slug>/report.csv"), views.project_report, {"format": "csv"}, name="report-csv"),
]
