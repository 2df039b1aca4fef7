"""The events app's models, one module a subject; imported from here (``events.models.X``)."""

from events.models.attachment import Attachment, attachment_folder
from events.models.attendance import Attendance, ExportLog
from events.models.certificate import Certificate
from events.models.event import Event, EventPart
from events.models.registration import Registration, RegistrationPart
from events.models.status import ACTIVE, HOLDING, QUEUED

# Migration 0001 names the attachments' upload folder by this path.
_attachment_folder = attachment_folder

__all__ = [
    "ACTIVE",
    "HOLDING",
    "QUEUED",
    "Attachment",
    "Attendance",
    "Certificate",
    "Event",
    "EventPart",
    "ExportLog",
    "Registration",
    "RegistrationPart",
]
