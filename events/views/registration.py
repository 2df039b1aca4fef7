"""The registration form: what its visitor typed and "check your e-mail", the same whether the
address was new or already registered (the form proves nothing)."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language

from events.forms import RegistrationForm
from events.services.mail import address_mail_later
from events.services.registration import (
    registration_create,
)
from events.views.private_links import manage_path
from events.views.rate_limits import limit_for, over_limit, too_many
from events.views.shared import (
    add_errors,
    client_address,
    open_parts,
    registration_queryset,
)
from network_portal.addresses import same_address
from network_portal.ratelimit import rate_limit_exceeded, rate_limit_reached


def _codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {item.code for errors in error.error_dict.values() for item in errors}
    return {item.code for item in error.error_list}


def register(request, slug):
    event = get_object_or_404(registration_queryset(request.user), slug=slug)
    parts = open_parts(event)
    if not parts:
        return render(request, "events/registration_closed.html", {"event": event})
    initial = {"parts": [part.pk for part in parts]} if len(parts) == 1 else {}
    form = RegistrationForm(request.POST or None, parts=parts, initial=initial)
    context = {"event": event, "form": form, "parts": parts}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The parts as counted before this submission (what the page may predict).
        chosen_ids = {part.pk for part in data["parts"]}
        sent = {
            **context,
            "data": data,
            "chosen": [part for part in parts if part.pk in chosen_ids],
        }
        if form.is_spam:
            return render(request, "events/registration_sent.html", sent)  # a robot learns nothing
        email = data["email"]
        limit, period = limit_for("REGISTER_PER_ADDRESS")
        if over_limit("events-register-client", client_address(request), "REGISTER_PER_CLIENT") or (
            rate_limit_reached(
                scope="events-register-address", key=email.lower(), limit=limit, period=period
            )
        ):
            return too_many(request, "events/registration_form.html", context)
        try:
            registration = registration_create(
                event=event,
                parts=list(data["parts"]),
                name=data["name"],
                email=email,
                organisation=data["organisation"],
                member=data["member"],
                position=data["position"],
                needs=data["needs"],
                show_organisation=data["show_organisation"],
                language=get_language(),
                user=request.user,
            )
        except ValidationError as error:
            if "duplicate" not in _codes(error):
                add_errors(form, error)
                return render(request, "events/registration_form.html", context)
            # The address has a place already: its owner gets the links by e-mail; the
            # visitor reads the same page as after a new registration.
            if not over_limit("events-mail-address", email.lower(), "MAIL_PER_ADDRESS"):
                address_mail_later(
                    "already_registered", email=email, language=get_language(), event_id=event.pk
                )
            return render(request, "events/registration_sent.html", sent)
        rate_limit_exceeded(
            scope="events-register-address", key=email.lower(), limit=limit, period=period
        )
        if request.user.is_authenticated and same_address(request.user.email, email):
            # Logged in with this very address: proven, so straight to the registration.
            return redirect(manage_path(registration))
        return render(request, "events/registration_sent.html", sent)
    return render(request, "events/registration_form.html", context)
