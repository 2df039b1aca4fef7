"""The report for a project's funder: its activities, outputs and news in one place.

The events and news apps are reached only through the project's reverse relations, so this
works whatever of them is installed; registered and attending numbers appear when the events
app keeps them.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from network_portal import pagescopes
from projects.models import Project


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def project_events(project: Project, *, with_counts: bool = False):
    """The project's events (past and upcoming), if the events app links them to projects.

    With ``with_counts``: ``registered_count``, the people holding a confirmed place in at
    least one part (the waiting list, pending approvals, open offers and cancelled, declined
    or expired rows are not registrations a funder counts), and ``attending_count``, the
    people recorded present in at least one part (walk-ins included), when the events app
    keeps registrations and attendance."""
    manager = getattr(project, "events", None)
    if manager is None:
        return []
    queryset = manager.all()
    if hasattr(queryset, "published"):
        queryset = queryset.published()
    model = queryset.model
    if with_counts and _has_field(model, "registrations"):
        registration = model._meta.get_field("registrations").related_model
        annotations = {}
        if _has_field(registration, "parts"):
            annotations["registered_count"] = _people(registration, Q(parts__status=CONFIRMED))
        if _has_field(registration, "attendances"):
            annotations["attending_count"] = _people(registration, Q(attendances__present=True))
        queryset = queryset.annotate(**annotations)
    order = "start" if _has_field(model, "start") else "pk"
    # The project's events only: a page cache scope the events app gives them (an event's
    # edit then leaves the other projects' pages cached).
    with pagescopes.reading(pagescopes.scope(project), [model._meta.db_table]):
        return list(queryset.order_by(order))


CONFIRMED = "confirmed"


def _people(registration, condition: Q):
    """The number of an event's registrations meeting ``condition`` (a subquery each, so that
    the two counts do not multiply each other's joins)."""
    matching = (
        registration._default_manager.filter(condition, event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(count=Count("pk", distinct=True))
        .values("count")
    )
    return Coalesce(Subquery(matching), 0)


def _when(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    return date_format(value, "Y-m-d")


def report_sheets(project: Project, absolute):
    """(title, header, rows) for each part of the report; ``absolute`` makes a full URL."""
    events = project_events(project, with_counts=True)
    activities = [
        [
            str(event),
            _when(getattr(event, "start", None)),
            _when(getattr(event, "end", None)),
            str(getattr(event, "place", "") or ""),
            getattr(event, "registered_count", ""),
            getattr(event, "attending_count", ""),
            absolute(event.get_absolute_url()),
        ]
        for event in events
    ]
    practices = project.practices.published().prefetch_related("members")
    outputs = [
        [
            practice.title,
            ", ".join(practice.origin_names()),
            _when(practice.published_at),
            absolute(practice.get_absolute_url()),
        ]
        for practice in practices
    ]
    articles = getattr(project, "articles", None)
    news = []
    if articles is not None:
        queryset = articles.all()
        if hasattr(queryset, "published"):
            queryset = queryset.published()
        news = [
            [str(article), _when(article.published_at), absolute(article.get_absolute_url())]
            for article in queryset.order_by("published_at")
        ]
    return [
        (
            _("Activities"),
            [
                _("Event"),
                _("Start"),
                _("End"),
                _("Place"),
                _("Registered"),
                _("Attending"),
                _("Address"),
            ],
            activities,
        ),
        (_("Outputs"), [_("Example"), _("From"), _("Published"), _("Address")], outputs),
        (_("News"), [_("Article"), _("Published"), _("Address")], news),
    ]
