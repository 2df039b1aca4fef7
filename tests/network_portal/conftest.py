import pytest
from django.test import Client

from tests.network_portal import url_roles


@pytest.fixture
def world(staff_user):
    """The records of url_roles: members A and B with their coordinators, staff, and per
    section a public and a non-public record."""
    return url_roles.build_world(staff_user)


@pytest.fixture
def clients(world) -> dict[str, Client]:
    """A logged-in test client per role of url_roles (and one for anonymous visitors)."""
    clients = {"anonymous": Client()}
    for role in url_roles.ROLES[1:]:
        clients[role] = Client()
        clients[role].force_login(getattr(world, role))
    return clients
