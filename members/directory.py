"""The public directory's reads: filtering, counts per filter value, export rows.

Every function here runs a fixed number of queries, whatever the number of members.
"""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse

from members.models import Member, Region

FILTERS = ("q", "kind", "region", "category")


def directory_members(filters: dict, *, skip: str | None = None):
    """Public members matching ``filters`` (the valid values of DirectoryFilterForm), in Czech
    alphabetical order, annotated with the current MA21 rating. ``skip`` leaves one filter out
    (for the counts of that filter's values)."""
    members = Member.objects.public().with_current_rating()
    if skip != "q" and filters.get("q"):
        members = members.search(filters["q"])
    if skip != "kind" and filters.get("kind"):
        members = members.filter(kind=filters["kind"])
    if skip != "region" and filters.get("region"):
        members = members.filter(region__nuts3=filters["region"])
    if skip != "category" and filters.get("category"):
        if filters["category"] == "none":
            members = members.filter(current_category__isnull=True)
        else:
            members = members.filter(current_category=filters["category"])
    return members.order_by("name", "pk")


def _counts(members, field: str) -> dict:
    rows = members.order_by().values(field).annotate(total=Count("pk")).values_list(field, "total")
    return dict(rows)


def directory_facets(filters: dict, regions: list[Region]) -> dict[str, dict]:
    """For each filter, how many members each value would give with the other filters kept."""
    kinds = _counts(directory_members(filters, skip="kind"), "kind")
    by_region_id = _counts(directory_members(filters, skip="region"), "region_id")
    categories = _counts(directory_members(filters, skip="category"), "current_category")
    return {
        "kind": kinds,
        "region": {region.nuts3: by_region_id.get(region.pk, 0) for region in regions},
        "category": {
            **{key: value for key, value in categories.items() if key},
            "none": categories.get(None, 0),
        },
    }


EXPORT_COLUMNS = [
    "name",
    "slug",
    "kind",
    "ico",
    "region",
    "region_nuts3",
    "population",
    "address",
    "latitude",
    "longitude",
    "website",
    "member_since",
    "status",
    "ma21_category",
    "ma21_year",
    "url",
]


def export_rows(members, *, absolute_url) -> list[dict]:
    """Open-data rows for ``members`` (a directory_members queryset), one dict per member."""
    # One reverse() for all rows: the profile address differs only in the slug.
    profile_url = absolute_url(reverse("members:detail", kwargs={"slug": "SLUG"}))
    rows = []
    for member in members.select_related("region"):
        rows.append(
            {
                "name": member.name,
                "slug": member.slug,
                "kind": member.kind,
                "ico": member.ico,
                "region": member.region.name,
                "region_nuts3": member.region.nuts3,
                "population": member.population,
                "address": member.address,
                "latitude": None if member.latitude is None else float(member.latitude),
                "longitude": None if member.longitude is None else float(member.longitude),
                "website": member.website,
                "member_since": member.member_since.isoformat() if member.member_since else None,
                "status": member.status,
                "ma21_category": (
                    member.current_category + "*" * (member.current_stars or 0)
                    if member.current_category
                    else None
                ),
                "ma21_year": member.current_rating_year,
                "url": profile_url.replace("SLUG", member.slug),
            }
        )
    return rows
