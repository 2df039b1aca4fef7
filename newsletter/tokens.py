"""The secrets in a subscriber's links: ``<pk>-<hmac>`` of the purpose, the primary key and a
random nonce stored with the subscriber. Nothing stored rebuilds a link; a new nonce (or the
deletion of the subscriber) revokes every link sent before."""

import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "newsletter.subscriber"
PURPOSES = ("confirm", "manage", "unsubscribe")


def new_nonce() -> str:
    return secrets.token_hex(16)


def subscriber_token(subscriber, purpose: str) -> str:
    assert purpose in PURPOSES
    digest = salted_hmac(
        SALT, f"{purpose}:{subscriber.pk}:{subscriber.token_nonce}", algorithm="sha256"
    ).hexdigest()[:40]
    return f"{subscriber.pk}-{digest}"


def subscriber_by_token(token: str, purpose: str):
    """The subscriber the token opens for ``purpose``, or None."""
    from newsletter.models import Subscriber

    pk, _sep, digest = (token or "").partition("-")
    if not pk.isdigit() or len(pk) > 18 or len(digest) != 40:
        return None
    subscriber = Subscriber.objects.filter(pk=int(pk)).first()
    if subscriber is None or not constant_time_compare(
        subscriber_token(subscriber, purpose), token
    ):
        return None
    return subscriber
