"""Subscribing with double opt-in, the signed links of the mails, the subscriber's data."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from newsletter.models import Subscriber
from newsletter.personal_data import personal_data_expire, subscriber_data, subscriber_delete
from newsletter.services import normalise_email
from tests.support import LAYOUT_QUERIES, run_jobs

pytestmark = pytest.mark.django_db


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def links_in(message) -> list[str]:
    return [path_of(url) for url in re.findall(r"https?://\S+", message.body)]


def test_normalised_address():
    """NFKC and a lower-case domain; the local part keeps its case."""
    assert normalise_email(" Jana.Nova@Ｅxample.ORG ") == "Jana.Nova@example.org"
    assert normalise_email("ﬁlip@example.org") == "filip@example.org"


def test_subscribe_sends_only_the_confirmation(subscribe, queue):
    """A new address is stored unconfirmed and gets the link; nothing else is sent."""
    response = subscribe()
    assert response.status_code == 302
    assert response["Location"] == "/cs/newsletter/zkontrolujte-e-mail/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "Jana.Nova@example.org"
    assert subscriber.confirmed_at is None
    assert subscriber.sections == ["events", "goodpractice", "news"]
    run_jobs(queue)
    (message,) = mail.outbox
    assert message.to == ["Jana.Nova@example.org"]
    assert "/cs/newsletter/potvrdit/" in message.body


def test_same_answer_whether_or_not_the_address_is_known(subscribe, queue):
    """The visitor sees the same redirect; a confirmed address keeps its choice and gets a
    note with its settings link (nobody changes it without a link from a mail)."""
    first = subscribe()
    Subscriber.objects.update(confirmed_at=timezone.now())
    again = subscribe(email="Jana.Nova@EXAMPLE.org", sections=["news"], language="cs")
    assert (first.status_code, first["Location"]) == (again.status_code, again["Location"])
    assert Subscriber.objects.get().sections == ["events", "goodpractice", "news"]
    run_jobs(queue)
    assert len(mail.outbox) == 2
    assert "/cs/newsletter/nastaveni/" in mail.outbox[1].body
    assert "potvrdit" not in mail.outbox[1].body


def test_confirmation_link_confirms_on_post_only(client, subscribe, queue):
    """Opening the link shows a button (mail scanners open links); the POST confirms."""
    subscribe()
    run_jobs(queue)
    (link,) = [url for url in links_in(mail.outbox[0]) if "potvrdit" in url]
    assert client.get(link).status_code == 200
    assert Subscriber.objects.get().confirmed_at is None
    response = client.post(link)
    assert response.status_code == 302
    assert "/cs/newsletter/nastaveni/" in response["Location"]
    assert Subscriber.objects.get().confirmed_at is not None


def test_manage_page_changes_the_choice(client, subscribe, queue):
    subscribe()
    subscriber = Subscriber.objects.get()
    from newsletter.services import link

    url = path_of(link(subscriber, "newsletter:manage", "manage"))
    response = client.post(url, {"sections": ["events"], "language": "en", "frequency": "monthly"})
    assert response.status_code == 200
    assert "Volba je uložena." in response.text
    subscriber.refresh_from_db()
    assert (subscriber.sections, subscriber.language, subscriber.frequency) == (
        ["events"],
        "en",
        "monthly",
    )
    forged = url.rsplit("-", 1)[0] + "-" + "0" * 40 + "/"
    assert client.get(forged).status_code == 404


def test_subscribe_form_errors_keep_the_values(subscribe):
    response = subscribe(email="neni-adresa", sections=[])
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"email", "sections"}
    assert 'value="neni-adresa"' in response.text


def test_spam_trap_and_rate_limit(subscribe, queue, settings):
    assert subscribe(website="http://spam.example.com").status_code == 302
    assert not Subscriber.objects.exists()
    settings.NEWSLETTER_RATE_LIMITS = {
        "ip": (1, timedelta(hours=1)),
        "email": (3, timedelta(hours=1)),
    }
    assert subscribe().status_code == 302
    assert subscribe(email="druha@example.org").status_code == 429


def test_data_page_shows_exports_and_deletes(client, subscribe, queue):
    subscribe()
    subscriber = Subscriber.objects.get()
    from newsletter.services import link

    url = path_of(link(subscriber, "newsletter:data", "manage"))
    response = client.get(url)
    assert "Jana.Nova@example.org" in response.text
    exported = client.get(url + "?format=json").json()
    assert exported["email"] == "Jana.Nova@example.org"
    assert client.post(url).status_code == 200
    assert not Subscriber.objects.exists()
    assert client.get(url).status_code == 404


def test_personal_data_functions_take_any_spelling_of_the_address(subscribe, queue):
    subscribe()
    assert subscriber_data("jana.nova@EXAMPLE.ORG") == {}  # the local part is case-sensitive
    data = subscriber_data("Jana.Nova@EXAMPLE.ORG")
    assert data["sections"] == ["events", "goodpractice", "news"]
    assert subscriber_delete("Jana.Nova@example.org") is True
    assert subscriber_delete("Jana.Nova@example.org") is False
    assert subscriber_data("Jana.Nova@example.org") == {}


def test_unconfirmed_subscriptions_removed_after_a_few_days(subscribe, queue, settings):
    subscribe()
    subscribe(email="potvrzena@example.org")
    Subscriber.objects.filter(email="potvrzena@example.org").update(confirmed_at=timezone.now())
    assert personal_data_expire()["unconfirmed_deleted"] == 0
    later = timezone.now() + timedelta(days=settings.NEWSLETTER_UNCONFIRMED_DAYS, hours=1)
    with time_machine.travel(later):
        assert personal_data_expire()["unconfirmed_deleted"] == 1
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["potvrzena@example.org"]


def test_subscribe_page_in_both_languages_and_query_count(client, django_assert_num_queries):
    """The form lists the sections that send news (not the documents library), the regions and
    topics."""
    for language, heading in (
        ("cs", "Přihlásit se k odběru novinek"),
        ("en", "Subscribe to the newsletter"),
    ):
        with translation.override(language):
            url = reverse("newsletter:subscribe")
        with django_assert_num_queries(2 + LAYOUT_QUERIES):  # the regions, the topics
            response = client.get(url)
        assert heading in response.text
        assert 'value="goodpractice"' in response.text
        assert 'value="documents"' not in response.text  # the library sends no digest


def test_settings_page_query_count(client, django_assert_num_queries):
    """The settings page: the subscriber, their regions and topics, and the form's choices."""
    from newsletter.services import link
    from newsletter.tokens import new_nonce

    subscriber = Subscriber.objects.create(
        email="eva@example.org", language="cs", sections=["news"], token_nonce=new_nonce()
    )
    url = path_of(link(subscriber, "newsletter:manage", "manage"))
    with django_assert_num_queries(5 + LAYOUT_QUERIES):
        assert client.get(url).status_code == 200
