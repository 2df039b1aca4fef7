"""What a server process prepares before its first request (gunicorn's ``post_worker_init``).

Django imports the URL configuration (and with it every view) on the first request, builds
its tables for ``reverse()`` (one per namespace too) on the first use in each language,
imports the language's date formats and the templates' context processors on first use,
compiles each template the first time a page uses it, simplemma loads its dictionaries on
the first search, and the page cache digests the code and the installed packages' versions
for its keys (``pagekeys.code_version``: 0.3 s) on the first page: on this machine a
worker's first request of the good-practice search took 0.86 s against 0.05 s for the next.
A worker pays that once, at start, instead of making a visitor wait for it (after every
deploy and restart, once per worker and page).

What it loaded then lives as long as the process, and so do Django's and the libraries' own
tables: about 200,000 objects that Python's collector went through in every full collection
(150 ms on this machine, once every few dozen requests, in whichever request set it off).
Frozen after the warm-up (``gc.freeze``), they are left out of every collection.
"""

from __future__ import annotations

import contextlib
import gc
import logging
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import TemplateSyntaxError, engines
from django.template.backends.django import DjangoTemplates
from django.template.loader import get_template
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import formats, translation

from network_portal.pagekeys import code_version
from network_portal.search.words import load_dictionaries

logger = logging.getLogger(__name__)

TEMPLATE_SUFFIXES = {".html", ".txt", ".xml"}


def warm_up() -> None:
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            _reverse_ready(get_resolver())
            _namespaces_ready(get_resolver())
            formats.get_format("DATE_FORMAT")  # imports the language's format modules
    for engine in engines.all():
        if isinstance(engine, DjangoTemplates):
            engine.engine.template_context_processors  # noqa: B018 - imported on first use
    for name in project_templates():
        try:
            get_template(name)
        except TemplateSyntaxError:
            # A template that cannot compile fails its own page (and its tests), not the
            # server's start.
            logger.exception("Template %s did not compile at start", name)
    load_dictionaries()
    if apps.is_installed("network_portal"):  # not the benchmark's bare project
        code_version()
    gc.collect()  # what is garbage already is not frozen with the rest
    gc.freeze()


def _reverse_ready(resolver) -> None:
    """The resolver's table for ``reverse()`` in the active language, and its namespaces'
    (each built on its first use in each language: 0.16 s for the portal's)."""
    resolver.reverse_dict  # noqa: B018 - built on first use
    for _prefix, namespace in resolver.namespace_dict.values():
        _reverse_ready(namespace)


def _namespaces_ready(resolver, path: tuple[str, ...] = ()) -> None:
    """The small resolver ``reverse()`` builds for each namespace (one per namespace and
    language, built on first use): one name of each namespace reversed."""
    for name, (_prefix, namespace) in resolver.namespace_dict.items():
        names = [key for key in namespace.reverse_dict if isinstance(key, str)]
        if names:
            # Without its arguments the name does not reverse; the resolver is built anyway.
            with contextlib.suppress(NoReverseMatch):
                reverse(":".join((*path, name, names[0])))
        _namespaces_ready(namespace, (*path, name))


def project_templates() -> list[str]:
    """The names of the project's own templates (its template engines' ``DIRS``: the
    portal's ``templates/``; none for the benchmark's bare project, served by the same
    gunicorn settings)."""
    names = set()
    for engine in settings.TEMPLATES:
        for folder in map(Path, engine.get("DIRS", [])):
            names |= {
                path.relative_to(folder).as_posix()
                for path in folder.rglob("*")
                if path.suffix in TEMPLATE_SUFFIXES
            }
    return sorted(names)
