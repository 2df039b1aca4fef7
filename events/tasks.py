"""The events' periodic jobs, run by the procrastinate worker next to the mail queue."""

from procrastinate.contrib.django import app

from events.services import event, personal_data, waiting_list


@app.periodic(cron="* * * * *", periodic_id="offers-expire")
@app.task(name="events_offers_expire", queueing_lock="events_offers_expire")
def offers_expire(timestamp: int) -> int:
    """Every minute: end the offers whose time is up and pass their places on."""
    return waiting_list.offers_expire()


@app.periodic(cron="*/10 * * * *", periodic_id="reminders")
@app.task(name="events_reminders_send", queueing_lock="events_reminders_send")
def reminders_send(timestamp: int) -> int:
    """Every ten minutes: remind the confirmed registrants of parts that start soon."""
    return event.reminders_send()


@app.periodic(cron="41 2 * * *", periodic_id="personal-data-expire")
@app.task(name="events_personal_data_expire", queueing_lock="events_personal_data_expire")
def personal_data_expire(timestamp: int) -> int:
    """Every night: anonymise the registrants of events past their retention periods."""
    return personal_data.personal_data_expire()
