"""The events' rows in scopes for the page cache (``network_portal.pagescopes``): a member's
profile shows the events the member hosts (``members.member:<pk>``), a project's page and its
documents block the project's events (``projects.project:<pk>``). An edit of an event inside
``editing`` makes stale the profiles of its hosts and its project's page (before and after
the edit), not every profile and project.

Every page that reads the events in a scope uses one of these two kinds, so ``scopes_of``
must give both: a new kind of scope read somewhere is a new kind ``scopes_of`` returns.

The registrations and the places taken (their rows per part) are in the scope of their
event (``events.event:<pk>``): the events' list and the site search read the places only for
the events they show, an event's page the places and the attending members of that event
(``reading_places``), and a new registration (``registering``) writes rows of its own event
only, so a registration for an event a page does not show leaves it cached. Every other write
of those rows (a cancellation, an approval, a move, the waiting list, a check-in, a
coordinator's confirmation) is not scoped and makes every page that read them stale."""

from network_portal import pagescopes


def tables() -> tuple[str, str]:
    from events.models import Event

    return Event._meta.db_table, Event.hosts.through._meta.db_table


def places_table() -> str:
    from events.models import RegistrationPart

    return RegistrationPart._meta.db_table


def registration_tables() -> tuple[str, str]:
    """The registrations and their places: the rows kept in the scope of their event."""
    from events.models import Registration

    return Registration._meta.db_table, places_table()


def event_scope(pk) -> str:
    from events.models import Event

    return pagescopes.scope(Event(pk=pk))


def registering(event_ids):
    """A transaction that writes the registrations (and their places) of the events
    ``event_ids`` only."""
    scopes = {event_scope(pk) for pk in event_ids}
    return pagescopes.writing(registration_tables(), lambda: scopes)


def reading_places(event_ids):
    """The SQL run inside reads the registrations (and their places) of the events
    ``event_ids`` only."""
    return pagescopes.reading_each([event_scope(pk) for pk in event_ids], registration_tables())


def member_scope(pk) -> str:
    from members.models import Member

    return pagescopes.scope(Member(pk=pk))


def project_scope(pk) -> str:
    from projects.models import Project

    return pagescopes.scope(Project(pk=pk))


def scopes_of(event_ids) -> set[str]:
    """The scopes the events ``event_ids`` belong to as stored now (two queries)."""
    from events.models import Event

    hosts = Event.hosts.through.objects.filter(event_id__in=event_ids)
    projects = Event.objects.filter(pk__in=event_ids, project__isnull=False)
    return {member_scope(pk) for pk in hosts.values_list("member_id", flat=True)} | {
        project_scope(pk) for pk in projects.values_list("project_id", flat=True)
    }


def editing(event_ids):
    """A transaction that changes the events ``event_ids`` (their hosts, their project, any
    column) and no other event."""
    ids = list(event_ids)
    return pagescopes.writing(tables(), lambda: scopes_of(ids))


def reading_hosted(member_pk):
    """The SQL run inside reads only events that ``member_pk`` hosts, and their host rows."""
    return pagescopes.reading(member_scope(member_pk), tables())
