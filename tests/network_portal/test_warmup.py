"""A server process prepares before its first request (network_portal.warmup, called by
gunicorn's post_worker_init), so that no visitor waits for it."""

import os
import subprocess
import sys

from django.conf import settings


def test_gunicorn_workers_prepare_before_their_first_request():
    """A worker's post_worker_init (after gunicorn loaded the application) imports the URL
    configuration and builds its tables for reverse() in both languages, the date formats
    and the context processors, compiles the templates, loads simplemma's Czech and English
    dictionaries, so its first search reads none of them from disk (in a fresh process:
    this one has them already), and digests the code for the page cache's keys. What it
    loaded is frozen out of the collector's way: a full collection afterwards goes through
    none of it."""
    script = """
import gc
import runpy
import sys

import django
from django.conf import settings
from django.template.loader import get_template
from django.template.loaders import filesystem
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation
from simplemma.strategies.dictionaries import dictionary_factory

django.setup()
assert settings.ROOT_URLCONF not in sys.modules
runpy.run_path("gunicorn.conf.py")["post_worker_init"](None)
assert settings.ROOT_URLCONF in sys.modules
assert gc.get_freeze_count() > 50_000, gc.get_freeze_count()
assert len(gc.get_objects()) < 1_000, len(gc.get_objects())

def refuse(*args):
    raise AssertionError(f"{args[-1]} read from disk in a request")

dictionary_factory._load_dictionary_from_disk = refuse
filesystem.Loader.get_contents = refuse
from network_portal.search.words import dictionary_lemma
assert dictionary_lemma("městech", "cs") == "město"
assert dictionary_lemma("cities", "en") == "city"
get_template("goodpractice/practice_list.html")
get_template("base.html")
# The tables for reverse() (Django's own, built per language): the root's, every
# namespace's, and the small resolver reverse() wraps each namespace in.
root = get_resolver()
for code in ("cs", "en"):
    assert code in root._reverse_dict
    for _prefix, namespace in root._namespace_dict[code].values():
        assert code in namespace._reverse_dict, namespace
URLResolver._populate = refuse
for code in ("cs", "en"):
    with translation.override(code):
        reverse("goodpractice:list")
        reverse("events:detail", args=["x"])
# The page cache's digest of the code (0.3 s: every project file and package version).
from network_portal.pagekeys import code_version
assert code_version.cache_info().currsize == 1
# The languages' date formats and the templates' context processors are imported.
for module in ("network_portal.formats.cs.formats", "network_portal.context_processors"):
    assert module in sys.modules, module
"""
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "network_portal.settings.test"}
    subprocess.run(
        [sys.executable, "-c", script], check=True, cwd=settings.BASE_DIR, env=environment
    )
