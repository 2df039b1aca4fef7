"""The members' periodic jobs, run by the procrastinate worker."""

from procrastinate.contrib.django import app


@app.periodic(cron="47 2 * * *", periodic_id="applications-anonymise")
@app.task(name="members_applications_anonymise", queueing_lock="members_applications_anonymise")
def applications_anonymise(timestamp: int) -> int:
    """Every night: remove the personal data of applications decided long enough ago."""
    from members.applications import applications_anonymise as anonymise

    return anonymise()
