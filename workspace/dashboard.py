"""The parts of the staff dashboard: what waits for the network's staff today.

Each part runs a fixed number of queries whatever the number of rows (the lists are cut at
``LIST_SIZE``; tested at two data sizes) and returns nothing to a user who may not view its
records. Links go to the admin pages where the work is done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext

from events.models import Event, EventPart, Registration, RegistrationPart
from goodpractice.models import Practice
from members.models import Member, MembershipApplication
from news.models import Article
from pages.models import Page, SiteText
from projects.models import Project

LIST_SIZE = 10
COORDINATOR_CHANGES = 10


@dataclass(frozen=True)
class Entry:
    label: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class Waiting:
    """A number of records waiting, linked to the admin list that shows exactly them."""

    label: str
    count: int
    url: str
    entries: list[Entry] = field(default_factory=list)


def _changelist(model, **params) -> str:
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def _change(record) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def _may_view(user, model) -> bool:
    return user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")


def _when(value: datetime) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")


def approvals(user) -> list[Waiting]:
    """Places waiting for approval, outsiders' member claims and open waiting-list offers."""
    result = []
    if _may_view(user, RegistrationPart):
        pending = (
            RegistrationPart.objects.filter(status=RegistrationPart.Status.PENDING)
            .select_related("registration", "part__event")
            .order_by("created_at", "pk")
        )
        rows = list(pending[:LIST_SIZE])
        result.append(
            Waiting(
                gettext("Registrations waiting for approval"),
                pending.count(),
                _changelist(RegistrationPart, status__exact=RegistrationPart.Status.PENDING),
                [
                    Entry(
                        f"{row.registration.name} – {row.part.event}", _change(row), row.part.title
                    )
                    for row in rows
                ],
            )
        )
        offers = RegistrationPart.objects.filter(status=RegistrationPart.Status.OFFERED)
        result.append(
            Waiting(
                gettext("Open waiting-list offers"),
                offers.count(),
                _changelist(RegistrationPart, status__exact=RegistrationPart.Status.OFFERED),
            )
        )
    if _may_view(user, Registration):
        claims = (
            Registration.objects.filter(member__isnull=False, member_confirmed_at__isnull=True)
            .select_related("member", "event")
            .order_by("created_at", "pk")
        )
        rows = list(claims[:LIST_SIZE])
        result.append(
            Waiting(
                gettext("Member claims to confirm"),
                claims.count(),
                _changelist(Registration, member_state="claimed"),
                [Entry(f"{row.name} – {row.member}", _change(row), str(row.event)) for row in rows],
            )
        )
    return result


def week_bounds(now=None) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00 of the current week, local time."""
    today = timezone.localdate(now)
    monday = today - timedelta(days=today.weekday())
    start = timezone.make_aware(datetime.combine(monday, datetime.min.time()))
    return start, start + timedelta(days=7)


def week_events(user, now=None) -> list[EventPart]:
    """This week's parts of events (not drafts), with how full each is (``taken``,
    ``waiting``), its check-in link (``check_in_url``) and ``pending`` approvals."""
    if not _may_view(user, Event):
        return []
    start, end = week_bounds(now)
    parts = list(
        EventPart.objects.filter(start__gte=start, start__lt=end)
        .exclude(event__status=Event.Status.DRAFT)
        .with_counts()
        .annotate(
            pending=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationPart.Status.PENDING),
            )
        )
        .select_related("event")
        .order_by("start", "pk")[: LIST_SIZE * 3]
    )
    may_check_in = user.has_perm("events.check_in")
    for part in parts:
        part.check_in_url = (
            reverse("events:check-in", kwargs={"slug": part.event.slug, "part": part.pk})
            if may_check_in
            else ""
        )
        part.percent_full = (
            min(round(100 * part.taken / part.capacity), 100) if part.capacity else None
        )
    return parts


def reviews(user) -> Waiting | None:
    """Examples of good practice submitted for review."""
    if not _may_view(user, Practice):
        return None
    submitted = Practice.objects.filter(status=Practice.Status.SUBMITTED).order_by(
        "updated_at", "pk"
    )
    rows = list(submitted.only("pk", "title_cs", "title_en", "slug")[:LIST_SIZE])
    return Waiting(
        gettext("Examples of good practice waiting for review"),
        submitted.count(),
        _changelist(Practice, status__exact=Practice.Status.SUBMITTED),
        [
            Entry(row.title, reverse("admin:goodpractice_practice_review", args=[row.pk]))
            for row in rows
        ],
    )


def applications(user) -> Waiting | None:
    """Applications for membership waiting for the staff's decision."""
    if not _may_view(user, MembershipApplication):
        return None
    waiting = MembershipApplication.objects.filter(
        state=MembershipApplication.State.SUBMITTED
    ).order_by("submitted_at", "pk")
    rows = list(waiting.only("pk", "name", "submitted_at")[:LIST_SIZE])
    return Waiting(
        gettext("Applications for membership waiting for a decision"),
        waiting.count(),
        _changelist(MembershipApplication, state__exact=MembershipApplication.State.SUBMITTED),
        [
            Entry(row.name, reverse("admin:members_membershipapplication_review", args=[row.pk]))
            for row in rows
        ],
    )


def scheduled_news(user, now=None) -> Waiting | None:
    """Articles whose publication time is still to come."""
    if not _may_view(user, Article):
        return None
    scheduled = Article.objects.scheduled(now).order_by("published_at", "pk")
    rows = list(scheduled.only("pk", "title_cs", "title_en", "published_at")[:LIST_SIZE])
    return Waiting(
        gettext("Scheduled news"),
        scheduled.count(),
        _changelist(Article, publication="scheduled"),
        [Entry(row.title, _change(row), _when(row.published_at)) for row in rows],
    )


# Every model translated through network_portal.models.TranslatedContent.
TRANSLATED = (Event, Practice, Project, Page, SiteText)


def english_to_do(user) -> list[Waiting]:
    """Per translated model, the records whose English is missing and those whose English is
    older than the Czech (one query per model)."""
    result = []
    for model in TRANSLATED:
        if not _may_view(user, model):
            continue
        missing = Q(pk__in=model.objects.english_missing().values("pk"))
        outdated = ~missing & model.outdated_condition()
        counts = model.objects.aggregate(
            missing=Count("pk", filter=missing), outdated=Count("pk", filter=outdated)
        )
        name = model._meta.verbose_name_plural
        result.append(
            Waiting(
                gettext("%(records)s: English missing") % {"records": name},
                counts["missing"],
                _changelist(model, english="missing"),
            )
        )
        result.append(
            Waiting(
                gettext("%(records)s: English outdated") % {"records": name},
                counts["outdated"],
                _changelist(model, english="outdated"),
            )
        )
    return result


def coordinator_changes(user) -> list:
    """The latest changes of members' profiles by people who are not network staff."""
    if not _may_view(user, Member):
        return []
    records = list(
        Member.history.filter(history_user__isnull=False, history_user__is_staff=False)
        .select_related("history_user")
        .only("id", "name", "history_date", "history_type", "history_user__email")
        .order_by("-history_date", "-history_id")[:COORDINATOR_CHANGES]
    )
    for record in records:
        record.history_url = reverse("admin:members_member_history", args=[record.id])
    return records
