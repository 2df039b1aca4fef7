"""The quick admin lists draw their rows themselves (``network_portal.adminlists.result_rows``):
the markup must be Django's own, cell for cell, in both languages, with and without filters
kept in the rows' links, and for text that needs escaping; and each list runs as many queries
for more records."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import results
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from events.services.registration import registration_create
from network_portal.adminlists import QuickListMixin, result_rows
from tests.events.factories import EventFactory, EventPartFactory
from tests.goodpractice.factories import GPMemberFactory, PracticeFactory

pytestmark = pytest.mark.django_db

QUICK_ADMINS = sorted(
    (model_admin for model_admin in admin.site._registry.values()
     if isinstance(model_admin, QuickListMixin)),
    key=lambda model_admin: model_admin.opts.label,
)  # fmt: skip


def _add_records(count, first=0):
    member = GPMemberFactory(name=f"Město <b>Tachov</b> & okolí {first}")
    for number in range(first, first + count):
        event = EventFactory(
            title_cs=f"Setkání & <i>škola</i> {number}",
            title_en="" if number else "Meeting & school",
            start=timezone.now() + timedelta(days=5 + number),
        )
        part = EventPartFactory(event=event)
        registration_create(
            event=event, parts=[part], name=f"Jana <script>{number}</script>",
            email=f"jana-{number}@example.org",
        )  # fmt: skip
        PracticeFactory(members=[member], title_cs=f"Park & <u>zahrada</u> {number}", title_en="")
    PracticeFactory(status="draft", published_at=None)


@pytest.fixture
def records():
    _add_records(3)


def _changelist(model_admin, user, query):
    request = RequestFactory().get(f"/cs/sprava/{model_admin.opts.app_label}/?{query}")
    request.user = user
    changelist = model_admin.get_changelist_instance(request)
    changelist.formset = None  # as the changelist view sets it without editable columns
    return changelist


@pytest.mark.parametrize("language", ["cs", "en"])
@pytest.mark.parametrize("query", ["", "o=-2&q=a", "o=3&_popup=1"])
@pytest.mark.parametrize(
    "model_admin", QUICK_ADMINS, ids=[model_admin.opts.label for model_admin in QUICK_ADMINS]
)
def test_rows_are_djangos_markup(records, admin_user, model_admin, query, language):
    with translation.override(language):
        changelist = _changelist(model_admin, admin_user, query)
        django_rows = ["".join(row) for row in results(changelist)]
        quick_rows = ["".join(row) for row in result_rows(changelist)]
    assert quick_rows == django_rows
    assert len(quick_rows) == len(changelist.result_list)


def test_every_quick_list_has_rows_to_compare(records, admin_user):
    """The comparison above is not of empty lists."""
    assert len(QUICK_ADMINS) >= 4
    for model_admin in QUICK_ADMINS:
        assert _changelist(model_admin, admin_user, "").result_list, model_admin


@pytest.mark.parametrize(
    "model_admin", QUICK_ADMINS, ids=[model_admin.opts.label for model_admin in QUICK_ADMINS]
)
def test_each_list_runs_as_many_queries_for_more_records(client, staff_user, model_admin):
    """Pinned at two sizes (issue 25): three records of each kind, then nine."""
    client.force_login(staff_user)
    url = reverse(f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_changelist")
    _add_records(3)
    client.get(url)  # the first request of a session reads what later ones keep

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    _add_records(6, first=3)
    assert queries() == few
