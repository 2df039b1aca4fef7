from django.core import mail

from events import services
from events.models import RegistrationPart
from tests.events.factories import EventPartFactory


def test_register_and_pages(client, django_capture_on_commit_callbacks, db):
    """A registration confirms and its pages render in both languages."""
    part = EventPartFactory(capacity=1)
    event = part.event
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(
            event=event, parts=[part], name="Jana", email="jana@example.org"
        )
    assert registration.parts.get().status == RegistrationPart.Status.CONFIRMED
    for url in ("/cs/akce/", "/en/events/", event.get_absolute_url(), f"/en/events/{event.slug}/register/"):
        assert client.get(url).status_code == 200, url
    assert mail.outbox == []
