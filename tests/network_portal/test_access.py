"""One access convention everywhere: staff rights are permissions of the "Network staff"
group, a coordinator's reach is a scoped queryset; a foreign object is a 404, a missing
permission a 403, an invalid state a translated ValidationError."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from goodpractice import services as practice_services
from goodpractice.models import Practice
from members.models import Member
from tests.factories import MemberFactory, UserFactory
from tests.goodpractice.factories import PracticeFactory

pytestmark = pytest.mark.django_db

ACCESS_MODULE = Path(settings.BASE_DIR) / "network_portal" / "access.py"


def test_no_is_staff_outside_the_access_helpers():
    """Only network_portal/access.py reads is_staff (the admin's own gate)."""
    root = Path(settings.BASE_DIR)
    offenders = []
    for folder in ("members", "goodpractice", "events", "projects", "news", "network_portal"):
        for path in (root / folder).rglob("*.py"):
            if "migrations" in path.parts or path == ACCESS_MODULE:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Attribute) and node.attr == "is_staff":
                    offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert offenders == []
    templates = [
        str(path.relative_to(root))
        for path in (root / "templates").rglob("*.html")
        if ".is_staff" in path.read_text()
    ]
    assert templates == []


def test_staff_rights_come_from_the_group(staff_user):
    """The admin flag alone edits nothing; the Network staff group edits every member."""
    member = MemberFactory()
    flag_only = UserFactory(is_staff=True)
    assert not Member.objects.editable_by(flag_only).exists()
    assert Member.objects.editable_by(staff_user).filter(pk=member.pk).exists()
    assert staff_user.has_perm("goodpractice.review_practice")


def test_foreign_object_is_404_for_a_coordinator(client):
    """Another member's edit page and another member's draft answer 404."""
    coordinator = UserFactory()
    own, other = MemberFactory(), MemberFactory()
    own.coordinators.add(coordinator)
    draft = PracticeFactory(members=[other], status=Practice.Status.DRAFT)
    client.force_login(coordinator)
    assert client.get(f"/cs/clenove/{other.slug}/upravit/").status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/cs/clenove/{own.slug}/upravit/").status_code == 200


def test_missing_permission_is_403(client):
    """Reviewing without the review permission is refused by the service (403 in a view)."""
    practice = PracticeFactory(members=[MemberFactory()], status=Practice.Status.SUBMITTED)
    with pytest.raises(PermissionDenied):
        practice_services.practice_publish(practice=practice, user=UserFactory(is_staff=True))
    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED


def test_invalid_state_is_a_translated_validation_error(staff_user):
    """Withdrawing a draft is a ValidationError in the user's language, decided on the
    stored row (not on the instance the caller holds)."""
    practice = PracticeFactory(members=[MemberFactory()], status=Practice.Status.DRAFT)
    stale = Practice.objects.get(pk=practice.pk)
    stale.status = Practice.Status.PUBLISHED  # what a form might have set; never stored
    with translation.override("cs"), pytest.raises(ValidationError) as refused:
        practice_services.practice_withdraw(practice=stale, user=staff_user)
    assert "Stáhnout lze jen zveřejněné příklady" in str(refused.value)
