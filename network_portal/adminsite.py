"""The portal's admin site: Django's, with the list of applications and models (the sidebar of
every admin page, and the index) built once per set of permissions and language rather than
on every page (issue 25: about a twelfth of an admin list's time went to it).

The list depends on the user's permissions alone: every ``has_*_permission`` of the portal's
model admins reads only the user's permissions or answers the same for everybody (the test
``test_admin_site.py`` holds that for each registered admin)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import get_script_prefix
from django.utils.translation import get_language

from network_portal.recent import Recent


class PortalAdminSite(admin.AdminSite):
    APP_LISTS_KEPT = 64

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._app_lists = Recent(self.APP_LISTS_KEPT)

    def get_app_list(self, request, app_label=None):
        user = request.user
        # An active superuser has every permission without reading them (no query).
        everything = user.is_active and user.is_superuser
        permissions = frozenset() if everything else frozenset(user.get_all_permissions())
        key = (app_label, get_language(), get_script_prefix(), user.is_active)
        key += (user.is_superuser, permissions)
        app_list = self._app_lists.get_or_make(
            key, lambda: super(PortalAdminSite, self).get_app_list(request, app_label)
        )
        # A copy: a caller may change what it is given (Django sorts the models in place).
        return [{**app, "models": [dict(model) for model in app["models"]]} for app in app_list]


class PortalAdminConfig(AdminConfig):
    """``django.contrib.admin`` (in ``INSTALLED_APPS``) with the portal's site."""

    default_site = "network_portal.adminsite.PortalAdminSite"
