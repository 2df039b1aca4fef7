"""The pages behind the private links: a registration's page (its places, changes,
cancellation, its data), offers of freed places, the links sent again, and the page of
everything held about an address.

What a page shows is exactly what its visitor has proved:

- the form proves nothing (:mod:`events.views.registration`);
- a registration's private link travels only by e-mail to the registered address: its page
  shows that one registration (with its online links);
- everything across the registrations of one address (the data page, the export, deletion)
  is behind a signed, expiring link that is sent only to that address (or reached by a
  logged-in user for their own login address).

Personal pages behind secret links are never kept by the page cache or any shared cache.
Every action a visitor can repeat (changes, mail) is limited per registration and per address,
counted in PostgreSQL across workers.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from events.forms import (
    ChangePartsForm,
    LinksForm,
)
from events.ics import calendar_for_parts
from events.links import address_from_token, address_token, base_url
from events.models import Registration, RegistrationPart
from events.services import personal_data
from events.services.mail import address_mail_later, registration_calendar, state
from events.services.personal_data import (
    of_address,
    registration_delete,
    registrations_data,
)
from events.services.places import ERRORS
from events.services.registration import (
    registration_cancel,
    registration_change_parts,
)
from events.services.waiting_list import offer_claim, offer_decline, offer_error
from events.tokens import registration_pk, registration_token, token_matches
from events.views.rate_limits import over_limit, too_many
from events.views.shared import (
    add_errors,
    client_address,
)

Status = RegistrationPart.Status


def manage_path(registration: Registration) -> str:
    return reverse("events:manage", kwargs={"token": registration_token(registration)})


def send_links(email: str) -> None:
    """Mail the address its links, within the per-address mail limit (silently beyond it:
    the visitor's answer must not depend on the address)."""
    if not over_limit("events-mail-address", email.lower(), "MAIL_PER_ADDRESS"):
        address_mail_later("links", email=email, language=get_language())


# --- lost links -----------------------------------------------------------------------------
def links(request):
    """Send me my links again: the answer is the same whether or not the address is known."""
    form = LinksForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.is_spam:
            if over_limit("events-links-client", client_address(request), "LINKS_PER_CLIENT"):
                return too_many(request, "events/registration_links.html", {"form": form})
            send_links(form.cleaned_data["email"])
        return render(
            request, "events/registration_links_sent.html", {"email": form.cleaned_data["email"]}
        )
    return render(request, "events/registration_links.html", {"form": form})


def _not_found(request):
    """A registration link that leads nowhere: say so, and offer to send the links again."""
    return render(request, "events/registration_not_found.html", {"form": LinksForm()}, status=404)


class RegistrationNotFound(Exception):
    pass


def registration_from_token(token) -> Registration:
    """The registration a private link stands for; :class:`RegistrationNotFound` otherwise."""
    pk = registration_pk(token)
    if pk is None:
        raise RegistrationNotFound
    registration = (
        Registration.objects.select_related("event", "member", "created_by").filter(pk=pk).first()
    )
    if registration is None or not token_matches(registration, token):
        raise RegistrationNotFound
    return registration


def with_registration(view):
    """Views behind a registration's private link: the not-found page for any other link,
    never cached."""

    @never_cache
    def wrapped(request, token, *args, **kwargs):
        try:
            registration = registration_from_token(token)
        except RegistrationNotFound:
            return _not_found(request)
        return view(request, registration, token, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _actions_limited(registration: Registration) -> bool:
    by_registration = over_limit(
        "events-manage-registration", str(registration.pk), "ACTIONS_PER_REGISTRATION"
    )
    by_address = over_limit(
        "events-manage-address", registration.email.lower(), "ACTIONS_PER_ADDRESS"
    )
    return by_registration or by_address


# --- a registration's private page ----------------------------------------------------------
def _rows(registration):
    return list(registration.parts.for_page())


def _manage_context(registration, token, *, form=None):
    event = registration.event
    rows = _rows(registration)
    active = [row for row in rows if row.is_active]
    latest = {}
    for row in rows:
        latest.setdefault(row.part_id, row)
    now = timezone.now()
    parts = list(event.parts.all().with_counts().order_by("start", "pk"))
    for part in parts:
        part.event = event
        part.state = part.registration_state(now)
    active_ids = {row.part_id for row in active}
    choosable = [
        part
        for part in parts
        if (part.state in ("open", "full") or part.pk in active_ids) and now < part.start
    ]
    if form is None:
        form = ChangePartsForm(parts=choosable, initial={"parts": sorted(active_ids)})
    return {
        "registration": registration,
        "event": event,
        "rows": [latest[part.pk] for part in parts if part.pk in latest],
        "active": active,
        "state": state(rows),
        "choosable": choosable,
        "can_change": bool(choosable) and not event.is_cancelled,
        "can_cancel": any(row.part.start > now for row in active) and not event.is_cancelled,
        "can_register_again": not active and any(part.state in ("open", "full") for part in parts),
        "form": form,
        "token": token,
        "certificates": list(registration.certificates.current().exclude(pdf=b"").defer("pdf")),
    }


@with_registration
def manage(request, registration, token):
    """The person's page: their places in this registration, changes, cancellation."""
    context = _manage_context(registration, token)
    if request.method != "POST":
        return render(request, "events/registration_manage.html", context)
    if _actions_limited(registration):
        return too_many(request, "events/registration_manage.html", context)
    action = request.POST.get("action")
    try:
        if action == "change":
            form = ChangePartsForm(request.POST, parts=context["choosable"])
            context = _manage_context(registration, token, form=form)
            if not form.is_valid():
                return render(request, "events/registration_manage.html", context)
            registration_change_parts(
                registration=registration,
                parts=list(form.cleaned_data["parts"]),
                user=request.user,
            )
            messages.success(request, _("Your registration was changed."))
        elif action == "cancel":
            if request.POST.get("confirm") != "yes":
                return render(request, "events/registration_cancel_confirm.html", context)
            registration_cancel(registration=registration, user=request.user)
            messages.success(request, _("Your registration is cancelled."))
        elif action == "links":
            send_links(registration.email)
            messages.success(
                request,
                _(
                    "We have sent a link to all your registrations and your data to "
                    "%(email)s. It works for 24 hours."
                )
                % {"email": registration.email},
            )
        return redirect(request.path)
    except ValidationError as error:
        if context["form"].is_bound:
            add_errors(context["form"], error)
        else:  # refused cancellation: no form of its own to carry the message
            for message in error.messages:
                messages.error(request, message)
        return render(request, "events/registration_manage.html", context, status=400)


@with_registration
def manage_calendar(request, registration, token):
    """The person's confirmed parts as .ics (with the online link of confirmed online parts)."""
    rows = list(registration.parts.select_related("part__event").filter(status=Status.CONFIRMED))
    body = registration_calendar(registration, rows) if rows else b""
    if not body:
        body = calendar_for_parts([], name=registration.event.title, base_url=base_url())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{registration.event.slug[:80]}.ics"'
    return response


@with_registration
def offer(request, registration, token, pk):
    """Accept or decline an offered place. GET only shows the offer (mail scanners open
    links); declining asks once more; the decisions are POSTs."""
    row = get_object_or_404(
        RegistrationPart.objects.select_related("part__event"), pk=pk, registration=registration
    )
    context = {"registration": registration, "event": row.part.event, "row": row, "token": token}
    problem = None
    if request.method == "POST":
        if _actions_limited(registration):
            return too_many(request, "events/offer.html", context)
        action = request.POST.get("action")
        try:
            if action == "claim":
                offer_claim(row=row)
                messages.success(request, _("The place is yours."))
            elif action == "decline":
                if request.POST.get("confirm") != "yes":
                    return render(request, "events/offer_decline_confirm.html", context)
                offer_decline(row=row)
                messages.success(
                    request, _("You declined the place; it passes to the next person.")
                )
            return redirect(manage_path(registration))
        except ValidationError as error:
            problem = " ".join(error.messages)
            row.refresh_from_db()
    elif row.status != Status.OFFERED:
        problem = offer_error(row).messages[0]
    elif row.offer_expires_at <= timezone.now():
        problem = ERRORS["offer_expired"]
    return render(request, "events/offer.html", {**context, "problem": problem})


# --- the data of one registration -------------------------------------------------------------
@with_registration
def manage_data(request, registration, token):
    """What the portal holds about this registration, as a page."""
    return render(
        request,
        "events/registration_data.html",
        {
            "event": registration.event,
            "data": registrations_data(Registration.objects.filter(pk=registration.pk)),
            "json_url": reverse("events:manage-data-json", kwargs={"token": token}),
            "back_url": reverse("events:manage", kwargs={"token": token}),
            "one": True,
        },
    )


def _json(data, filename: str) -> HttpResponse:
    body = json.dumps({"registrations": data}, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@with_registration
def manage_data_json(request, registration, token):
    data = registrations_data(Registration.objects.filter(pk=registration.pk))
    return _json(data, "my-registration.json")


@with_registration
def manage_delete(request, registration, token):
    """Delete this registration and its data: a page that says what goes, then a POST."""
    event = registration.event
    context = {
        "registration": registration,
        "event": event,
        "token": token,
        "past": event.start <= timezone.now(),
    }
    if request.method != "POST":
        return render(request, "events/registration_delete_confirm.html", context)
    if _actions_limited(registration):
        return too_many(request, "events/registration_delete_confirm.html", context)
    if request.POST.get("confirm") != "yes":
        return render(request, "events/registration_delete_confirm.html", context)
    deleted = registration_delete(registration=registration)
    if deleted:
        messages.success(request, _("Your registration and your personal data were deleted."))
    else:
        messages.success(
            request,
            _(
                "Your personal data were deleted. An anonymous record of the attendance "
                "remains for the event's statistics."
            ),
        )
    return redirect(event.get_absolute_url())


# --- everything held about an address -------------------------------------------------------
def _address_or_none(token: str) -> str | None:
    return address_from_token(token)


def _address_context(email: str, token: str) -> dict:
    registrations = list(
        of_address(email)
        .select_related("event")
        .prefetch_related(
            Prefetch(
                "parts",
                queryset=RegistrationPart.objects.select_related("part").order_by("part__start"),
            )
        )
        .order_by("-event__start", "pk")
    )
    for registration in registrations:
        registration.manage_path = manage_path(registration)
    return {"email": email, "registrations": registrations, "token": token}


@never_cache
def address(request, token):
    """All registrations made with the address the signed link was sent to."""
    email = _address_or_none(token)
    if email is None:
        return render(
            request, "events/registration_address_expired.html", {"form": LinksForm()}, status=404
        )
    return render(request, "events/registration_address.html", _address_context(email, token))


def _newsletter():
    """The newsletter's own data-subject functions, when the app is installed."""
    from django.apps import apps

    if not apps.is_installed("newsletter"):
        return None
    from newsletter import personal_data as newsletter_data

    return newsletter_data


@never_cache
def address_json(request, token):
    """Everything about the address: its registrations and, if any, its subscription."""
    email = _address_or_none(token)
    if email is None:
        raise Http404
    body = {"registrations": registrations_data(of_address(email))}
    newsletter = _newsletter()
    if newsletter is not None:
        body["newsletter"] = newsletter.subscriber_data(email) or None
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@never_cache
def address_delete(request, token):
    email = _address_or_none(token)
    if email is None:
        raise Http404
    context = _address_context(email, token)
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        return render(request, "events/registration_address_delete.html", context)
    if over_limit("events-manage-address", email.lower(), "ACTIONS_PER_ADDRESS"):
        return too_many(request, "events/registration_address_delete.html", context)
    personal_data.address_delete(email=email)
    newsletter = _newsletter()
    if newsletter is not None:
        newsletter.subscriber_delete(email)
    messages.success(request, _("Your registrations and your personal data were deleted."))
    return redirect("events:list")


@login_required
def mine(request):
    """A logged-in user's registrations: their login address is proven."""
    return redirect("events:address", token=address_token(request.user.email))
