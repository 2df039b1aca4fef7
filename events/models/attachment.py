"""The downloadable documents of an event (programme, presentations); PDF only."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models.event import Event
from network_portal.text import CleanCharField


def attachment_folder(instance, filename):
    return f"events/attachments/{filename}"


class Attachment(models.Model):
    """A downloadable document of an event (programme, presentations); PDF only."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file (PDF)"), upload_to=attachment_folder, max_length=200)
    title = CleanCharField(_("title"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("order of items", "position"), default=0
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title
