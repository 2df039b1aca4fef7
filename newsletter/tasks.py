"""The newsletter's jobs: the digest, the announcement dispatcher and retention."""

import contextlib

from django.db import transaction
from procrastinate.contrib.django import app

from newsletter import services


@app.periodic(cron="30 6 * * *", periodic_id="newsletter-digests")
@app.task(name="newsletter_digests_send", queueing_lock="newsletter_digests_send")
def digests_send(timestamp: int) -> int:
    """Every morning: the digests of the subscribers whose week (or month) is over."""
    from newsletter.digest import digests_send as send

    return send()


@app.task(name="newsletter_announcement_dispatch")
def announcement_dispatch(announcement_id: int) -> int:
    """Queue the next batch of an announcement's messages; come back after the throttle
    while some are left. Safe to run again at any point (see services.announcement_dispatch)."""
    left = services.announcement_dispatch(announcement_id=announcement_id)
    if left:
        announcement_dispatch_defer(
            announcement_id, schedule_in=int(services.THROTTLE.total_seconds())
        )
    return left


def announcement_dispatch_defer(announcement_id: int, *, schedule_in: int = 0) -> None:
    from procrastinate import exceptions

    # A dispatcher of this announcement waiting already is enough (the savepoint keeps the
    # refused insert from breaking a transaction around this call).
    with contextlib.suppress(exceptions.AlreadyEnqueued), transaction.atomic():
        announcement_dispatch.configure(
            queueing_lock=f"newsletter-dispatch-{announcement_id}",
            lock=f"newsletter-dispatch-{announcement_id}",
            schedule_in={"seconds": schedule_in},
        ).defer(announcement_id=announcement_id)


@app.periodic(cron="53 2 * * *", periodic_id="newsletter-personal-data")
@app.task(name="newsletter_personal_data_expire", queueing_lock="newsletter_personal_data")
def personal_data_expire(timestamp: int) -> dict:
    """Every night: forget unconfirmed subscriptions and old ledger addresses."""
    from newsletter.personal_data import personal_data_expire as expire

    return expire()
