"""Two app servers over one database: two gunicorn processes on their own ports, each with its
own memory, in front of the test database and the shared cache. A visitor moves between them
as a load balancer would send them: sessions, login lockouts, rate limits, cached pages and
the task queue must hold across both."""

import re
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.core.cache import cache
from django.db import connection
from procrastinate.contrib.django.models import ProcrastinateJob

from bench.server import database_url, gunicorn
from members.models import Member
from tests.events.factories import EventPartFactory
from tests.factories import PASSWORD, MemberFactory, UserFactory
from tests.members.test_edit import form_data as member_form_data

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.pagecache,
]

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Both servers sit behind one public name, as behind a load balancer.
HOST = "localhost"


class Browser:
    """One visitor: a cookie jar shared by both servers (cookies ignore the port)."""

    def __init__(self):
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, url, data=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers={"Host": HOST})  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def post_form(self, page_url, post_url, data):
        """Open the form (for its CSRF token) and send it."""
        _status, _headers, html = self.request(page_url)
        return self.request(post_url, {**data, "csrfmiddlewaretoken": TOKEN.search(html)[1]})


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def servers():
    cache.clear()
    env = {
        "DATABASE_URL": database_url(connection.settings_dict),
        "DJANGO_LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "network_portal.settings.test",
    }
    with gunicorn(env, workers=1) as one, gunicorn(env, workers=1) as two:
        yield one, two


LOGIN = "/cs/ucet/login/"


def test_two_servers_share_sessions_lockouts_limits_cache_and_jobs(servers):
    one, two = servers
    member = MemberFactory(slug="tachov", description_cs="Popis před úpravou.")
    coordinator = UserFactory(email="koordinator@example.org")
    member.coordinators.add(coordinator)

    # Cached pages: what one server stored, the other serves.
    profile = "/cs/clenove/tachov/"
    status, headers, html = Browser().request(one + profile)
    assert status == 200 and headers["X-Page-Cache"] == "miss"
    status, headers, html = Browser().request(two + profile)
    assert headers["X-Page-Cache"] == "hit" and "Popis před úpravou." in html

    # A session begun on one server goes on on the other: the coordinator logs in through
    # server one and edits the profile through server two.
    visitor = Browser()
    status, headers, _html = visitor.post_form(
        one + LOGIN, one + LOGIN, {"login": coordinator.email, "password": PASSWORD}
    )
    assert status == 302
    edit = "/cs/clenove/tachov/upravit/"
    status, _headers, html = visitor.request(two + edit)
    assert status == 200 and "Popis před úpravou." in html
    data = member_form_data(member, description_cs="Popis po úpravě.")
    status, _headers, _html = visitor.post_form(two + edit, two + edit, data)
    assert status == 302
    assert Member.objects.get(pk=member.pk).description_cs == "Popis po úpravě."
    # ... and the next anonymous visitor of server one sees the edit.
    status, headers, html = Browser().request(one + profile)
    assert "Popis po úpravě." in html and headers["X-Page-Cache"] == "miss"

    # Failed logins on both servers count together towards the lockout (5 failures).
    attacker = Browser()
    wrong = {"login": coordinator.email, "password": "spatne"}
    statuses = [
        attacker.post_form(server + LOGIN, server + LOGIN, wrong)[0]
        for server in (one, two, one, two, one)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    for server in (one, two):
        status, _headers, _html = attacker.post_form(
            server + LOGIN, server + LOGIN, {"login": coordinator.email, "password": PASSWORD}
        )
        assert status == 429

    # Rate limits: five accessibility reports an hour per address, whichever server.
    report = "/cs/prohlaseni-o-pristupnosti/"
    reporter = Browser()
    answers = [
        reporter.post_form(
            server + report, server + report, {"description": f"Chyba číslo {number}."}
        )[0]
        for number, server in enumerate((one, two, one, two, one, two))
    ]
    assert answers == [302] * 5 + [429]

    # The task queue: a registration through each server queues its confirmation e-mail in
    # the one queue, and both servers show the places left after both registrations.
    part = EventPartFactory(capacity=5, event__slug="seminar-dvou-serveru")
    register = "/cs/akce/seminar-dvou-serveru/registrace/"
    # The worker writes each confirmation (events_notify) and then sends it.
    jobs = ProcrastinateJob.objects.filter(task_name="events_notify", status="todo")
    queued_before = jobs.count()
    for number, server in enumerate((one, two)):
        status, _headers, _html = Browser().post_form(
            server + register,
            server + register,
            {
                "parts": [part.pk],
                "name": f"Účastník {number}",
                "email": f"ucastnik{number}@example.org",
                "privacy": "on",
                "website": "",
            },
        )
        assert status == 200
    assert jobs.count() == queued_before + 2
    for server in (one, two):
        status, _headers, html = Browser().request(server + "/en/events/seminar-dvou-serveru/")
        assert "3 places left" in html
