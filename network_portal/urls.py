from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from network_portal import sections, views
from network_portal.uploads import serve_upload

# One login page for everybody: the admin's own login form goes through allauth, so the
# same lockout rules and the same site layout apply.
admin.site.login = login_required(admin.site.login)
admin.site.site_header = _("Healthy Cities Network – administration")
admin.site.site_title = _("Healthy Cities Network")
admin.site.index_title = _("Administration")

handler400 = "network_portal.views.bad_request"
handler403 = "network_portal.views.permission_denied"
handler404 = "network_portal.views.page_not_found"
handler500 = "network_portal.views.server_error"

urlpatterns = [
    path("", views.root_redirect, name="root"),
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path(_("accessibility/"), views.accessibility_statement, name="accessibility"),
    path(_("privacy/"), views.PrivacyView.as_view(), name="privacy"),
    path(_("search/"), views.site_search, name="search"),
    path(_("account/"), include("allauth.urls")),
    # The staff's own pages inside the administration (the dashboard), before the admin's.
    path(settings.ADMIN_URL, include("workspace.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
    # The sections: each registers its pages under a translated path (network_portal.sections).
    *(
        path(section.path, include(section.urls))
        for section in sections.all_sections()
        if section.urls
    ),
)

if settings.DEBUG or settings.SERVE_MEDIA:
    # Uploads are stored under random names (images re-encoded, PDFs inspected) and served
    # sandboxed (see serve_upload), so letting Django serve them is acceptable for a small
    # deployment without a reverse proxy in front. A proxy serving MEDIA_ROOT itself must add
    # the same headers (uploads.UPLOAD_CSP, nosniff, attachment for anything but images).
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            serve_upload,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
