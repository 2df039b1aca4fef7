"""The public directory's reads: the filtered list with counts (on the shared list engine)
and the open-data rows.

Every function here runs a fixed number of queries, whatever the number of members.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from members.models import Category, Member, Region
from network_portal import exports
from network_portal.listing import Filter, FilteredList

NOT_RATED = "none"


class CategoryFilter(Filter):
    """The current MA21 category; "none" lists the members not rated yet."""

    def q(self, values, listing):
        value = values[0]
        if value == NOT_RATED:
            return Q(current_category__isnull=True)
        return Q(current_category=value)

    def counts(self, listing):
        counts = super().counts(listing)
        counts[NOT_RATED] = counts.pop("None", 0)
        return counts


class MemberDirectory(FilteredList):
    """Public members by name, kind, region and MA21 category, in Czech alphabetical order."""

    count_phrase = ngettext_lazy("%(count)s member", "%(count)s members", "count")

    filters = (
        Filter(
            "kind",
            _("Kind"),
            choices=lambda: [(value, capfirst(label)) for value, label in Member.Kind.choices],
            valid=lambda value: value in Member.Kind.values,
            multiple=False,
            all_label=_("All kinds"),
        ),
        Filter(
            "region",
            _("Region"),
            field="region__nuts3",
            choices=lambda: [(r.nuts3, r.name) for r in Region.objects.order_by("name")],
            valid=lambda value: len(value) == 5 and value.startswith("CZ"),
            multiple=False,
            all_label=_("All regions"),
        ),
        CategoryFilter(
            "category",
            _("Local Agenda 21 category"),
            field="current_category",
            choices=lambda: [*Category.choices, (NOT_RATED, _("Not rated"))],
            valid=lambda value: value in Category.values or value == NOT_RATED,
            multiple=False,
            all_label=_("All categories"),
        ),
    )

    def base(self):
        return Member.objects.public().with_current_rating()

    @property
    def searching(self) -> bool:
        return bool(self.q)

    def match(self, queryset):
        # The engine's search, or a name containing the words ("zeň" finds Plzeň).
        return queryset.search(self.q, self.language)

    def order(self, queryset):
        return queryset.order_by("name", "pk")


OPEN_DATA = exports.OpenData(
    "members",
    "Members of the Healthy Cities Network",
    {
        "name": exports.TEXT,
        "slug": exports.TEXT,
        "kind": exports.TEXT,
        "ico": exports.TEXT,
        "region": exports.TEXT,
        "region_nuts3": exports.TEXT,
        "population": exports.OPTIONAL_INTEGER,
        "address": exports.TEXT,
        "latitude": exports.OPTIONAL_NUMBER,
        "longitude": exports.OPTIONAL_NUMBER,
        "website": exports.TEXT,
        "member_since": exports.OPTIONAL_TEXT,
        "status": exports.TEXT,
        "ma21_category": exports.OPTIONAL_TEXT,
        "ma21_year": exports.OPTIONAL_INTEGER,
        "url": exports.URL,
    },
)


def export_rows(directory: MemberDirectory, *, absolute_url) -> Iterator[dict]:
    """Open-data rows of the directory's results, one dict per member, read in chunks."""
    # One reverse() for all rows: the profile address differs only in the slug.
    profile_url = absolute_url(reverse("members:detail", kwargs={"slug": "SLUG"}))
    for member in directory.iterate(directory.results().select_related("region")):
        yield (
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
