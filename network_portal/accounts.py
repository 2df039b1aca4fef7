"""Glue between allauth, django-axes and the portal's rules for accounts."""

import functools

from allauth.account.adapter import DefaultAccountAdapter
from django.shortcuts import render

from network_portal.mail import mail_queue


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts are created by staff or by invitation, never by open sign-up.
        return False

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's messages (password reset, unknown address) go through the portal's mail
        queue, so a mail server outage delays them instead of losing them. allauth's own
        ``send_mail`` still builds the context (the request, the address, the site) and
        renders the message; only its sending is replaced, so the queued mail reads exactly
        as the synchronous one would."""
        message = super().render_mail(template_prefix, email, context, headers=headers)
        message.send = functools.partial(_queue, message)
        return message


def _queue(message, fail_silently=False):
    html = next(
        (
            content
            for content, mimetype in getattr(message, "alternatives", ())
            if mimetype == "text/html"
        ),
        None,
    )
    if message.content_subtype == "html":  # allauth's HTML-only messages
        html = message.body
    mail_queue(to=message.to, subject=message.subject, body=message.body, html=html)
    return 1


def axes_username(request, credentials):
    """The e-mail address a login attempt was made for, whichever form sent it."""
    credentials = credentials or {}
    value = (
        credentials.get("email")
        or credentials.get("username")
        or request.POST.get("login")
        or request.POST.get("username")
        or ""
    )
    return value.strip().lower()


def lockout_response(request, response=None, credentials=None, *args, **kwargs):
    return render(request, "account/lockout.html", status=429)
