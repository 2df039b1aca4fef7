"""The sections of the portal and what each one brings to the pages they share.

A content app describes itself in ``<app>/section.py`` with a module-level ``section`` (a
:class:`Section`), found the way ``sitemaps.py`` and ``demo.py`` are. The navigation, the home
page, the account menu, a member's profile, the site search and the sitemap render from these
registrations, so a new section plugs in without editing another app's files, and
``network_portal`` never imports a domain app.

Every contribution is a callable that gets the request (and the member or the words searched)
and returns ``None`` when it has nothing to show. Each must run a fixed number of queries,
whatever the number of records: the pages that gather them pin their query counts in tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse

MODULE = "section"


@dataclass(frozen=True)
class Block:
    """A piece of a shared page drawn by a section: its template and that template's context.

    On the home page blocks come by ``home_order`` (what a visitor can act on first); a block's
    ``lead_template``, drawn with its context, adds a sentence from the section's data to the
    page's introduction (the number of members, say)."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    home_order: int = 100
    lead_template: str = ""


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class SearchResults:
    """A section's best matches for the site search.

    ``template`` draws one item (``item`` in its context) as a list entry; ``more_url`` is the
    section's own list filtered by the same words, ``more_phrase`` the text of that link as a
    plural phrase of ``%(counter)s`` (``ngettext_lazy(..., "counter")``), worded for ``total``.
    """

    items: list
    total: int
    template: str
    more_url: str
    more_phrase: str
    empty_label: str
    list_class: str = ""

    @property
    def more_label(self) -> str:
        return self.more_phrase % {"counter": self.total}


@dataclass(frozen=True)
class Section:
    """One section of the portal (members, good practice, events, ...).

    ``urls`` (a URLconf module with ``app_name``) is mounted at the translated ``path``, and
    ``list_url_name`` names the section's list page for the navigation and the home page.

    ``home`` gives the home page block ("latest" or "upcoming"); it must not depend on the
    visitor, as every visitor is shown the same blocks (shared through the page cache).
    ``related`` gives what the section holds about a record of *any* section: a member's profile
    calls it with the member (its examples, events, projects, news), an event or an example page
    with that record (the news about it, the funder's acknowledgement of its project); it
    returns ``None`` for records it has nothing about. ``search`` is the provider for the site
    search (the words, the number of items to show). Both are shared like the home blocks, by
    logged-in visitors too: ``related`` may depend on the visitor's permissions and nothing
    else about them (its blocks are kept per set of permissions), ``search`` not on the visitor
    at all. ``account_links`` are the
    section's entries in the account menu of a logged-in user. ``record_links`` gives the
    section's staff links on a record's public page for a logged-in user (the event's
    attendance); the admin's change page is linked for every record already
    (``portal.record_links``). ``sitemaps`` are merged into
    ``/sitemap.xml``.

    ``footer`` gives a block drawn in the footer of every page (the network's contact and its
    own pages); it must not depend on the visitor either (shared like the home blocks).
    ``site_text(name)`` gives an editable text of the site by name (``"home-lead"``,
    ``"privacy"`` ...) as safe HTML, or ``None``: the template then keeps its own words.

    ``next_change(now)`` says when the section's public pages next change by the clock alone,
    without any write (an article scheduled for later going out, an event starting or ending,
    a registration window opening or closing), or ``None`` when nothing is scheduled; the page
    cache keeps no page past that moment (``network_portal.pagecache``). Changes at midnight
    (the year of the current ratings, a project's status by date) need no entry: no cached
    page outlives the day.
    """

    name: str
    label: str
    description: str
    list_url_name: str
    order: int = 100
    # Mounted by the root URLconf inside i18n_patterns: the translated path and the URLconf.
    path: str | None = None
    urls: str | None = None
    home: Callable[[HttpRequest], Block | None] | None = None
    related: Callable[[HttpRequest, Any], Block | None] | None = None
    search: Callable[[HttpRequest, str, int], SearchResults | None] | None = None
    account_links: Callable[[HttpRequest], Iterable[Link]] | None = None
    record_links: Callable[[HttpRequest, Any], Iterable[Link]] | None = None
    sitemaps: Mapping[str, type] = field(default_factory=dict)
    next_change: Callable[[datetime], datetime | None] | None = None
    footer: Callable[[HttpRequest], Block | None] | None = None
    site_text: Callable[[str], str | None] | None = None

    @property
    def list_url(self) -> str:
        return reverse(self.list_url_name)


_registry: dict[str, Section] | None = None


def _discover() -> dict[str, Section]:
    found = {}
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.{MODULE}")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.{MODULE}":
                raise
            continue
        section = getattr(module, "section", None)
        if section is not None:
            found[section.name] = section
    return found


def all_sections() -> list[Section]:
    """The registered sections in navigation order."""
    global _registry
    if _registry is None:
        _registry = _discover()
    return sorted(_registry.values(), key=lambda section: (section.order, section.name))


def next_change(now: datetime) -> datetime | None:
    """The earliest moment after ``now`` at which any section's pages change by the clock."""
    moments = [
        moment
        for section in all_sections()
        if section.next_change and (moment := section.next_change(now)) is not None
    ]
    return min(moments, default=None)


def register(section: Section) -> None:
    """Add a section by hand (sections normally register through their ``section.py``)."""
    all_sections()
    _registry[section.name] = section


def unregister(name: str) -> None:
    all_sections()
    _registry.pop(name, None)
