"""A subscriber's data: what is stored about an address, its deletion, and retention.

``subscriber_data`` and ``subscriber_delete`` take an address (as typed: it is normalised
here), so other apps' data pages can offer them for the same person.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from newsletter.models import Delivery, Subscriber
from newsletter.services import normalise_email

ANONYMOUS_DOMAIN = "anonymised.invalid"
# The ledger keeps who got an announcement only while the sending may still be retried.
DELIVERIES_KEPT = timedelta(days=30)


def subscriber_data(email: str) -> dict:
    """Everything the newsletter stores about ``email`` ({} when nothing)."""
    subscriber = (
        Subscriber.objects.filter(email=normalise_email(email))
        .prefetch_related("regions", "topics")
        .first()
    )
    if subscriber is None:
        return {}
    announcements = list(
        Delivery.objects.filter(subscriber=subscriber)
        .select_related("announcement")
        .values_list("announcement__subject", "queued_at")
    )
    return {
        "email": subscriber.email,
        "language": subscriber.language,
        "frequency": subscriber.frequency,
        "sections": list(subscriber.sections),
        "regions": [region.name for region in subscriber.regions.all()],
        "topics": [topic.name for topic in subscriber.topics.all()],
        "subscribed_at": subscriber.created_at.isoformat(),
        "confirmed_at": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
        "last_digest_up_to": (
            subscriber.digest_until.isoformat() if subscriber.digest_until else None
        ),
        "announcements": [
            {"subject": subject, "queued_at": queued.isoformat() if queued else None}
            for subject, queued in announcements
        ],
    }


@transaction.atomic
def subscriber_delete(email: str) -> bool:
    """Delete the subscription of ``email`` and the address from the announcement ledger (the
    rows stay, anonymous, so a running announcement skips them). True when there was one."""
    subscriber = Subscriber.objects.select_for_update().filter(email=normalise_email(email)).first()
    if subscriber is None:
        return False
    _forget_deliveries(Delivery.objects.filter(subscriber=subscriber))
    subscriber.delete()
    return True


def _forget_deliveries(deliveries) -> None:
    for pk in deliveries.values_list("pk", flat=True):
        Delivery.objects.filter(pk=pk).update(email=f"{pk}@{ANONYMOUS_DOMAIN}", subscriber=None)


def personal_data_expire(*, now: datetime | None = None) -> dict[str, int]:
    """The daily job: delete subscriptions not confirmed within NEWSLETTER_UNCONFIRMED_DAYS,
    and the addresses in the ledger of announcements finished DELIVERIES_KEPT ago."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.NEWSLETTER_UNCONFIRMED_DAYS)
    deleted, _ = Subscriber.objects.unconfirmed().filter(created_at__lt=cutoff).delete()
    old = Delivery.objects.filter(announcement__finished_at__lt=now - DELIVERIES_KEPT).exclude(
        email__endswith="@" + ANONYMOUS_DOMAIN
    )
    with transaction.atomic():
        forgotten = old.count()
        _forget_deliveries(old)
    return {"unconfirmed_deleted": deleted, "deliveries_forgotten": forgotten}
