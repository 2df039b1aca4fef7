"""A member's side columns (description, address, website, picture, search text:
``network_portal.pagecolumns``) in the scope of that member, for the page cache
(``network_portal.pagescopes``).

A coordinator saving their municipality's description bumped the members' side generation,
which every member's profile carries: one edit made all the profiles stale. A profile reads
its member's side columns inside ``reading_profile(slug)``, and the coordinator's edit writes
them inside ``editing_profile(slug)`` (``members.services.member_profile_update``), so an edit
makes stale that member's profile (and those of about 1 in 32 others, sharing its bucket), the
pages that read the side columns of many members (the members' list and map, the searches)
and nothing else. Any other write of the side columns (``update()`` elsewhere, the admin, a
job) is not scoped and makes every page that read them stale.

The scope is the member's slug, the address of its profile: the profile looks its member up
by slug, and a profile edit never changes it (a change of the slug is a write of another
column, which bumps the whole table).
"""

from network_portal import pagecolumns, pagescopes


def side_table() -> str:
    from members.models import Member

    return pagecolumns.name(Member._meta.db_table)


def profile_scope(slug: str) -> str:
    return f"members.member:slug:{slug}"


def reading_profile(slug: str):
    """The SQL run inside reads the side columns of the member ``slug`` only."""
    return pagescopes.reading(profile_scope(slug), [side_table()])


def editing_profile(slug: str):
    """A transaction whose writes of side columns change the member ``slug`` only."""
    scope = profile_scope(slug)
    return pagescopes.writing([side_table()], lambda: {scope})
