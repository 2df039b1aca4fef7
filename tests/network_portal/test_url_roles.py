"""Every URL pattern for every role: the table in url_roles.py, checked against the portal.

A pattern without an entry fails the coverage test (and the test of that test shows it);
each pattern's cases are requested in both languages as an anonymous visitor, a coordinator
of member A, a coordinator of member B and network staff; every URL that takes a
state-changing form refuses it without a CSRF token and with another session's token.
"""

from __future__ import annotations

import copy
import importlib.util
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from django.test import Client, RequestFactory, override_settings
from django.urls import clear_url_caches, reverse
from django.utils import translation

from tests.network_portal import url_roles
from tests.network_portal.url_roles import (
    ADMIN,
    ADMIN_APP_INDEX,
    ADMIN_CATCH_ALL,
    ADMIN_LOGIN,
    BAD_REQUEST,
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    ROLES,
    URLS,
    Case,
    Pattern,
    admin_rule,
    is_admin_object_redirect,
)

pytestmark = pytest.mark.django_db
LANGUAGES = ("cs", "en")
SERVING_MEDIA = "tests.network_portal._urls_serving_media"


def urlconf_serving_media():
    """The portal's own URLconf as production builds it with DJANGO_SERVE_MEDIA set (built
    again on each call: the media route holds the MEDIA_ROOT of the moment)."""
    spec = importlib.util.find_spec("network_portal.urls")
    module = importlib.util.module_from_spec(spec)
    login = admin.site.login
    with override_settings(SERVE_MEDIA=True):
        spec.loader.exec_module(module)
    # Loading the module again must not wrap the admin's login a second time.
    admin.site.login = login
    sys.modules[SERVING_MEDIA] = module
    clear_url_caches()
    return SERVING_MEDIA


def all_patterns(urlconf=None) -> dict[str, list[Pattern]]:
    """The patterns of ``urlconf`` walked in each language (the routes are translated)."""
    found = {}
    with override_settings(ROOT_URLCONF=urlconf or settings.ROOT_URLCONF):
        clear_url_caches()
        for language in LANGUAGES:
            with translation.override(language):
                found[language] = list(url_roles.walk())
    clear_url_caches()
    return found


def _described(patterns) -> str:
    return "\n".join(f"  {p.route}  (name={p.name}, view={p.view})" for p in patterns)


# --- coverage ------------------------------------------------------------------------------
def test_every_url_pattern_has_an_entry_in_the_table():
    """Each pattern of the URLconf, in both languages and with media served, has an entry."""
    missing = []
    for urlconf in (None, urlconf_serving_media()):
        for patterns in all_patterns(urlconf).values():
            missing += [p for p in url_roles.uncovered(patterns) if p not in missing]
    assert not missing, (
        "URL patterns without an entry in tests/network_portal/url_roles.py (add what each "
        "role may see there):\n" + _described(missing)
    )


def test_every_entry_of_the_table_names_a_pattern():
    """No stale entry: every key of the table is a pattern the portal has."""
    keys = set()
    for urlconf in (None, urlconf_serving_media()):
        for patterns in all_patterns(urlconf).values():
            keys |= {pattern.key for pattern in patterns}
    stale = sorted(set(URLS) - keys)
    assert not stale, f"Entries in url_roles.URLS for patterns the portal does not have: {stale}"


def test_a_new_pattern_without_an_entry_fails_the_coverage_check():
    """The test of the test: one unguarded page added inside and one outside the language
    prefix are both reported, and nothing else is."""
    missing = []
    for patterns in all_patterns("tests.network_portal.unguarded_urls").values():
        missing += url_roles.uncovered(patterns)
    assert {pattern.key for pattern in missing} == {"unguarded-inside", "unguarded-outside"}
    assert len(missing) == 2 * len(LANGUAGES)
    with (
        pytest.raises(AssertionError, match="unguarded"),
        override_settings(ROOT_URLCONF="tests.network_portal.unguarded_urls"),
    ):
        test_every_url_pattern_has_an_entry_in_the_table()


def test_an_unregistered_admin_view_is_not_covered_by_the_admin_rules():
    """The admin rules cover a registered model's standard pages, not any admin name."""
    assert admin_rule("admin:goodpractice_practice_change") is not None
    assert admin_rule("admin:goodpractice_practice_publish") is None
    assert admin_rule("admin:nothing_here_change") is None


