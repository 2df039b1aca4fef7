from django.urls import path
from django.utils.translation import pgettext_lazy

from members import views

app_name = "members"

# Fixed paths come before "<slug>/"; their segments are translated like the section's own.
urlpatterns = [
    path("", views.MemberListView.as_view(), name="list"),
    path("export.csv", views.member_export_csv, name="export-csv"),
    path("export.json", views.member_export_json, name="export-json"),
    path(pgettext_lazy("URL", "my-municipality/"), views.my_members, name="mine"),
    path(
        pgettext_lazy("URL", "invitation/<uidb64>/<token>/"),
        views.invitation,
        name="invitation",
    ),
    path(pgettext_lazy("URL", "membership/"), views.membership, name="membership"),
    path(pgettext_lazy("URL", "membership/apply/"), views.apply, name="apply"),
    path(pgettext_lazy("URL", "membership/ico/<str:ico>/"), views.ico_lookup, name="ico-lookup"),
    path(pgettext_lazy("URL", "membership/thank-you/"), views.apply_thanks, name="apply-thanks"),
    path(
        pgettext_lazy("URL", "membership/application/<str:token>/"),
        views.application_correct,
        name="application-correct",
    ),
    path("<slug:slug>/", views.MemberDetailView.as_view(), name="detail"),
    path(pgettext_lazy("URL", "<slug:slug>/edit/"), views.member_edit, name="edit"),
]
