"""An event's coordinates in the admin: the host's position offered, the point on the map."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from members import maps
from tests.events.factories import EventFactory
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def change_url(event):
    return f"/cs/sprava/events/event/{event.pk}/change/"


@pytest.fixture
def host():
    return MemberFactory(
        name="Liberec", latitude=Decimal("50.76711"), longitude=Decimal("15.05620")
    )


def test_host_position_is_offered_when_the_event_has_none(client, staff_user, host):
    """An event with a located host and no coordinates offers the host's position."""
    event = EventFactory(hosts=[MemberFactory(name="Aš", latitude=None, longitude=None), host])
    client.force_login(staff_user)
    content = client.get(change_url(event)).content.decode()
    # After the save row: Enter in a field must still save.
    assert content.index('name="_save"') < content.index('name="_use_default_position"')
    assert "Hostitel Liberec leží na 50,76711, 15,05620." in content


def test_no_offer_with_coordinates_or_without_a_located_host(client, staff_user, host):
    """Nothing is offered when the event is located, or no host has a position."""
    client.force_login(staff_user)
    located = EventFactory(hosts=[host], latitude=Decimal("50.1"), longitude=Decimal("14.4"))
    unlocated_host = EventFactory(hosts=[MemberFactory(latitude=None, longitude=None)])
    for event in (located, unlocated_host, EventFactory()):
        assert 'name="_use_default_position"' not in client.get(change_url(event)).content.decode()


def test_use_host_position_fills_the_form_and_saves_nothing(client, staff_user, host):
    """The button fills in the host's coordinates and draws the point; the event is unchanged."""
    event = EventFactory(hosts=[host])
    client.force_login(staff_user)
    response = client.post(
        change_url(event),
        {"hosts": [str(host.pk)], "title_cs": "Nový název", "_use_default_position": "1"},
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form["latitude"].value() == "50.76711"
    assert form["longitude"].value() == "15.05620"
    assert form["title_cs"].value() == "Nový název"
    x, y = maps.projection()(Decimal("15.05620"), Decimal("50.76711"))
    assert f'<circle cx="{x}" cy="{y}"' in response.content.decode()
    event.refresh_from_db()
    assert event.latitude is None and event.title_cs != "Nový název"


def test_map_shows_the_stored_point(client, staff_user):
    """The change page draws the event's point on the member map."""
    event = EventFactory(latitude=Decimal("49.19522"), longitude=Decimal("16.60796"))
    client.force_login(staff_user)
    content = client.get(change_url(event)).content.decode()
    x, y = maps.projection()(Decimal("16.60796"), Decimal("49.19522"))
    assert f'<circle cx="{x}" cy="{y}"' in content
    assert content.count("<path d=") >= len(maps.region_shapes())


@pytest.mark.parametrize("button", [{}, {"_preview": "1"}])
def test_invalid_coordinates_keep_their_errors(client, staff_user, button):
    """Out-of-range coordinates get the model's validation errors and no point on the map."""
    event = EventFactory()
    client.force_login(staff_user)
    response = client.post(change_url(event), {"latitude": "99", "longitude": "15", **button})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["latitude"] == ["Hodnota musí být menší nebo rovna 51.1."]
    content = response.content.decode()
    assert "Opravte souřadnice" in content
    assert "<circle" not in content
    event.refresh_from_db()
    assert event.latitude is None


def test_viewer_gets_no_offer_and_cannot_use_it(client, host):
    """Staff who may only view events see no button, and posting it is refused."""
    event = EventFactory(hosts=[host])
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(viewer)
    assert 'name="_use_default_position"' not in client.get(change_url(event)).content.decode()
    data = {"hosts": [str(host.pk)], "_use_default_position": "1"}
    response = client.post(change_url(event), data)
    assert response.status_code == 403
