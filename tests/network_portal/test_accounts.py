import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import PASSWORD, UserFactory
from tests.support import run_jobs

pytestmark = pytest.mark.django_db

LOGIN = "/en/account/login/"


def login(client, email, password):
    return client.post(LOGIN, {"login": email, "password": password})


def test_login_with_email_and_password(client):
    """A user logs in with the e-mail address."""
    user = UserFactory(email="koordinator@example.org")
    response = login(client, "koordinator@example.org", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_gets_a_translated_error(client):
    """A failed login shows an error in the visitor's language and keeps the e-mail."""
    UserFactory(email="koordinator@example.org")
    response = client.post(
        "/cs/ucet/login/", {"login": "koordinator@example.org", "password": "spatne"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "není správné" in html
    assert 'value="koordinator@example.org"' in html


def test_there_is_no_open_sign_up(client):
    """Nobody can create an account: sign-up is closed."""
    response = client.post(
        "/en/account/signup/",
        {
            "email": "new@example.org",
            "password1": "Zdrave-Mesto-42",
            "password2": "Zdrave-Mesto-42",
        },
    )
    assert "Sign Up Closed" in response.content.decode()
    from network_portal.models import User

    assert not User.objects.filter(email="new@example.org").exists()


def test_password_reset_sends_an_email(
    client, mailoutbox, queue, django_capture_on_commit_callbacks
):
    """A user who forgot the password gets a reset link by e-mail, through the mail queue."""
    UserFactory(email="koordinator@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/cs/ucet/password/reset/", {"email": "koordinator@example.org"})
    assert mailoutbox == []
    assert run_jobs(queue) == 1
    assert len(mailoutbox) == 1
    assert "/cs/ucet/password/reset/key/" in mailoutbox[0].body


def test_login_locks_out_after_repeated_failures_and_recovers_after_cool_off(client):
    """Five wrong passwords lock the login for 15 minutes, even with the right password."""
    UserFactory(email="koordinator@example.org")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(5):
            login(client, "koordinator@example.org", "wrong")
        locked = login(client, "koordinator@example.org", PASSWORD)
        assert locked.status_code == 429
        assert "Too many failed logins" in locked.content.decode()
        assert "_auth_user_id" not in client.session
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        response = login(client, "koordinator@example.org", PASSWORD)
        assert response.status_code == 302
        assert "_auth_user_id" in client.session


def test_lockout_page_is_translated(client):
    """The lockout page speaks Czech on Czech pages."""
    UserFactory(email="koordinator@example.org")
    for _ in range(6):
        response = client.post(
            "/cs/ucet/login/", {"login": "koordinator@example.org", "password": "spatne"}
        )
    assert response.status_code == 429
    assert "Příliš mnoho neúspěšných přihlášení" in response.content.decode()


def test_admin_lives_at_a_non_default_path_and_logs_in_through_the_site(client):
    """The admin is not at /admin/; its login goes through the site's login page."""
    assert client.get("/admin/").status_code == 404
    response = client.get("/cs/sprava/")
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert follow.status_code == 302
    assert follow["Location"].startswith("/cs/ucet/login/")


def test_admin_works_in_both_languages(client):
    """Staff see the admin in Czech and in English."""
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert "Administrace" in client.get("/cs/sprava/").content.decode()
    assert "Administration" in client.get("/en/sprava/").content.decode()


def test_non_staff_user_cannot_use_the_admin(client):
    """A logged-in coordinator is not let into the admin."""
    client.force_login(UserFactory())
    response = client.get("/en/sprava/")
    assert response.status_code == 302
    assert "/sprava/login/" in response["Location"]


def _reset_mail(client, settings, queue, mailoutbox, capture, email, adapter):
    settings.ACCOUNT_ADAPTER = adapter
    mailoutbox.clear()
    with capture(execute=True):
        client.post("/cs/ucet/password/reset/", {"email": email})
    run_jobs(queue)
    (message,) = mailoutbox
    return message.subject, re.sub(r"/key/[^/\s]+/", "/key/…/", message.body)


@pytest.mark.parametrize("email", ["koordinator@example.org", "nikdo@example.org"])
def test_queued_account_mails_read_as_allauth_would_send_them(
    client, settings, mailoutbox, queue, django_capture_on_commit_callbacks, email
):
    """The queued mail has the site's name, the address and the links, exactly as allauth's
    own (synchronous) sending renders it – for a known address and for an unknown one."""
    UserFactory(email="koordinator@example.org")
    args = (client, settings, queue, mailoutbox, django_capture_on_commit_callbacks, email)
    queued = _reset_mail(*args, "network_portal.accounts.AccountAdapter")
    direct = _reset_mail(*args, "allauth.account.adapter.DefaultAccountAdapter")
    assert queued == direct
    assert "Pozdrav z testserver!" in queued[1]


def test_mail_for_an_unknown_address_does_not_offer_the_closed_sign_up(
    client, mailoutbox, queue, django_capture_on_commit_callbacks
):
    """Nobody can sign up, so the mail says who creates accounts instead of linking to a
    sign-up page that is closed."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/cs/ucet/password/reset/", {"email": "nikdo@example.org"})
    run_jobs(queue)
    (message,) = mailoutbox
    assert "nikdo@example.org" in message.body
    assert "signup" not in message.body and "/ucet/" not in message.body
    assert "info@zdravamesta.cz" in message.body
