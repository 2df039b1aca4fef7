from django.urls import path
from django.utils.translation import gettext_lazy as _

from events import registrant, staff, views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("calendar.ics", views.feed_ical, name="feed-ical"),
    path("rss/", views.EventRssFeed(), name="feed-rss"),
    path("export.csv", views.export_csv, name="export-csv"),
    path("export.json", views.export_json, name="export-json"),
    path(_("registration/<str:token>/"), views.manage, name="manage"),
    path(_("registration/<str:token>/calendar.ics"), views.manage_calendar, name="manage-ical"),
    path(_("registration/<str:token>/offer/<int:pk>/"), views.offer, name="offer"),
    path(_("registration/<str:token>/my-data/"), registrant.manage_data, name="manage-data"),
    path(
        _("registration/<str:token>/my-data.json"),
        registrant.manage_data_json,
        name="manage-data-json",
    ),
    path(_("registration/<str:token>/delete/"), registrant.manage_delete, name="manage-delete"),
    path(_("certificate/<str:code>/"), registrant.certificate_verify, name="certificate"),
    path(
        _("certificate/<str:code>/pdf/<str:key>/"),
        registrant.certificate_pdf,
        name="certificate-pdf",
    ),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("<slug:slug>/calendar.ics", views.event_calendar, name="detail-ical"),
    path(_("<slug:slug>/register/"), views.register, name="register"),
    path(_("<slug:slug>/register-colleagues/"), views.register_colleagues, name="colleagues"),
    path(_("<slug:slug>/attendance/"), staff.attendance, name="attendance"),
    path(_("<slug:slug>/attendance/<int:part>/"), staff.check_in, name="check-in"),
    path(_("<slug:slug>/attendance/export.<str:fmt>"), staff.export, name="attendance-export"),
    path(
        _("<slug:slug>/attendance/certificates/"),
        staff.certificates_issue,
        name="certificates-issue",
    ),
]
