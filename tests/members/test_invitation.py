"""Staff invite coordinators; the invited person sets a password through a one-time link."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from members.services import coordinator_invite
from tests.support import run_jobs

pytestmark = pytest.mark.django_db

INVITE_URL = "/cs/sprava/members/member/invite/"


def invite(client, staff_user, members, email="nova.koordinatorka@tachov.example.org", **extra):
    client.force_login(staff_user)
    data = {
        "email": email,
        "first_name": "Nová",
        "last_name": "Koordinátorka",
        "members": [m.pk for m in members],
        "language": "cs",
        **extra,
    }
    return client.post(INVITE_URL, data)


def link_from(message):
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def test_staff_invite_links_account_and_sends_one_time_link(
    client, staff_user, tachov, brno, django_capture_on_commit_callbacks, queue
):
    """The invitation creates the account, links it to the members and e-mails a link."""
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, staff_user, [tachov, brno])
    run_jobs(queue)
    assert response.status_code == 302
    account = get_user_model().objects.get(email="nova.koordinatorka@tachov.example.org")
    assert not account.has_usable_password()
    assert set(account.coordinated_members.all()) == {tachov, brno}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nova.koordinatorka@tachov.example.org"]
    assert "Tachov" in message.body and "Brno" in message.body
    assert "/cs/clenove/pozvanka/" in message.body


def test_invitation_link_sets_password_once(
    client, staff_user, tachov, django_capture_on_commit_callbacks, queue
):
    """The link lets the person set a password and log in; used once, it stops working."""
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, staff_user, [tachov])
    run_jobs(queue)
    link = link_from(mail.outbox[0])
    client.logout()
    assert client.get(link).status_code == 200
    response = client.post(
        link, {"new_password1": "Zdrave-Mesto-2026", "new_password2": "Zdrave-Mesto-2026"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/cs/ucet/login/")
    login = client.post(
        "/cs/ucet/login/",
        {"login": "nova.koordinatorka@tachov.example.org", "password": "Zdrave-Mesto-2026"},
    )
    assert login.status_code == 302
    assert client.get("/cs/clenove/tachov/upravit/").status_code == 200
    client.logout()
    assert client.get(link).status_code == 400
    again = client.post(
        link, {"new_password1": "Jine-Heslo-2026", "new_password2": "Jine-Heslo-2026"}
    )
    assert again.status_code == 400
    assert "nefunguje" in again.content.decode()


def test_invitation_link_expires(
    client, staff_user, tachov, django_capture_on_commit_callbacks, queue
):
    """After 14 days the link no longer works."""
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, staff_user, [tachov])
    run_jobs(queue)
    link = link_from(mail.outbox[0])
    client.logout()
    with time_machine.travel(timezone.now() + timedelta(days=13)):
        assert client.get(link).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        assert client.get(link).status_code == 400


@pytest.mark.parametrize(
    "link",
    [
        "/cs/clenove/pozvanka/xx/yy/",
        "/cs/clenove/pozvanka/MQ/abc-def/",
        "/en/members/invitation/!!/1-2/",
        "/cs/clenove/pozvanka/OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5/abc-def/",
    ],
)
def test_forged_links_are_refused(client, link):
    """A made-up link gives a clear page, never an error."""
    assert client.get(link).status_code in (400, 404)


def test_existing_account_is_linked_without_password_reset(
    client, staff_user, tachov, brno, coordinator, django_capture_on_commit_callbacks, queue
):
    """Inviting an existing coordinator links the member and sends the login link."""
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, staff_user, [brno], email=coordinator.email)
    run_jobs(queue)
    assert set(coordinator.coordinated_members.all()) == {tachov, brno}
    assert coordinator.has_usable_password()
    assert "/cs/ucet/login/" in mail.outbox[0].body


def test_only_staff_may_invite(client, coordinator, tachov):
    """A coordinator cannot reach the invitation form or call the service."""
    client.force_login(coordinator)
    response = client.get(INVITE_URL)
    assert response.status_code == 302
    with pytest.raises(PermissionDenied):
        coordinator_invite(
            email="x@example.org", members=[tachov], invited_by=coordinator, site_url="http://x"
        )


def test_admin_action_preselects_members(client, staff_user, tachov, brno):
    """The change-list action opens the invitation form with the chosen members."""
    client.force_login(staff_user)
    response = client.post(
        "/cs/sprava/members/member/",
        {"action": "invite_coordinator", "_selected_action": [tachov.pk, brno.pk]},
    )
    assert response.status_code == 302
    form = client.get(response["Location"]).context["form"]
    assert set(form.initial["members"]) == {tachov, brno}


def test_invalid_invitation_form_shows_errors(client, staff_user):
    """A bad e-mail or no member gives form errors, not a 500."""
    response = invite(client, staff_user, [], email="not-an-email")
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"email", "members"}


def test_no_open_sign_up(client):
    """There is no public sign-up: the invitation is the only way in."""
    response = client.get("/cs/ucet/signup/")
    assert response.status_code in (200, 302, 404)
    assert get_user_model().objects.count() == 0
