"""The event's admin form follows the event: basics, then parts, then the record; the event's
days must be those of its parts; a new event is the office's; a new part copies the last."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from events.models import Event, EventPart
from tests.events.factories import EventFactory, EventPartFactory
from tests.support import admin_form_data

pytestmark = pytest.mark.django_db

SPLIT = ("start", "end", "parts-0-start", "parts-0-end")


def _form(client, url):
    data = admin_form_data(client.get(url))
    for name in SPLIT:  # the admin splits date and time
        if name in data:
            local = timezone.localtime(datetime.fromisoformat(data.pop(name)))
            data[f"{name}_0"], data[f"{name}_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
    return data


@pytest.fixture
def three_days(db):
    """An event of 15–17 March with one part on 15–16 March."""
    start = timezone.make_aware(datetime(2027, 3, 15, 9))
    event = EventFactory(slug="tri-dny", start=start, end=start + timedelta(days=2, hours=8))
    EventPartFactory(
        event=event,
        start=start,
        end=start + timedelta(days=1, hours=8),
        capacity=30,
        member_quota=2,
        accredited_programme="Místní Agenda 21",
        accreditation_number="AK/1",
        accredited_hours=6,
    )
    return event


def test_basics_then_parts_then_the_record(client, staff_user, three_days):
    client.force_login(staff_user)
    page = client.get(f"/cs/sprava/events/event/{three_days.pk}/change/").content.decode()
    basics = page.index("field-summary_cs")
    dates = page.index("field-start")
    parts = page.index('id="parts-group"')
    record = page.index("field-created_at")
    personal = page.index("field-personal_data_until")
    assert basics < dates < parts < record < personal


def test_event_days_must_be_those_of_its_parts(client, staff_user, three_days):
    """15–17 March with parts on 15–16 March is refused, naming both spans."""
    client.force_login(staff_user)
    url = f"/cs/sprava/events/event/{three_days.pk}/change/"
    data = _form(client, url)
    data["summary_cs"] = "Upraveno"
    response = client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert (
        "Akce trvá 15. 3. 2027 – 17. 3. 2027" in text and "části 15. 3. 2027 – 16. 3. 2027" in text
    )
    assert Event.objects.get(pk=three_days.pk).summary_cs != "Upraveno"

    data["end_0"] = "2027-03-16"
    data["end_1"] = "17:00:00"
    response = client.post(url, data)
    assert response.status_code == 302
    assert timezone.localdate(Event.objects.get(pk=three_days.pk).end).day == 16


def test_a_new_event_is_organised_by_the_office(client, staff_user, settings):
    settings.EVENTS_OFFICE_EMAIL = "kancelar@example.org"
    client.force_login(staff_user)
    form = client.get("/cs/sprava/events/event/add/").context["adminform"].form
    assert form.initial["contact_email"] == "kancelar@example.org"
    assert form.initial["organiser_cs"] == "Kancelář Národní sítě Zdravých měst České republiky"
    assert form.initial["organiser_en"] == (
        "Office of the National Healthy Cities Network of the Czech Republic"
    )


def test_a_new_part_starts_from_the_last_parts_settings(client, staff_user, three_days):
    """The blank part copies capacity, quota and accreditation; left alone it adds nothing."""
    client.force_login(staff_user)
    url = f"/cs/sprava/events/event/{three_days.pk}/change/"
    response = client.get(url)
    (formset,) = [
        f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "parts"
    ]
    blank = formset.forms[-1]
    assert blank.instance.pk is None
    assert blank["capacity"].value() == 30 and blank["member_quota"].value() == 2
    assert blank["accreditation_number"].value() == "AK/1"
    assert blank["title_cs"].value() in (None, "")

    data = _form(client, url)
    data["end_0"] = "2027-03-16"
    response = client.post(url, data)
    assert response.status_code == 302
    assert EventPart.objects.filter(event=three_days).count() == 1

    data["parts-1-title_cs"] = "Druhý den"
    data["parts-1-start_0"], data["parts-1-start_1"] = "2027-03-17", "09:00:00"
    data["parts-1-end_0"], data["parts-1-end_1"] = "2027-03-17", "12:00:00"
    data["end_0"] = "2027-03-17"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    new = EventPart.objects.get(event=three_days, title_cs="Druhý den")
    assert new.capacity == 30 and new.accredited_hours == 6
