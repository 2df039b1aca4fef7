"""The events app's admin, one module a subject; importing the package registers them all."""

from events.admin import attendance, event, registration

__all__ = ["attendance", "event", "registration"]
