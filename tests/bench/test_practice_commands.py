"""The load-test generator and the search benchmark work (on a small scale here)."""

import io
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection

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


def test_design_benchmark():
    """benchmark_search_design builds the simpler design's table, finds the same examples in
    it as today's engine for every case, reports each design and drops the table."""
    call_command("generate_practices", count=60, members=5, batch=50, stdout=io.StringIO())
    out = io.StringIO()
    call_command("benchmark_search_design", runs=4, stdout=out)
    report = out.getvalue()
    designs = re.findall(r"^  .{22} (\S+(?: [-+] plan)?) +\d", report, re.MULTILINE)
    names = ["today", "today - plan", "simpler", "simpler + plan"]
    assert Counter(designs) == dict.fromkeys(names, 8)  # four kinds of case, two languages
    agreement = re.findall(r"same number of results: (\d+) of (\d+)", report)
    assert len(agreement) == 8
    assert all(same == cases for same, cases in agreement), report
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_simple_practice_search')")
        assert cursor.fetchone() == (None,)
