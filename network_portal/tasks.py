"""The portal's own periodic jobs, run by the procrastinate worker (discovered like every app's
``tasks.py``)."""

import io

from django.core.management import call_command
from procrastinate.contrib.django import app


@app.periodic(cron="17 3 * * *", periodic_id="cleanup-media")
@app.task(name="cleanup_media", queueing_lock="cleanup_media")
def cleanup_media(timestamp: int) -> str:
    """Every night: delete stored files that no record and no history record refers to."""
    out = io.StringIO()
    call_command("cleanup_media", stdout=out)
    return out.getvalue()
