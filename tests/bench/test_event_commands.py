"""The events' generator and benchmark run on a small scale."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command

from events.models import Event, RegistrationPart

pytestmark = pytest.mark.django_db


def test_generate_and_benchmark_events(settings):
    """At a small scale; the per-visitor limits do not apply to the benchmark's one address
    (its searched list would reach them at 30 runs)."""
    settings.VISITOR_RATE_LIMITS = {"list-search": (1, timedelta(minutes=1))}
    call_command("generate_events", events=30, registrations=200, stdout=io.StringIO())
    assert Event.objects.count() == 30
    assert RegistrationPart.objects.count() == 200
    out = io.StringIO()
    call_command("benchmark_events", runs=2, stdout=out)
    assert "event page (busiest)" in out.getvalue()
