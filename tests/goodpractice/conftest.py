import pytest
from django.utils import translation

from tests.factories import UserFactory
from tests.goodpractice.factories import GPMemberFactory


@pytest.fixture
def member(db):
    return GPMemberFactory(name="Litoměřice", slug="gp-litomerice")


@pytest.fixture
def other_member(db):
    return GPMemberFactory(name="Tachov", slug="gp-tachov")


@pytest.fixture
def coordinator(member):
    user = UserFactory(email="koordinator@example.org")
    member.coordinators.add(user)
    return user


@pytest.fixture
def other_coordinator(other_member):
    user = UserFactory(email="jiny.koordinator@example.org")
    other_member.coordinators.add(user)
    return user


@pytest.fixture(autouse=True)
def _czech():
    """reverse() outside a request follows the active language: start every test in Czech."""
    with translation.override("cs"):
        yield
