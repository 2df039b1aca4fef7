"""The digest: what is new in the sections a subscriber follows, since their last digest.

Each section the portal has (news, events, good practice; a documents section does not exist
yet) is one :class:`DigestSection`: its label and one query for its new items. Regions apply
to every section (through the members an item is about, or an event's region and hosts);
topics to the sections that have topics (news, good practice), not to events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from network_portal.mail import mail_queue
from newsletter.models import Subscriber
from newsletter.services import links, site_url, unsubscribe_headers

PERIODS = {
    Subscriber.Frequency.WEEKLY: timedelta(days=7),
    Subscriber.Frequency.MONTHLY: timedelta(days=30),
}
# The daily job may run a little earlier than a full period after the last one.
SLACK = timedelta(hours=2)
MAX_ITEMS = 30


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    summary: str = ""


@dataclass(frozen=True)
class DigestSection:
    name: str
    label: str
    app: str
    items: Callable[[datetime, datetime, list, list], list[Item]]


def _news(since, until, regions, topics):
    from news.models import Article

    articles = Article.objects.published(now=until).filter(published_at__gt=since)
    if regions:
        articles = articles.filter(members__region__in=regions)
    if topics:
        articles = articles.filter(topics__in=topics)
    articles = articles.distinct().order_by("-published_at", "-pk")[:MAX_ITEMS]
    return [Item(a.title, a.get_absolute_url(), a.perex) for a in articles]


def _events(since, until, regions, topics):
    from events.models import Event

    # Events have no publication time: an event counts from its creation, once published.
    events = Event.objects.filter(status=Event.Status.PUBLISHED).filter(
        created_at__gt=since, created_at__lte=until, end__gte=until
    )
    if regions:
        events = events.filter(Q(region__in=regions) | Q(hosts__region__in=regions))
    events = events.distinct().order_by("start", "pk")[:MAX_ITEMS]
    return [Item(e.title, e.get_absolute_url(), e.summary) for e in events]


def _practice(since, until, regions, topics):
    from goodpractice.models import Practice

    practices = Practice.objects.published().filter(published_at__gt=since, published_at__lte=until)
    if regions:
        practices = practices.filter(members__region__in=regions)
    if topics:
        practices = practices.filter(topic__in=topics)
    practices = practices.distinct().order_by("-published_at", "-pk")[:MAX_ITEMS]
    return [Item(p.title, p.get_absolute_url(), p.summary) for p in practices]


ALL_SECTIONS = [
    DigestSection("news", _("News"), "news", _news),
    DigestSection("events", _("Events"), "events", _events),
    DigestSection("goodpractice", _("Good practice"), "goodpractice", _practice),
]


def available_sections() -> list[DigestSection]:
    """The sections this portal has (a section whose app is not installed is not offered)."""
    return [section for section in ALL_SECTIONS if apps.is_installed(section.app)]


def section_choices() -> list[tuple[str, str]]:
    return [(section.name, section.label) for section in available_sections()]


def digest_content(subscriber: Subscriber, since: datetime, until: datetime) -> list[tuple]:
    """[(section label, [items])] for the sections the subscriber follows that have news."""
    regions = list(subscriber.regions.all())
    topics = list(subscriber.topics.all())
    chosen = set(subscriber.sections)
    content = []
    with translation.override(subscriber.language):
        for section in available_sections():
            if section.name not in chosen:
                continue
            items = section.items(since, until, regions, topics)
            if items:
                content.append((str(section.label), items))
    return content


def due(now: datetime):
    """Confirmed subscribers whose period has passed since their last digest."""
    condition = Q()
    for frequency, period in PERIODS.items():
        condition |= Q(frequency=frequency, digest_until__lte=now - period + SLACK)
    return Subscriber.objects.confirmed().filter(condition)


def digests_send(*, now: datetime | None = None) -> int:
    """The periodic job: each due subscriber in their own transaction, locked (SKIP LOCKED),
    the digest queued in that transaction with the new ``digest_until``, so a run killed
    half-way or run twice sends no digest twice. Nothing is sent when nothing is new (the
    period still counts as covered). Returns the number of digests queued."""
    now = now or timezone.now()
    sent = 0
    for pk in list(due(now).order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            subscriber = due(now).select_for_update(skip_locked=True).filter(pk=pk).first()
            if subscriber is None:
                continue
            content = digest_content(subscriber, subscriber.digest_until, now)
            if content:
                _digest_mail(subscriber, content, subscriber.digest_until, now)
                sent += 1
            subscriber.digest_until = now
            subscriber.save(update_fields=["digest_until"])
    return sent


def _digest_mail(subscriber, content, since, until) -> None:
    with translation.override(subscriber.language):
        context = {
            "content": content,
            "since": since,
            "until": until,
            "language": subscriber.language,
            "site_url": site_url(),
            **links(subscriber),
        }
        subject = gettext("What is new in the Healthy Cities Network")
        mail_queue(
            to=subscriber.email,
            subject=subject,
            body=render_to_string("newsletter/email/digest.txt", context),
            html=render_to_string("newsletter/email/digest.html", context),
            headers=unsubscribe_headers(subscriber),
            message_id=f"digest-{subscriber.pk}-{int(until.timestamp())}",
            queue_now=True,
        )
