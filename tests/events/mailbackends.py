"""A mail backend for tests that fails while the "server" is down, then delivers to the
local-memory outbox."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    down = False
    attempts = 0

    def send_messages(self, messages):
        type(self).attempts += 1
        if type(self).down:
            raise smtplib.SMTPServerDisconnected("The mail server is down.")
        return super().send_messages(messages)
