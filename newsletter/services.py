"""Writes with consequences in the newsletter: subscribing (double opt-in), confirming,
changing the choice, and staff announcements dispatched through the mail queue."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from network_portal.mail import mail_queue
from newsletter.models import Announcement, Delivery, Subscriber
from newsletter.tokens import new_nonce, subscriber_token

SEND_PERMISSION = "newsletter.send_announcement"
# The dispatcher queues this many messages per run and comes back after THROTTLE.
BATCH = 200
THROTTLE = timedelta(seconds=60)


def normalise_email(raw: str) -> str:
    """NFKC, surrounding space trimmed, the domain in lower case (the local part is kept as
    typed: RFC 5321 lets a server tell cases apart there)."""
    text = unicodedata.normalize("NFKC", raw or "").strip()
    local, at, domain = text.rpartition("@")
    if not at:
        return text
    return f"{local}@{domain.lower()}"


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def link(subscriber: Subscriber, name: str, purpose: str) -> str:
    with translation.override(subscriber.language):
        path = reverse(name, kwargs={"token": subscriber_token(subscriber, purpose)})
    return site_url() + path


def links(subscriber: Subscriber) -> dict[str, str]:
    return {
        "manage_url": link(subscriber, "newsletter:manage", "manage"),
        "data_url": link(subscriber, "newsletter:data", "manage"),
        "unsubscribe_url": link(subscriber, "newsletter:unsubscribe", "unsubscribe"),
    }


def unsubscribe_headers(subscriber: Subscriber) -> dict[str, str]:
    """RFC 2369 and RFC 8058: the mail client's one-click unsubscribe is a POST to this URL."""
    return {
        "List-Unsubscribe": f"<{link(subscriber, 'newsletter:unsubscribe', 'unsubscribe')}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _choices(subscriber, *, sections, regions, topics, language, frequency) -> None:
    subscriber.sections = sorted(set(sections))
    subscriber.language = language if language in ("cs", "en") else settings.LANGUAGE_CODE
    subscriber.frequency = frequency or Subscriber.Frequency.WEEKLY


@transaction.atomic
def subscription_request(
    *, email: str, sections, regions, topics, language: str, frequency: str = ""
) -> None:
    """The subscribe form. The visitor sees the same answer whatever happens here:

    - a new address is stored unconfirmed and gets the confirmation link;
    - an unconfirmed one takes the new choice and gets the link again;
    - a confirmed one keeps its choice (nobody changes it without a link from a mail) and
      gets a note with the link to change it.
    """
    email = normalise_email(email)
    # Two requests for a new address at once: the second waits and finds the first's row.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"newsletter:{email}"])
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is None:
        subscriber = Subscriber(email=email, token_nonce=new_nonce())
    if subscriber.confirmed_at is None:
        _choices(
            subscriber,
            sections=sections,
            regions=regions,
            topics=topics,
            language=language,
            frequency=frequency,
        )
        subscriber.full_clean(exclude=["regions", "topics"], validate_unique=False)
        subscriber.save()
        subscriber.regions.set(regions)
        subscriber.topics.set(topics)
        template, subject = "confirm", _("Confirm your subscription to the newsletter")
        context = {"confirm_url": link(subscriber, "newsletter:confirm", "confirm")}
    else:
        template, subject = "already", _("You already receive the newsletter")
        context = links(subscriber)
    with translation.override(subscriber.language if subscriber.pk else language):
        mail_queue(
            to=subscriber.email,
            subject=gettext(subject),
            body=render_to_string(f"newsletter/email/{template}.txt", context),
        )


@transaction.atomic
def subscription_confirm(*, subscriber_id: int) -> Subscriber:
    """Confirm the address (the link in the first mail); confirming again changes nothing."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber_id)
    if subscriber.confirmed_at is None:
        now = timezone.now()
        subscriber.confirmed_at = now
        subscriber.digest_until = now  # the first digest covers what is new from now on
        subscriber.save(update_fields=["confirmed_at", "digest_until"])
    return subscriber


@transaction.atomic
def subscription_update(
    *, subscriber_id: int, sections, regions, topics, language: str, frequency: str
) -> Subscriber:
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber_id)
    _choices(
        subscriber,
        sections=sections,
        regions=regions,
        topics=topics,
        language=language,
        frequency=frequency,
    )
    subscriber.full_clean(exclude=["regions", "topics"], validate_unique=False)
    subscriber.save()
    subscriber.regions.set(regions)
    subscriber.topics.set(topics)
    return subscriber


# --- announcements --------------------------------------------------------------------------
def announcement_audience(announcement: Announcement):
    subscribers = Subscriber.objects.confirmed()
    if announcement.language:
        subscribers = subscribers.filter(language=announcement.language)
    regions = list(announcement.regions.all())
    if regions:
        subscribers = subscribers.filter(regions__in=regions).distinct()
    return subscribers


@transaction.atomic
def announcement_send(*, announcement_id: int, user) -> int:
    """Start sending: one Delivery row per recipient now (the audience is fixed at this
    moment), then the dispatcher job queues their messages in throttled batches."""
    from newsletter.tasks import announcement_dispatch_defer

    if not user.has_perm(SEND_PERMISSION):
        raise PermissionDenied
    announcement = Announcement.objects.select_for_update().filter(pk=announcement_id).first()
    if announcement is None:
        raise ValidationError(_("This announcement does not exist."), code="missing")
    if announcement.state != Announcement.State.DRAFT:
        raise ValidationError(_("This announcement has been sent already."), code="sent")
    rows = [
        Delivery(announcement=announcement, subscriber_id=pk, email=email)
        for pk, email in announcement_audience(announcement).values_list("pk", "email")
    ]
    Delivery.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    announcement.state = Announcement.State.SENDING
    announcement.sent_at = timezone.now()
    announcement.created_by = announcement.created_by or user
    announcement.save(update_fields=["state", "sent_at", "created_by"])
    transaction.on_commit(lambda: announcement_dispatch_defer(announcement.pk))
    return len(rows)


def announcement_dispatch(*, announcement_id: int, batch: int = BATCH) -> int:
    """Queue the next ``batch`` messages of the announcement; return how many are left.

    Each row is locked (SKIP LOCKED: two dispatchers never take the same row), its message is
    written to the mail queue inside the same transaction that marks the row queued, and the
    message's id (its queueing lock) is derived from the row. A dispatcher killed half-way
    rolls back its batch whole; run again, it continues with the rows still unmarked, so
    every recipient's message is queued exactly once."""
    with transaction.atomic():
        announcement = Announcement.objects.get(pk=announcement_id)
        rows = list(
            Delivery.objects.filter(announcement=announcement, queued_at__isnull=True)
            .select_related("subscriber")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("pk")[:batch]
        )
        now = timezone.now()
        for row in rows:
            if row.subscriber is not None:  # None: unsubscribed since the sending started
                _announcement_mail(announcement, row)
            row.queued_at = now
        Delivery.objects.bulk_update(rows, ["queued_at"])
        left = Delivery.objects.filter(announcement=announcement, queued_at__isnull=True).count()
        if not left and announcement.state != Announcement.State.SENT:
            announcement.state = Announcement.State.SENT
            announcement.finished_at = now
            announcement.save(update_fields=["state", "finished_at"])
    return left


def _announcement_mail(announcement: Announcement, row: Delivery) -> None:
    subscriber = row.subscriber
    with translation.override(subscriber.language):
        context = {"announcement": announcement, **links(subscriber)}
        mail_queue(
            to=row.email,
            subject=announcement.subject,
            body=render_to_string("newsletter/email/announcement.txt", context),
            html=render_to_string("newsletter/email/announcement.html", context),
            headers=unsubscribe_headers(subscriber),
            message_id=row.message_id,
            queue_now=True,
        )
