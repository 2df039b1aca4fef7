"""Glue between allauth, django-axes and the portal's rules for accounts."""

from allauth.account.adapter import DefaultAccountAdapter
from django.shortcuts import render

from network_portal.mail import mail_queue


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts are created by staff or by invitation, never by open sign-up.
        return False

    def send_mail(self, template_prefix, email, context):
        """allauth's messages (password reset) go through the portal's mail queue too, so a mail
        server outage delays them instead of losing them."""
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (content for content, mimetype in message.alternatives if mimetype == "text/html"),
            None,
        )
        mail_queue(to=message.to, subject=message.subject, body=message.body, html=html)


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
