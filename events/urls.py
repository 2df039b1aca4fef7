from django.urls import path
from django.utils.translation import gettext_lazy as _

from events.views import (
    attendance,
    certificates,
    coordination,
    event_pages,
    feeds,
    private_links,
    registration,
)
from network_portal.feeds import limited_feed

app_name = "events"

urlpatterns = [
    path("", event_pages.EventListView.as_view(), name="list"),
    path("calendar.ics", limited_feed(feeds.feed_ical), name="feed-ical"),
    path("rss/", limited_feed(feeds.EventRssFeed()), name="feed-rss"),
    path("export.csv", feeds.export_csv, name="export-csv"),
    path("export.json", feeds.export_json, name="export-json"),
    # Before the private links' patterns (registration/<token>/…), which would take these.
    path(_("registration/links/"), private_links.links, name="links"),
    path(_("registration/address/<str:token>/"), private_links.address, name="address"),
    path(
        _("registration/address/<str:token>/my-data.json"),
        private_links.address_json,
        name="address-json",
    ),
    path(
        _("registration/address/<str:token>/delete/"),
        private_links.address_delete,
        name="address-delete",
    ),
    path(_("registration/<str:token>/"), private_links.manage, name="manage"),
    path(
        _("registration/<str:token>/calendar.ics"),
        private_links.manage_calendar,
        name="manage-ical",
    ),
    path(_("registration/<str:token>/offer/<int:pk>/"), private_links.offer, name="offer"),
    path(_("registration/<str:token>/my-data/"), private_links.manage_data, name="manage-data"),
    path(
        _("registration/<str:token>/my-data.json"),
        private_links.manage_data_json,
        name="manage-data-json",
    ),
    path(_("registration/<str:token>/delete/"), private_links.manage_delete, name="manage-delete"),
    path(_("my-registrations/"), private_links.mine, name="mine"),
    path(_("our-registrations/"), coordination.member_registrations, name="member-registrations"),
    path(
        _("our-registrations/<int:pk>/"),
        coordination.member_registration,
        name="member-registration",
    ),
    path(_("certificate/"), certificates.certificate_find, name="certificate-find"),
    path(_("certificate/<str:code>/"), certificates.certificate_verify, name="certificate"),
    path(
        _("certificate/<str:code>/pdf/<str:key>/"),
        certificates.certificate_pdf,
        name="certificate-pdf",
    ),
    path("<slug:slug>/", event_pages.EventDetailView.as_view(), name="detail"),
    path("<slug:slug>/calendar.ics", feeds.event_calendar, name="detail-ical"),
    path(_("<slug:slug>/register/"), registration.register, name="register"),
    path(
        _("<slug:slug>/register-colleagues/"), coordination.register_colleagues, name="colleagues"
    ),
    path(_("<slug:slug>/attendance/"), attendance.attendance, name="attendance"),
    path(_("<slug:slug>/attendance/<int:part>/"), attendance.check_in, name="check-in"),
    path(_("<slug:slug>/attendance/export.<str:fmt>"), attendance.export, name="attendance-export"),
    path(
        _("<slug:slug>/attendance/certificates/"),
        certificates.certificates_issue,
        name="certificates-issue",
    ),
    path(
        _("<slug:slug>/attendance/certificates/sample.pdf"),
        certificates.certificate_sample,
        name="certificate-sample",
    ),
]
