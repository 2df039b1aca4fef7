"""The states of a registration's place in one part, and the groups of states the rules use.

They stand apart from :class:`~events.models.registration.RegistrationPart` so that the parts'
place counts (:mod:`events.models.event`) read them without importing the registrations.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlaceStatus(models.TextChoices):
    """``RegistrationPart.Status``."""

    PENDING = "pending", _("waiting for approval")
    CONFIRMED = "confirmed", _("confirmed")
    WAITING = "waiting", _("on the waiting list")
    OFFERED = "offered", _("offered a freed place")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "cancelled")
    DECLINED = "declined", _("declined")
    EXPIRED = "expired", _("offer expired")


# Rows that hold a place.
HOLDING = (PlaceStatus.CONFIRMED, PlaceStatus.OFFERED)
# Rows that count against a member's quota (when the member is confirmed): places and queue.
QUEUED = (*HOLDING, PlaceStatus.WAITING)
ACTIVE = (*QUEUED, PlaceStatus.PENDING)
