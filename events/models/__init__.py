"""The events app's models, one module a subject; imported from here (``events.models.X``)."""

from events.models.attendance import Attendance, ExportLog
from events.models.certificate import Certificate
from events.models.event import Event, EventPart
from events.models.registration import Registration, RegistrationPart
from events.models.status import ACTIVE, HOLDING, QUEUED

__all__ = [
    "ACTIVE",
    "HOLDING",
    "QUEUED",
    "Attendance",
    "Certificate",
    "Event",
    "EventPart",
    "ExportLog",
    "Registration",
    "RegistrationPart",
]
