"""The limits on what a visitor can repeat on the registration pages (registering, changes,
mail sent to an address), counted in PostgreSQL across workers; ``EVENTS_RATE_LIMITS`` in the
settings overrides any of them by name."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from network_portal.ratelimit import rate_limit_exceeded

HOUR = timedelta(hours=1)
# Registrations from one client address, counted on every attempt.
REGISTER_PER_CLIENT = (20, HOUR)
# New registrations of one address: only registrations actually made count, so failed or
# repeated submissions never lock the address's owner out.
REGISTER_PER_ADDRESS = (5, HOUR)
# Actions on one registration's page (changes, cancellations, offers), and on all
# registrations of one address together.
ACTIONS_PER_REGISTRATION = (10, HOUR)
ACTIONS_PER_ADDRESS = (30, HOUR)
# Messages a visitor can make the portal send to one address (links, "already registered").
MAIL_PER_ADDRESS = (3, HOUR)
LINKS_PER_CLIENT = (10, HOUR)

TOO_MANY = _("Too many requests. Please try again in an hour.")


def limit_for(name: str):
    return getattr(settings, "EVENTS_RATE_LIMITS", {}).get(name) or globals()[name]


def over_limit(scope: str, key: str, name: str) -> bool:
    limit, period = limit_for(name)
    return rate_limit_exceeded(scope=scope, key=key, limit=limit, period=period)


def too_many(request, template: str, context: dict):
    messages.error(request, TOO_MANY)
    return render(request, template, context, status=429)
