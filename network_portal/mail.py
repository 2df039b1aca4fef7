"""Outgoing e-mail through a persistent queue in PostgreSQL (procrastinate).

Call :func:`mail_queue` inside the transaction that causes the message: the job is deferred
only when that transaction commits (a rolled-back registration sends nothing), and a worker
(``manage.py procrastinate worker``, started by ``make run`` and by the ``worker`` service of
``compose.yaml``) sends it with Django's mail backend. When the mail server fails, the job is
retried with exponential back-off (2, 4, 8 … seconds, about a day and a half in all), so an
outage of an hour or two loses nothing.

Each message gets an id when it is queued. It is the job's queueing lock (the same message
cannot wait in the queue twice) and its lock (two workers never send it at the same time), and
the task skips a message whose id already has a succeeded job: running the job again sends
nothing twice. The message itself (recipients, texts, attachments) travels in the job's
arguments, so the queue needs no table of its own.
"""

from __future__ import annotations

import base64
import logging
import uuid
from collections.abc import Iterable, Mapping, Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

logger = logging.getLogger(__name__)

MAIL_QUEUE = "mail"
# 2 ** (attempt + 1) seconds between tries: the 16th try comes about 36 hours after the first.
MAIL_RETRY = RetryStrategy(max_attempts=16, exponential_wait=2)


def mail_queue(
    *,
    to: str | Sequence[str],
    subject: str,
    body: str,
    html: str | None = None,
    attachments: Iterable[tuple[str, bytes | str, str]] = (),
    reply_to: str | Sequence[str] | None = None,
    headers: Mapping[str, str] | None = None,
    message_id: str | None = None,
    queue_now: bool = False,
) -> str:
    """Queue one message to be sent after the current transaction commits; return its id.

    ``attachments`` are ``(filename, content, mimetype)`` triples; ``headers`` extra header
    lines (e.g. List-Unsubscribe). Outside a transaction the message is queued at once.

    A caller that records its own marker of the message (a per-recipient row) passes
    ``message_id`` (its queueing lock: the same id never waits twice) and ``queue_now=True``:
    the job is then written inside the current transaction, so the job and the marker commit
    or roll back together (the worker sees neither before the commit).
    """
    message_id = message_id or uuid.uuid4().hex
    payload = {
        "message_id": message_id,
        "to": [to] if isinstance(to, str) else list(to),
        "subject": " ".join(subject.split()),
        "body": body,
        "html": html,
        "attachments": [
            {
                "filename": filename,
                "content": base64.b64encode(
                    content.encode() if isinstance(content, str) else content
                ).decode("ascii"),
                "mimetype": mimetype,
            }
            for filename, content, mimetype in attachments
        ],
        "reply_to": [reply_to] if isinstance(reply_to, str) else list(reply_to or []),
    }
    if headers:
        payload["headers"] = dict(headers)
    if queue_now:
        _defer(payload)
    else:
        transaction.on_commit(lambda: _defer(payload))
    return message_id


def _defer(payload: dict) -> None:
    mail_send.configure(
        lock=f"mail-{payload['message_id']}",
        queueing_lock=f"mail-{payload['message_id']}",
    ).defer(**payload)


def _already_sent(message_id: str) -> bool:
    from procrastinate.contrib.django.models import ProcrastinateJob

    return ProcrastinateJob.objects.filter(lock=f"mail-{message_id}", status="succeeded").exists()


def message_build(
    *,
    to: list[str],
    subject: str,
    body: str,
    html: str | None = None,
    attachments: Iterable[dict] = (),
    reply_to: list[str] | None = None,
    message_id: str = "",
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    headers = {**(headers or {}), **({"X-Portal-Message": message_id} if message_id else {})}
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to or None,
        headers=headers or None,
    )
    if html:
        message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(
            attachment["filename"],
            base64.b64decode(attachment["content"]),
            attachment["mimetype"],
        )
    return message


@app.task(name="mail_send", queue=MAIL_QUEUE, retry=MAIL_RETRY)
def mail_send(*, message_id: str, **fields) -> None:
    """Send one queued message (an exception makes procrastinate retry it later)."""
    if _already_sent(message_id):
        logger.info("Message %s was sent before: not sending it again.", message_id)
        return
    message_build(message_id=message_id, **fields).send(fail_silently=False)
