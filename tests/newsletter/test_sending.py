"""The digest (frozen clock: exactly the new matching items, nothing to the unconfirmed, nothing
when nothing is new), one-click unsubscribe from its headers, and an announcement to 1,000
subscribers delivered once each although its dispatcher dies half-way."""

import re
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob

from goodpractice.models import Topic
from members.models import Region
from newsletter import services
from newsletter.digest import digests_send
from newsletter.models import Announcement, Delivery, Subscriber
from newsletter.tokens import new_nonce
from tests.events.factories import EventFactory
from tests.factories import MemberFactory
from tests.goodpractice.factories import PracticeFactory
from tests.news.factories import ArticleFactory
from tests.support import run_jobs

pytestmark = pytest.mark.django_db

PRAGUE = ZoneInfo("Europe/Prague")
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=PRAGUE)


def subscriber(email, *, confirmed=True, sections=("news", "goodpractice"), regions=(), topics=()):
    row = Subscriber.objects.create(
        email=email,
        language="cs",
        sections=list(sections),
        token_nonce=new_nonce(),
        confirmed_at=T0 if confirmed else None,
        digest_until=T0 if confirmed else None,
    )
    row.regions.set(regions)
    row.topics.set(topics)
    return row


def test_digest_sends_exactly_the_new_matching_items_once(queue):
    """A week after confirming: one mail with the new items of the chosen sections, region and
    topic; nothing to the unconfirmed address; nothing again when nothing is new."""
    plzen, liberec = Region.objects.get(nuts3="CZ032"), Region.objects.get(nuts3="CZ051")
    health, transport = Topic.objects.get(slug="zdravi"), Topic.objects.get(slug="doprava")
    tachov = MemberFactory(name="Tachov", slug="tachov", region=plzen)
    liberec_member = MemberFactory(name="Liberecký kraj", slug="liberecky-kraj", region=liberec)
    with time_machine.travel(T0, tick=False):
        jana = subscriber("jana@example.org", regions=[plzen], topics=[health])
        subscriber("nepotvrzena@example.org", confirmed=False, regions=[plzen])
    with time_machine.travel(T0 - timedelta(days=1), tick=False):
        ArticleFactory(title_cs="Staré zdraví v Tachově", members=[tachov], topics=["zdravi"])
    with time_machine.travel(T0 + timedelta(days=2), tick=False):
        ArticleFactory(title_cs="Zdravé město Tachov", members=[tachov], topics=["zdravi"])
        ArticleFactory(title_cs="Doprava v Tachově", members=[tachov], topics=["doprava"])
        ArticleFactory(title_cs="Zdraví v Liberci", members=[liberec_member], topics=["zdravi"])
        PracticeFactory(title_cs="Pocitová mapa Tachova", members=[tachov], topic=health)
        PracticeFactory(title_cs="Cyklostezka Tachov", members=[tachov], topic=transport)
        EventFactory(title_cs="Seminář v Tachově", region=plzen, hosts=[tachov])

    with time_machine.travel(T0 + timedelta(days=6), tick=False):
        assert digests_send() == 0  # not a week yet
    with time_machine.travel(T0 + timedelta(days=7), tick=False):
        assert digests_send() == 1
        assert digests_send() == 0  # run twice: sent once
    run_jobs(queue)
    (message,) = mail.outbox
    assert message.to == ["jana@example.org"]
    titles = re.findall(r"^\* (.+)$", message.body, re.MULTILINE)
    assert titles == ["Zdravé město Tachov", "Pocitová mapa Tachova"]
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="cs">' in html
    assert "Zdravé město Tachov</a>" in html
    assert "Seminář" not in message.body  # events not chosen

    # The next week has nothing new: nothing is sent.
    with time_machine.travel(T0 + timedelta(days=14), tick=False):
        assert digests_send() == 0
    jana.refresh_from_db()
    assert jana.digest_until == T0 + timedelta(days=14)


def test_one_click_unsubscribe_from_the_digest_headers(queue):
    """The digest carries List-Unsubscribe (a signed URL) and List-Unsubscribe-Post; a POST
    of "List-Unsubscribe=One-Click" to it, without any cookie or token, unsubscribes."""
    plzen = Region.objects.get(nuts3="CZ032")
    with time_machine.travel(T0, tick=False):
        subscriber("jana@example.org", regions=[plzen])
    with time_machine.travel(T0 + timedelta(days=1), tick=False):
        ArticleFactory(title_cs="Novinka", members=[MemberFactory(region=plzen)])
    with time_machine.travel(T0 + timedelta(days=7), tick=False):
        assert digests_send() == 1
    run_jobs(queue)
    (message,) = mail.outbox
    headers = message.extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(r"<(https?://[^>]+)>", headers["List-Unsubscribe"]).group(1)
    assert url in message.body  # the same link is in the text for people
    path = re.sub(r"^https?://[^/]+", "", url)
    response = Client(enforce_csrf_checks=True).post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    assert "List-Unsubscribe" in message.message().as_string()


