"""The registrant's own data behind the manage link (a readable page, JSON, deletion) and the
certificates: the public verification page and the download behind a secret of its own.

Personal pages behind secret links: never kept by the page cache or any other shared cache."""

import json

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from events import personal_data
from events.forms import DeleteRegistrationForm
from events.models import Certificate
from events.views import _registration_or_404


@never_cache
def manage_data(request, token):
    """Everything the portal holds about the person's registrations, as a page."""
    registration = _registration_or_404(token)
    return render(
        request,
        "events/registration_data.html",
        {
            "registration": registration,
            "event": registration.event,
            "data": personal_data.registration_data(registration),
            "token": token,
        },
    )


@never_cache
def manage_data_json(request, token):
    registration = _registration_or_404(token)
    body = json.dumps(
        {"registrations": personal_data.registration_data(registration)},
        ensure_ascii=False,
        indent=2,
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-registrations.json"'
    return response


@require_POST
def manage_delete(request, token):
    registration = _registration_or_404(token)
    event = registration.event
    form = DeleteRegistrationForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["confirm"][0])
        return redirect("events:manage", token=token)
    deleted = personal_data.registration_delete(registration=registration)
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


@never_cache
def certificate_verify(request, code):
    """Public: is the certificate genuine? Shows the name, event and date, nothing more."""
    certificate = Certificate.objects.select_related("superseded_by").filter(code=code[:40]).first()
    if certificate is None:
        raise Http404
    superseded = getattr(certificate, "superseded_by", None)
    return render(
        request,
        "events/certificate_verify.html",
        {"certificate": certificate, "superseded": superseded is not None},
    )


@never_cache
def certificate_pdf(request, code, key):
    """The PDF, for whoever holds the download link from the e-mail."""
    certificate = Certificate.objects.filter(code=code[:40]).first()
    if (
        certificate is None
        or not constant_time_compare(certificate.download_key, key)
        or not certificate.pdf
    ):
        raise Http404
    response = HttpResponse(bytes(certificate.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.pk}.pdf"'
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
