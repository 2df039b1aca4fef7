from django.urls import path
from django.utils.translation import gettext_lazy as _

from events import coordination, registrant, staff, views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("calendar.ics", views.feed_ical, name="feed-ical"),
    path("rss/", views.EventRssFeed(), name="feed-rss"),
    path("export.csv", views.export_csv, name="export-csv"),
    path("export.json", views.export_json, name="export-json"),
    # Before the private links' patterns (registration/<token>/…), which would take these.
    path(_("registration/links/"), registrant.links, name="links"),
    path(_("registration/address/<str:token>/"), registrant.address, name="address"),
    path(
        _("registration/address/<str:token>/my-data.json"),
        registrant.address_json,
        name="address-json",
    ),
    path(
        _("registration/address/<str:token>/delete/"),
        registrant.address_delete,
        name="address-delete",
    ),
    path(_("registration/<str:token>/"), registrant.manage, name="manage"),
    path(
        _("registration/<str:token>/calendar.ics"), registrant.manage_calendar, name="manage-ical"
    ),
    path(_("registration/<str:token>/offer/<int:pk>/"), registrant.offer, name="offer"),
    path(_("registration/<str:token>/my-data/"), registrant.manage_data, name="manage-data"),
    path(
        _("registration/<str:token>/my-data.json"),
        registrant.manage_data_json,
        name="manage-data-json",
    ),
    path(_("registration/<str:token>/delete/"), registrant.manage_delete, name="manage-delete"),
    path(_("my-registrations/"), registrant.mine, name="mine"),
    path(_("our-registrations/"), coordination.member_registrations, name="member-registrations"),
    path(
        _("our-registrations/<int:pk>/"),
        coordination.member_registration,
        name="member-registration",
    ),
    path(_("certificate/"), registrant.certificate_find, name="certificate-find"),
    path(_("certificate/<str:code>/"), registrant.certificate_verify, name="certificate"),
    path(
        _("certificate/<str:code>/pdf/<str:key>/"),
        registrant.certificate_pdf,
        name="certificate-pdf",
    ),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("<slug:slug>/calendar.ics", views.event_calendar, name="detail-ical"),
    path(_("<slug:slug>/register/"), registrant.register, name="register"),
    path(
        _("<slug:slug>/register-colleagues/"), coordination.register_colleagues, name="colleagues"
    ),
    path(_("<slug:slug>/attendance/"), staff.attendance, name="attendance"),
    path(_("<slug:slug>/attendance/<int:part>/"), staff.check_in, name="check-in"),
    path(_("<slug:slug>/attendance/export.<str:fmt>"), staff.export, name="attendance-export"),
    path(
        _("<slug:slug>/attendance/certificates/"),
        staff.certificates_issue,
        name="certificates-issue",
    ),
    path(
        _("<slug:slug>/attendance/certificates/sample.pdf"),
        staff.certificate_sample,
        name="certificate-sample",
    ),
]
