import pytest
from django.core.management import call_command

from network_portal.models import User


@pytest.mark.django_db
def test_load_demo_creates_the_staff_account_once(settings):
    """load_demo is idempotent and creates the staff login with the demo password."""
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    staff = User.objects.get(email="staff@example.org")
    assert staff.is_staff
    assert staff.check_password("zdrave-mesto-demo")
    assert User.objects.filter(email="staff@example.org").count() == 1


@pytest.mark.django_db
def test_load_demo_uses_demo_password_from_the_environment(settings, monkeypatch):
    """DEMO_PASSWORD overrides the default demo password."""
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_PASSWORD", "jine-heslo-123")
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert User.objects.get(email="staff@example.org").check_password("jine-heslo-123")


@pytest.mark.django_db
def test_load_demo_refuses_accounts_when_debug_is_off(settings):
    """With DEBUG off no account with a known password is created."""
    settings.DEBUG = False
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not User.objects.filter(email__endswith="@example.org").exists()
