"""One check of the event's days against its parts' days wherever a part is saved: the
event's form with its parts inline, the part's own admin page, and the model's ``clean``;
and the certificate's signatory's role in the certificate's language."""

# The fixtures of test_after (an accredited school, its registrants, door staff) are imported.
# ruff: noqa: F811

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import Certificate, Event, EventPart
from events.services.attendance import attendance_mark
from events.services.certificates import certificates_issue
from tests.events.factories import EventFactory, EventPartFactory
from tests.events.test_after import _pdf_text, door_staff, registrants, school  # noqa: F401
from tests.support import admin_form_data

pytestmark = pytest.mark.django_db

START = datetime(2027, 3, 15, 9)


def _split(data, names):
    """The admin splits date and time: the unchanged POST has them as two fields."""
    for name in names:
        if name in data:
            local = timezone.localtime(datetime.fromisoformat(data.pop(name)))
            data[f"{name}_0"], data[f"{name}_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
    return data


@pytest.fixture
def two_days(db):
    """An event of 15–16 March with a part on each day."""
    start = timezone.make_aware(START)
    event = EventFactory(slug="dva-dny", start=start, end=start + timedelta(days=1, hours=8))
    first = EventPartFactory(
        event=event, title_cs="Den 1", start=start, end=start + timedelta(hours=8)
    )
    second = EventPartFactory(
        event=event,
        title_cs="Den 2",
        start=start + timedelta(days=1),
        end=start + timedelta(days=1, hours=8),
    )
    return event, first, second


def test_a_part_saved_alone_in_its_admin_is_checked(client, staff_user, two_days):
    """Moving the last part to 17 March on its own page is refused, naming both spans;
    saved unchanged it goes through."""
    _event, _first, second = two_days
    client.force_login(staff_user)
    url = f"/cs/sprava/events/eventpart/{second.pk}/change/"
    data = _split(admin_form_data(client.get(url)), ("start", "end", "registration_opens_at"))
    assert client.post(url, data).status_code == 302

    data["start_0"] = data["end_0"] = "2027-03-17"
    response = client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Akce trvá 15. 3. 2027 – 16. 3. 2027" in text
    assert "části 15. 3. 2027 – 17. 3. 2027" in text
    assert timezone.localdate(EventPart.objects.get(pk=second.pk).start).day == 16


def test_the_model_clean_checks_a_part_with_its_stored_siblings(two_days):
    """The same check without a form: a new part outside the event's days is refused."""
    event, _first, _second = two_days
    outside = EventPart(
        event=event,
        title_cs="Den 3",
        start=event.start + timedelta(days=2),
        end=event.start + timedelta(days=2, hours=2),
    )
    with pytest.raises(ValidationError) as refused:
        outside.full_clean()
    assert [error.code for error in refused.value.error_dict["__all__"]] == ["event_dates"]
    inside = EventPart(
        event=event, title_cs="Večer", start=event.start, end=event.start + timedelta(hours=10)
    )
    inside.full_clean()


def test_the_event_form_moves_the_event_and_all_parts_in_one_pass(client, staff_user, two_days):
    """Checked over the parts together: each part's own check (against stored siblings)
    would refuse a whole event moved by a day."""
    event, _first, _second = two_days
    client.force_login(staff_user)
    url = f"/cs/sprava/events/event/{event.pk}/change/"
    names = ("start", "end", *(f"parts-{i}-{f}" for i in range(2) for f in ("start", "end")))
    data = _split(admin_form_data(client.get(url)), names)
    for name in names:
        data[f"{name}_0"] = (
            datetime.fromisoformat(data[f"{name}_0"]) + timedelta(days=1)
        ).strftime("%Y-%m-%d")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(pk=event.pk)
    assert timezone.localdate(event.start).day == 16 and timezone.localdate(event.end).day == 17
    assert [timezone.localdate(p.start).day for p in event.parts.all()] == [16, 17]


def test_the_signatory_role_is_printed_in_the_certificate_language(school, registrants, door_staff):
    """Czech and English roles are separate fields; each certificate prints its own."""
    event, part = school
    event.certificate_signatory_name = "Mgr. Petra Rendlová"
    event.certificate_signatory_role_cs = "ředitelka kanceláře NSZM"
    event.certificate_signatory_role_en = "Director of the Network's Office"
    event.save()
    for person in registrants[:2]:
        attendance_mark(part=part, registration_id=person.pk, present=True, user=door_staff)
    certificates_issue(event=event, user=door_staff)
    czech = Certificate.objects.get(registration=registrants[0])
    english = Certificate.objects.get(registration=registrants[1])
    assert czech.signatory_role == "ředitelka kanceláře NSZM"
    assert english.signatory_role == "Director of the Network's Office"
    assert "Director of the Network's Office" in " ".join(_pdf_text(bytes(english.pdf)).split())
