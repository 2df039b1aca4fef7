"""A member's coordinates in the admin: the point on the directory's own map."""

from decimal import Decimal

import pytest

from members import maps
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def change_url(member):
    return f"/cs/sprava/members/member/{member.pk}/change/"


def test_map_shows_the_stored_point(client, staff_user):
    """The change page draws the member's point on the map, and offers no default."""
    member = MemberFactory(latitude=Decimal("50.08804"), longitude=Decimal("14.42076"))
    client.force_login(staff_user)
    content = client.get(change_url(member)).content.decode()
    x, y = maps.projection()(Decimal("14.42076"), Decimal("50.08804"))
    assert f'<circle cx="{x}" cy="{y}"' in content
    assert 'name="_use_default_position"' not in content


def test_preview_shows_typed_coordinates_without_saving(client, staff_user):
    """Preview draws the typed point; the stored coordinates stay."""
    member = MemberFactory(latitude=Decimal("50.08804"), longitude=Decimal("14.42076"))
    client.force_login(staff_user)
    response = client.post(
        change_url(member), {"latitude": "49.59380", "longitude": "17.25090", "_preview": "1"}
    )
    x, y = maps.projection()(Decimal("17.25090"), Decimal("49.59380"))
    assert f'<circle cx="{x}" cy="{y}"' in response.content.decode()
    member.refresh_from_db()
    assert member.latitude == Decimal("50.08804")


@pytest.mark.parametrize("button", [{}, {"_preview": "1"}])
def test_one_coordinate_keeps_its_error(client, staff_user, button):
    """Only one of the two coordinates is still refused with the existing message."""
    member = MemberFactory(latitude=None, longitude=None)
    client.force_login(staff_user)
    data = {"name": member.name, "slug": member.slug, "kind": "town", "ico": member.ico}
    response = client.post(
        change_url(member), {**data, "latitude": "49.5", "longitude": "", **button}
    )
    content = response.content.decode()
    assert "Vyplňte zeměpisnou šířku i délku, nebo ani jednu." in content
    assert "<circle" not in content
    member.refresh_from_db()
    assert member.latitude is None
