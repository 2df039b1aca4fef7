"""The load-test generator and the search benchmark work (on a small scale here)."""

import io

import pytest
from django.core.management import call_command

from goodpractice.models import Practice, PracticeSearchRow, PracticeSearchText

pytestmark = pytest.mark.django_db


def test_generator_and_benchmark():
    """generate_practices creates searchable bilingual examples; the benchmark reports the
    percentiles and shows the GIN index in the plan."""
    call_command("generate_practices", count=120, members=5, batch=50, stdout=io.StringIO())
    assert Practice.objects.count() == 120
    practice = Practice.objects.exclude(title_en="").first()
    assert practice.title_cs and practice.summary_cs and practice.body_cs
    assert practice.members.exists() or practice.partner_name
    assert practice.target_groups.exists() and practice.goals.exists()
    published = Practice.objects.published().count()
    assert PracticeSearchRow.objects.filter(language="cs").count() == published
    assert PracticeSearchText.objects.filter(language="cs").count() == published
    out = io.StringIO()
    call_command("benchmark_search", runs=5, stdout=out)
    report = out.getvalue()
    assert "p95" in report
    assert "without search words" in report and "unfiltered first page" in report
    assert "EXPLAIN ANALYZE" in report and "Execution Time" in report