# --- each role -------------------------------------------------------------------------------
@dataclass
class Check:
    """One request of the role test: the URL, the method and data, the outcome per role."""

    key: str
    label: str
    url: str
    expect: dict[str, str]
    method: str = "get"
    data: dict | None = None


def _outcome(response, language) -> str:
    status = response.status_code
    if status in (301, 302):
        location = response["Location"]
        with translation.override(language):
            if location.startswith(reverse("account_login")):
                return LOGIN
            if location.startswith(reverse("admin:login")):
                return ADMIN_LOGIN
        return REDIRECT
    return {
        200: OK,
        400: BAD_REQUEST,
        403: FORBIDDEN,
        404: NOT_FOUND,
        405: NOT_ALLOWED,
    }.get(status, f"status {status}")


def _case_url(key: str, case: Case, world) -> str:
    if key == "network_portal.uploads.serve_upload":
        return settings.MEDIA_URL + case.kwargs(world)["path"]
    url = reverse(key, kwargs=case.kwargs(world) or None)
    return f"{url}?{case.query}" if case.query else url


def _admin_request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def _admin_object(model_admin, world):
    model = model_admin.model
    preferred = {
        "user": world.coordinator_a,
        "member": world.member_a,
        "practice": world.draft,
        "event": world.event,
        "article": world.article,
        "project": world.project,
    }.get(model._meta.model_name)
    if preferred is not None and isinstance(preferred, model):
        return preferred
    record = model._default_manager.order_by("pk").first()
    assert record is not None, (
        f"No {model._meta.label} in the world: create one in url_roles.build_world so the "
        "admin's pages of that model are checked with a real record."
    )
    return record


def _admin_checks(pattern: Pattern, world) -> Iterator[Check]:
    staff = _admin_request(world.staff)
    if is_admin_object_redirect(pattern):
        # "<app>/<model>/<id>/": the admin's old address of an object, redirected for staff.
        app_label, model_name = pattern.route.split("/")[-4:-2]
        from django.apps import apps

        model_admin = admin.site._registry[apps.get_model(app_label, model_name)]
        record = _admin_object(model_admin, world)
        change = reverse(f"admin:{app_label}_{model_name}_change", kwargs={"object_id": record.pk})
        url = change.removesuffix("change/")
        yield Check(pattern.key, "object redirect", url, {**ADMIN, "staff": REDIRECT})
        return
    if pattern.key == ADMIN_APP_INDEX:
        for label in sorted({model._meta.app_label for model in admin.site._registry}):
            allowed = OK if world.staff.has_module_perms(label) else NOT_FOUND
            url = reverse("admin:app_list", kwargs={"app_label": label})
            yield Check(pattern.key, label, url, {**ADMIN, "staff": allowed})
        return
    if pattern.key == ADMIN_CATCH_ALL:
        url = reverse("admin:index") + "neni-tu-nic/"
        yield Check(pattern.key, "catch-all", url, {**ADMIN, "staff": NOT_FOUND})
        return
    view = admin_rule(pattern.key)
    model_admin = view.model_admin
    record = _admin_object(model_admin, world)
    name = view.view
    if name in ("changelist", "add", "import", "process_import", "export"):
        url = reverse(pattern.key)
        record = None
    elif name == "simple_history":
        history = record.history.order_by("-history_id").first()
        assert history is not None, f"{record!r} has no history record"
        url = reverse(pattern.key, args=[record.pk, history.history_id])
    else:
        url = reverse(pattern.key, kwargs={"object_id": record.pk})
    allowed = {
        "changelist": lambda: model_admin.has_view_or_change_permission(staff),
        "add": lambda: model_admin.has_add_permission(staff),
        "change": lambda: model_admin.has_view_or_change_permission(staff, record),
        "history": lambda: model_admin.has_view_or_change_permission(staff, record),
        "simple_history": lambda: model_admin.has_view_or_change_permission(staff, record),
        "delete": lambda: model_admin.has_delete_permission(staff, record),
        "import": lambda: model_admin.has_import_permission(staff),
        "process_import": lambda: model_admin.has_import_permission(staff),
        "export": lambda: model_admin.has_export_permission(staff),
    }[name]()
    staff_outcome = OK if allowed else FORBIDDEN
    if name == "process_import" and allowed:
        staff_outcome = NOT_ALLOWED  # a POST of the import's confirmation form only
    yield Check(pattern.key, name, url, {**ADMIN, "staff": staff_outcome})


