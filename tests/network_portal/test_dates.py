"""One way to write dates per language (issue 20): Czech "6.–7. 1. 2027", English
"6–7 January 2027", with times the same way."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from network_portal.templatetags.portal import date_range, datetime_range, day, long_day, moment

PRAGUE = ZoneInfo("Europe/Prague")
START = datetime(2027, 1, 6, 9, 0, tzinfo=PRAGUE)


@pytest.mark.parametrize(
    ("language", "end", "expected"),
    [
        ("cs", None, "6. 1. 2027"),
        ("cs", datetime(2027, 1, 7, 16, tzinfo=PRAGUE), "6.–7. 1. 2027"),
        ("cs", datetime(2027, 2, 7, tzinfo=PRAGUE), "6. 1. – 7. 2. 2027"),
        ("en", None, "6 January 2027"),
        ("en", datetime(2027, 1, 7, 16, tzinfo=PRAGUE), "6–7 January 2027"),
        ("en", datetime(2027, 2, 7, tzinfo=PRAGUE), "6 January – 7 February 2027"),
    ],
)
def test_date_ranges_write_shared_parts_once(language, end, expected):
    with translation.override(language):
        assert date_range(START, end) == expected


def test_ranges_across_years_and_plain_dates():
    with translation.override("cs"):
        assert date_range(date(2026, 12, 31), date(2027, 1, 2)) == "31. 12. 2026 – 2. 1. 2027"
    with translation.override("en"):
        assert date_range(date(2026, 12, 31), date(2027, 1, 2)) == (
            "31 December 2026 – 2 January 2027"
        )


def test_times_and_weekdays():
    """Times follow the date the same way in both languages; a moment in UTC is shown in
    Prague time."""
    end = datetime(2027, 1, 6, 12, 30, tzinfo=PRAGUE)
    with translation.override("cs"):
        assert datetime_range(START, end) == "6. 1. 2027, 9:00–12:30"
        assert long_day(START) == "středa 6. 1. 2027"
        assert moment(datetime(2027, 1, 6, 8, tzinfo=ZoneInfo("UTC"))) == "6. 1. 2027, 9:00"
        assert day(START) == "6. 1. 2027"
    with translation.override("en"):
        assert datetime_range(START, end) == "6 January 2027, 9:00–12:30"
        assert datetime_range(START, datetime(2027, 1, 7, 16, tzinfo=PRAGUE)) == (
            "6 January 2027, 9:00 – 7 January 2027, 16:00"
        )
        assert long_day(START) == "Wednesday 6 January 2027"


def test_the_plain_date_filter_follows_the_format_modules():
    """{{ value|date }} without a format is the language's one format, not "Jan. 6, 2027"."""
    template = Template("{{ value|date }}")
    with translation.override("en"):
        assert template.render(Context({"value": date(2027, 1, 6)})) == "6 January 2027"
    with translation.override("cs"):
        assert template.render(Context({"value": date(2027, 1, 6)})) == "6. 1. 2027"
