"""The portal's own periodic jobs, run by the procrastinate worker (discovered like every app's
``tasks.py``)."""

import io

from django.conf import settings
from django.core.management import call_command
from procrastinate.contrib.django import app


@app.periodic(cron="17 3 * * *", periodic_id="cleanup-media")
@app.task(name="cleanup_media", queueing_lock="cleanup_media")
def cleanup_media(timestamp: int) -> str:
    """Every night: delete stored files that no record and no history record refers to."""
    out = io.StringIO()
    call_command("cleanup_media", stdout=out)
    return out.getvalue()


# Sent messages stay in the job table with their recipients and texts (names, e-mail
# addresses); the mail task needs them only to avoid sending twice while retrying (about a
# day and a half), so they go after a month, failed ones too.
MAIL_JOBS_KEPT_HOURS = 30 * 24


@app.periodic(cron="23 4 * * *", periodic_id="mail-jobs-forget")
@app.task(name="mail_jobs_forget", queueing_lock="mail_jobs_forget", pass_context=True)
async def mail_jobs_forget(context, timestamp: int) -> None:
    """Every night: delete the mail queue's finished jobs older than a month."""
    from network_portal.mail import MAIL_QUEUE

    await context.app.job_manager.delete_old_jobs(
        nb_hours=MAIL_JOBS_KEPT_HOURS,
        queue=MAIL_QUEUE,
        include_failed=True,
        include_cancelled=True,
        include_aborted=True,
    )


# A worker that dies without finishing its job (killed, out of memory, the machine lost) leaves
# the job "doing" for ever: its e-mail would never be sent. Workers send a heartbeat every 10
# seconds; a job whose worker has been silent this long is handed back to the queue.
STALLED_AFTER_SECONDS = 120


@app.periodic(cron=settings.JOBS_STALLED_RETRY_CRON, periodic_id="jobs-stalled-retry")
@app.task(name="jobs_stalled_retry", queueing_lock="jobs_stalled_retry", pass_context=True)
async def jobs_stalled_retry(context, timestamp: int) -> int:
    """Every minute (JOBS_STALLED_RETRY_CRON): put the jobs of dead workers back into the
    queue (run again at once).

    A message whose worker died after the mail server took it but before the job was marked
    done is sent a second time: at least once, never lost."""
    manager = context.app.job_manager
    stalled = await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER_SECONDS)
    for job in stalled:
        await manager.retry_job(job)
    return len(stalled)
