"""The admin site keeps its list of applications per set of permissions and language
(``network_portal.adminsite``), and the sidebar drawn from it (``{% kept_app_list %}``): the
list must be the one Django builds for each user and change when a permission does, the
sidebar must be Django's on every page, and the model admins must not decide permissions from
anything but the user's permissions."""

import inspect
import re
from pathlib import Path

import django
import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite, ModelAdmin
from django.contrib.admin.options import BaseModelAdmin, InlineModelAdmin
from django.contrib.auth.models import Permission
from django.template import RequestContext, Template
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PERMISSION_METHODS = [
    "has_module_permission", "has_view_permission", "has_add_permission",
    "has_change_permission", "has_delete_permission",
]  # fmt: skip


def _request(user):
    request = RequestFactory().get("/cs/sprava/")
    request.user = user
    return request


def _djangos_list(user):
    return AdminSite.get_app_list(admin.site, _request(user))


def _names(app_list):
    return [
        (str(app["name"]), [(str(model["name"]), model["admin_url"], model["add_url"],
                             model["perms"]) for model in app["models"]])
        for app in app_list
    ]  # fmt: skip


@pytest.mark.parametrize("language", ["cs", "en"])
def test_the_kept_list_is_djangos_for_each_user(admin_user, staff_user, language):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_event"))
    with translation.override(language):
        for user in (admin_user, staff_user, viewer):
            for _attempt in range(2):  # built, then kept
                assert _names(admin.site.get_app_list(_request(user))) == _names(
                    _djangos_list(user)
                )


def test_a_new_permission_changes_the_list(staff_user):
    viewer = UserFactory(is_staff=True)
    before = _names(admin.site.get_app_list(_request(viewer)))
    assert before == []
    viewer.user_permissions.add(Permission.objects.get(codename="view_event"))
    viewer = type(viewer).objects.get(pk=viewer.pk)  # the permissions are read afresh
    after = admin.site.get_app_list(_request(viewer))
    assert [model["object_name"] for app in after for model in app["models"]] == ["Event"]


def test_a_caller_changing_its_list_changes_no_other(admin_user):
    first = admin.site.get_app_list(_request(admin_user))
    first[0]["models"].clear()
    assert admin.site.get_app_list(_request(admin_user))[0]["models"]


def _overrides():
    for model_admin in admin.site._registry.values():
        classes = [type(model_admin), *(inline for inline in model_admin.inlines)]
        for cls in classes:
            for name in PERMISSION_METHODS:
                method = getattr(cls, name, None)
                owner = next((base for base in cls.__mro__ if name in vars(base)), None)
                if owner in (BaseModelAdmin, ModelAdmin, InlineModelAdmin) or method is None:
                    continue
                yield f"{owner.__module__}.{owner.__qualname__}.{name}", method


def test_permissions_are_decided_by_the_users_permissions_alone():
    """Every override of a permission method reads at most ``request.user`` of the request:
    what the kept list depends on."""
    found = dict(_overrides())
    assert found, "the portal's admins override some permissions"
    for name, method in found.items():
        body = inspect.getsource(method).split(":", 1)[1]
        assert not re.search(r"request\.(?!user\b)", body), name


DJANGOS_SIDEBAR = (
    Path(django.__file__).parent / "contrib" / "admin" / "templates" / "admin" / "nav_sidebar.html"
)


@pytest.mark.parametrize("language", ["cs", "en"])
def test_the_kept_sidebar_is_djangos_on_every_page(admin_user, staff_user, language):
    """The sidebar drawn once and kept (``{% kept_app_list %}``) is Django's, page after page:
    each page marks its own app and model as current, whichever page was drawn before."""
    djangos = Template(DJANGOS_SIDEBAR.read_text())
    ours = get_template("admin/nav_sidebar.html")
    with translation.override(language):
        paths = [
            reverse("admin:index"),
            reverse("admin:events_event_changelist"),
            reverse("admin:goodpractice_practice_changelist"),
            reverse("admin:events_event_changelist"),
            reverse("admin:events_event_change", args=[7]),
            reverse("admin:events_event_add"),
            reverse("admin:app_list", args=["events"]),
        ]
        for user in (admin_user, staff_user, admin_user):
            for path in paths:
                request = RequestFactory().get(path)
                request.user = user
                context = {"available_apps": admin.site.get_app_list(request)}
                expected = djangos.render(RequestContext(request, context))
                assert ours.render(context, request) == expected, (user, path)