def checks(patterns, world) -> Iterator[Check]:
    """The requests that check each of ``patterns`` (the active language's routes)."""
    for pattern in patterns:
        entry = URLS.get(pattern.key)
        if entry is None:
            yield from _admin_checks(pattern, world)
            continue
        for number, case in enumerate(entry.cases):
            yield Check(
                pattern.key,
                case.label or f"case {number + 1}",
                _case_url(pattern.key, case, world),
                dict(case.expect),
                case.method,
                dict(case.data(world)),
            )


def _request(client, check: Check):
    """The request inside a savepoint that is rolled back: no role sees another's changes
    (the client's cookies are put back too, so a page that logs out ends only this request)."""
    cookies = copy.deepcopy(client.cookies)
    # The locale middleware activates the language of each URL: keep the test's own.
    with transaction.atomic(), translation.override(translation.get_language()):
        if check.method == "post":
            response = client.post(check.url, check.data)
        else:
            response = client.get(check.url)
        transaction.set_rollback(True)
    client.cookies = cookies
    if response.streaming:
        _close(response)
    return response


def _close(response):
    """Close a streamed response (its open file) without the request_finished handler that
    would close the test's database connection."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_url_answers_each_role_as_the_table_says(world, clients, language):
    """Every pattern, every case, every role: the outcome the table expects."""
    urlconf = urlconf_serving_media()
    wrong, count = [], 0
    with override_settings(ROOT_URLCONF=urlconf), translation.override(language):
        clear_url_caches()
        patterns = list(url_roles.walk())
        for check in checks(patterns, world):
            for role in ROLES:
                response = _request(clients[role], check)
                got = _outcome(response, language)
                count += 1
                if got != check.expect[role]:
                    where = response.get("Location", "")
                    wrong.append(
                        f"  {check.key} [{check.label}] {check.method.upper()} {check.url} as "
                        f"{role}: expected {check.expect[role]}, got {got} {where}".rstrip()
                    )
    clear_url_caches()
    assert count > 4 * len(patterns)
    assert not wrong, f"{len(wrong)} of {count} answers differ from url_roles:\n" + "\n".join(wrong)


# --- CSRF -----------------------------------------------------------------------------------
ADMIN_FORM_VIEWS = {"changelist", "add", "change", "delete", "simple_history", "import"}
REACHES = (OK, REDIRECT, NOT_ALLOWED)


def post_checks(patterns, world) -> Iterator[tuple[Check, str]]:
    """(check, role) for each URL taking a state-changing form and a role that reaches it."""
    for pattern in patterns:
        entry = URLS.get(pattern.key)
        if entry is not None and not entry.post:
            continue
        if entry is None:
            view = admin_rule(pattern.key)
            if view is None or view.view not in ADMIN_FORM_VIEWS:
                continue
        for check in checks([pattern], world):
            for role in ROLES:
                if check.expect[role] in REACHES:
                    yield check, role
                    break


def _csrf_token(client, language) -> str:
    with translation.override(language):
        client.get(reverse("accessibility"))
    return client.cookies[settings.CSRF_COOKIE_NAME].value


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_state_changing_form_refuses_a_missing_or_foreign_csrf_token(world, language):
    """Every POST endpoint, as a role that reaches it: no token, or another session's token,
    is the CSRF failure page (403), and the view never runs."""
    foreign = _csrf_token(Client(enforce_csrf_checks=True), language)
    clients = {}  # one session per role, each with a token of its own
    for role in ROLES:
        clients[role] = Client(enforce_csrf_checks=True)
        if role != "anonymous":
            clients[role].force_login(getattr(world, role))
        assert _csrf_token(clients[role], language) != foreign
    accepted, count = [], 0
    with override_settings(ROOT_URLCONF=urlconf_serving_media()), translation.override(language):
        clear_url_caches()
        patterns = list(url_roles.walk())
        for check, role in post_checks(patterns, world):
            client = clients[role]
            for label, data in (("no token", {}), ("foreign", {"csrfmiddlewaretoken": foreign})):
                response = _request(client, Check(check.key, label, check.url, {}, "post", data))
                count += 1
                if response.status_code != 403 or not response.context.get("csrf_failure"):
                    accepted.append(
                        f"  {check.key} POST {check.url} as {role} with {label}: "
                        f"{response.status_code}"
                    )
    clear_url_caches()
    assert count >= 2 * 40
    assert not accepted, "Forms accepted without a valid CSRF token:\n" + "\n".join(accepted)
