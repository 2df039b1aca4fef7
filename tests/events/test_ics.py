"""Calendar files stay valid iCalendar whatever the text of the event holds."""

from datetime import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from events.ics import calendar_for_parts
from events.models import Event
from tests.events.factories import EventFactory, EventPartFactory
from tests.support import admin_form_data

pytestmark = pytest.mark.django_db


def test_an_event_title_with_a_line_break_saved_in_the_admin_gives_a_working_calendar(
    client, staff_user
):
    """The title is stored on one line (CleanCharField), so the event's .ics parses, with the
    title as its summary and its calendar name."""
    event = EventFactory(title_cs="Seminář", slug="seminar-ics")
    EventPartFactory(event=event)
    client.force_login(staff_user)
    url = f"/cs/sprava/events/event/{event.pk}/change/"
    data = admin_form_data(client.get(url))
    for name in ("start", "end", "parts-0-start", "parts-0-end"):  # split date and time
        local = timezone.localtime(datetime.fromisoformat(data.pop(name)))
        data[f"{name}_0"], data[f"{name}_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
    data["title_cs"] = "a\nb"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Event.objects.get(pk=event.pk).title_cs == "a b"
    response = client.get("/cs/akce/seminar-ics/calendar.ics")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    summaries = [str(entry["summary"]) for entry in calendar.walk("VEVENT")]
    assert summaries == [f"a b – {event.parts.get().title}"]


def test_every_text_property_is_escaped():
    """Line breaks, commas and semicolons in any text (the calendar's name included) are
    escaped, never written raw into the file."""
    part = EventPartFactory(event__title_cs="Akce", event__venue_address="Náměstí 1,\nTábor")
    content = calendar_for_parts(
        [part], name="Kalendář\nřádek; s, čárkou", base_url="http://testserver/"
    )
    lines = content.decode().split("\r\n")
    assert "X-WR-CALNAME:Kalendář\\nřádek\\; s\\, čárkou" in lines
    calendar = Calendar.from_ical(content)
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["location"]).endswith("Tábor")
