import pytest


@pytest.fixture(autouse=True)
def _mail_queued_at_once(monkeypatch):
    """These tests never commit: a message waiting for the commit is queued at once instead
    (that mail_queue waits for the commit is tested in tests/events/test_mail.py)."""
    from types import SimpleNamespace

    from network_portal import mail as mail_module

    monkeypatch.setattr(mail_module, "transaction", SimpleNamespace(on_commit=lambda f: f()))


@pytest.fixture
def subscribe(client):
    """Post the subscribe form (Czech page) with the given values."""
    from django.urls import reverse
    from django.utils import translation

    def post(email="Jana.Nova@Example.ORG", language="cs", **extra):
        data = {
            "email": email,
            "sections": ["news", "events", "goodpractice"],
            "language": language,
        }
        data.update({"frequency": "weekly", "website": "", **extra})
        with translation.override(language):
            return client.post(reverse("newsletter:subscribe"), data)

    return post
