import pytest
from django.core.management import call_command

from network_portal.models import User


@pytest.mark.django_db
def test_load_demo_creates_the_staff_account_once_with_the_demo_password(settings, monkeypatch):
    """load_demo is idempotent and creates the staff login with the demo password, which
    DEMO_PASSWORD overrides. (With DEBUG off it creates no account at all:
    tests/members/test_demo.py.)"""
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", "jine-heslo-123")
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    staff = User.objects.get(email="staff@example.org")
    assert staff.is_staff
    assert staff.check_password("jine-heslo-123")
    assert User.objects.filter(email="staff@example.org").count() == 1


def test_the_demo_password_without_the_environment_is_the_documented_one(monkeypatch):
    from network_portal.demo import demo_password

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    assert demo_password() == "zdrave-mesto-demo"