# --- the announcement -----------------------------------------------------------------------
def _set_status(job_id: int, status: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET status = %s WHERE id = %s", [status, job_id])


def _run(task_name: str, limit: int | None = None) -> int:
    """Run up to ``limit`` waiting jobs of ``task_name`` from the real job table (in the test's
    transaction) as the worker would: todo → doing → succeeded."""
    jobs = ProcrastinateJob.objects.filter(task_name=task_name, status="todo").order_by("id")
    ran = 0
    for job in list(jobs[:limit] if limit else jobs):
        _set_status(job.id, "doing")
        app.tasks[task_name].func(**job.args)
        _set_status(job.id, "succeeded")
        ran += 1
    return ran


def test_announcement_to_1000_subscribers_once_each_though_the_dispatcher_dies(
    staff_user, django_capture_on_commit_callbacks, monkeypatch, settings
):
    """1,000 confirmed subscribers (and an unconfirmed one). The dispatcher queues a batch,
    half of those messages go out, then the next dispatcher dies in the middle of its batch
    (its transaction rolls back: no message of it is left in the queue). The restarted worker
    runs the dispatcher again, twice even: every subscriber gets the message exactly once."""
    settings.PAGE_CACHE_ENABLED = False
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"odberatel{n:04d}@example.org",
            language="cs" if n % 2 else "en",
            sections=["news"],
            token_nonce=new_nonce(),
            confirmed_at=T0,
        )
        for n in range(1000)
    )
    subscriber("nepotvrzeny@example.org", confirmed=False)
    announcement = Announcement.objects.create(
        subject="Jarní škola Zdravých měst", body="Přihlaste se na https://www.zdravamesta.cz/."
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.announcement_send(announcement_id=announcement.pk, user=staff_user) == 1000
    assert Delivery.objects.filter(announcement=announcement).count() == 1000

    dispatcher, mail_task = "newsletter_announcement_dispatch", "mail_send"
    assert _run(dispatcher) == 1  # the first batch; it comes back later for the rest
    assert ProcrastinateJob.objects.filter(task_name=mail_task).count() == services.BATCH
    assert _run(mail_task, limit=services.BATCH // 2) == services.BATCH // 2

    # The next dispatcher dies half-way through its batch.
    real_mail, calls = services._announcement_mail, []

    def dying(announcement, row):
        calls.append(row.pk)
        if len(calls) > services.BATCH // 2:
            raise SystemExit("worker killed")
        real_mail(announcement, row)

    monkeypatch.setattr(services, "_announcement_mail", dying)
    (waiting,) = ProcrastinateJob.objects.filter(task_name=dispatcher, status="todo")
    _set_status(waiting.id, "doing")
    with pytest.raises(SystemExit):
        app.tasks[dispatcher].func(**waiting.args)
    assert ProcrastinateJob.objects.filter(task_name=mail_task).count() == services.BATCH
    assert Delivery.objects.filter(queued_at__isnull=False).count() == services.BATCH

    # The restarted worker: the stalled dispatcher is retried (and one more is started).
    monkeypatch.setattr(services, "_announcement_mail", real_mail)
    _set_status(waiting.id, "todo")
    from newsletter.tasks import announcement_dispatch_defer

    announcement_dispatch_defer(announcement.pk)  # a waiting one exists: nothing more
    services.announcement_dispatch(announcement_id=announcement.pk)  # a second dispatcher
    while _run(dispatcher) or _run(mail_task):
        pass
    assert services.announcement_dispatch(announcement_id=announcement.pk) == 0
    assert _run(mail_task) == 0

    recipients = Counter(message.to[0] for message in mail.outbox)
    assert len(recipients) == 1000
    assert set(recipients.values()) == {1}
    assert "nepotvrzeny@example.org" not in recipients
    announcement.refresh_from_db()
    assert announcement.state == Announcement.State.SENT
    english = next(m for m in mail.outbox if m.to == ["odberatel0000@example.org"])
    assert "Unsubscribe:" in english.body
    assert english.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # A mail job run again (a retry after the worker died) sends nothing twice.
    done = ProcrastinateJob.objects.filter(task_name=mail_task, status="succeeded").first()
    app.tasks[mail_task].func(**done.args)
    assert len(mail.outbox) == 1000


def test_only_staff_with_the_permission_send(user):
    from django.core.exceptions import PermissionDenied

    announcement = Announcement.objects.create(subject="S", body="B")
    with pytest.raises(PermissionDenied):
        services.announcement_send(announcement_id=announcement.pk, user=user)


def test_digest_queries_per_subscriber_do_not_grow_with_the_items(queue):
    """The digest job runs a fixed number of queries per subscriber, whatever the news."""
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    plzen = Region.objects.get(nuts3="CZ032")
    tachov = MemberFactory(region=plzen)
    with time_machine.travel(T0, tick=False):
        subscriber("jana@example.org", sections=("news", "events", "goodpractice"))
    counts = []
    for week, items in ((1, 1), (2, 6)):
        start = T0 + timedelta(days=7 * (week - 1))
        with time_machine.travel(start + timedelta(days=1), tick=False):
            for _n in range(items):
                ArticleFactory(members=[tachov])
                PracticeFactory(members=[tachov])
        with time_machine.travel(start + timedelta(days=7), tick=False):
            with CaptureQueriesContext(db) as queries:
                assert digests_send() == 1
            counts.append(len(queries))
    assert counts[0] == counts[1] == 10
