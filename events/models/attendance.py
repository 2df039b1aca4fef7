"""What is recorded on and after the day: attendance per part and the log of attendance
exports.

An :class:`Attendance` row says that one registration's person was (or, after an undo, was
not) present in one part: a three-day school has up to three rows per person.

Every change goes through ``events.services.attendance``; these models only describe and read.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from network_portal.text import CleanCharField, CleanEmailField, CleanTextField


class AttendanceQuerySet(models.QuerySet):
    def present(self):
        return self.filter(present=True)

    def accredited(self):
        """Attendance of accredited parts (programme and number filled, as
        ``EventPart.is_accredited``)."""
        return self.exclude(part__accreditation_number="").exclude(part__accredited_programme="")


class Attendance(models.Model):
    """A person's presence in one part of an event, recorded at the door."""

    registration = models.ForeignKey(
        "events.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    part = models.ForeignKey(
        "events.EventPart",
        verbose_name=_("part of the event"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    present = models.BooleanField(_("present"), default=True)
    walk_in = models.BooleanField(
        _("walk-in"), default=False, help_text=_("Registered at the door.")
    )
    override_reason = CleanTextField(
        _("reason for exceeding the capacity"), max_length=500, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"))

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["part", "registration", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        permissions = [
            ("check_in", _("Can check in attendees and export attendance")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "part"],
                name="attendance_once_per_part",
                violation_error_message=_("This person's attendance is already recorded."),
            ),
        ]

    def __str__(self):
        return f"{self.part} – {self.registration_id}"


class ExportLog(models.Model):
    """Who exported the attendance of which event (or part), when and in which format."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    user_email = CleanEmailField(_("user's e-mail"))
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="export_logs",
    )
    part = models.ForeignKey(
        "events.EventPart",
        verbose_name=_("part of the event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    event_title = CleanCharField(_("event"), max_length=200)
    export_format = CleanCharField(_("format"), max_length=10)
    rows = models.PositiveIntegerField(_("rows"))
    created_at = models.DateTimeField(_("exported"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("attendance export")
        verbose_name_plural = _("attendance exports")

    def __str__(self):
        return f"{self.user_email} – {self.event_title} ({self.created_at:%Y-%m-%d %H:%M})"
