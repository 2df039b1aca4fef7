"""Demo content of the portal itself: the staff account (only when DEBUG is on)."""

import os

from django.conf import settings
from django.contrib.auth.models import Group

from network_portal.access import NETWORK_STAFF_GROUP

DEFAULT_DEMO_PASSWORD = "zdrave-mesto-demo"  # noqa: S105 - documented demo password


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


def demo_account(email: str, **fields):
    """Create (or reset) a demo login and return it; ``None`` unless DEBUG is on, so that no
    account with a published password ever exists in production."""
    from network_portal.models import User

    if not settings.DEBUG:
        return None
    user, _created = User.objects.get_or_create(email=email, defaults=fields)
    for name, value in fields.items():
        setattr(user, name, value)
    user.set_password(demo_password())
    user.save()
    return user


def set_links(record, **relations) -> None:
    """Set the record's many-to-many relations (``topics=[...]``) and keep one history record
    of them all: django-simple-history would write a whole one, with every relation, per set."""
    record.skip_history_when_saving = True
    try:
        for name, values in relations.items():
            getattr(record, name).set(values)
    finally:
        del record.skip_history_when_saving
    record.refresh_from_db()  # what a service wrote meanwhile stays
    record.save()


def load(stdout) -> None:
    staff = demo_account(
        "staff@example.org",
        first_name="Jitka",
        last_name="Boušková",
        is_staff=True,
        is_superuser=False,
    )
    if staff is None:
        stdout.write("  DEBUG is off: no demo accounts were created.")
    else:
        # Staff rights come from the group's permissions, as for real staff accounts.
        staff.groups.add(Group.objects.get(name=NETWORK_STAFF_GROUP))
        stdout.write("  staff account staff@example.org (group Network staff)")
