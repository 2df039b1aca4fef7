"""Concurrent requests: one subscriber per address; two dispatchers never queue a message twice."""

import pytest
from django.utils import timezone

from newsletter import services
from newsletter.models import Announcement, Delivery, Subscriber
from newsletter.tokens import new_nonce
from tests.support import race

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_same_new_address_subscribed_at_once_is_one_row(queue):
    def request(number):
        services.subscription_request(
            email="Jana@Example.org" if number % 2 else "Jana@EXAMPLE.ORG",
            sections=["news"],
            regions=[],
            topics=[],
            language="cs",
        )

    results = race(request, 6)
    assert results == [None] * 6
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["Jana@example.org"]


def test_two_dispatchers_at_once_queue_each_message_once(staff_user, queue):
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"s{n}@example.org",
            language="cs",
            sections=["news"],
            token_nonce=new_nonce(),
            confirmed_at=timezone.now(),
        )
        for n in range(60)
    )
    announcement = Announcement.objects.create(subject="S", body="B")
    services.announcement_send(announcement_id=announcement.pk, user=staff_user)

    def dispatch(number):
        return services.announcement_dispatch(announcement_id=announcement.pk, batch=20)

    race(dispatch, 4)
    while services.announcement_dispatch(announcement_id=announcement.pk, batch=20):
        pass
    mail_jobs = [job for job in queue.jobs.values() if job["task_name"] == "mail_send"]
    assert len(mail_jobs) == 60
    assert len({job["args"]["message_id"] for job in mail_jobs}) == 60
    assert not Delivery.objects.filter(queued_at__isnull=True).exists()
