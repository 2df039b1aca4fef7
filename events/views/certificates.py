"""Certificates of attendance: the public pages (find one by its code, verify it, download
the PDF with the link from the e-mail) and the staff's issuing of them with a sample PDF
(``events.add_certificate``; the services check the same permission)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from events.forms import CertificateCodeForm
from events.models import Certificate
from events.services import certificates
from events.views.shared import (
    staff_event,
)


def _certificate_not_found(request, code):
    return render(
        request,
        "events/certificate_not_found.html",
        {"code": code, "form": CertificateCodeForm(initial={"code": code})},
        status=404,
    )


@never_cache
def certificate_find(request):
    """Public: type the code from a certificate (GET ``?code=``) to reach its verification."""
    form = CertificateCodeForm(request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data["code"]:
        code = form.cleaned_data["code"]
        if Certificate.objects.filter(code=code).exists():
            return redirect("events:certificate", code=code)
        return _certificate_not_found(request, code)
    return render(request, "events/certificate_find.html", {"form": form})


@never_cache
def certificate_verify(request, code):
    """Public: is the certificate genuine? Shows the name, event and date, nothing more."""
    certificate = Certificate.objects.select_related("superseded_by").filter(code=code[:40]).first()
    if certificate is None:
        return _certificate_not_found(request, code[:40])
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


@login_required
def certificates_issue(request, slug):
    """GET: who gets a certificate (new, changed, unchanged) and a link to a sample PDF;
    POST: issue them and mail each attendee."""
    event = staff_event(request, slug, "events.add_certificate")
    if request.method == "POST":
        try:
            count = certificates.certificates_issue(event=event, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Certificates issued: %(count)d. Each attendee gets an e-mail with a link.")
                % {"count": count},
            )
        return redirect("events:attendance", slug=event.slug)
    try:
        plan = certificates.certificates_plan(event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("events:attendance", slug=event.slug)
    to_issue = [item for item in plan if item.status != "unchanged"]
    return render(
        request,
        "events/certificates_issue.html",
        {
            "event": event,
            "plan": plan,
            "to_issue": len(to_issue),
            "sample_name": (to_issue or plan)[0].registration.name if plan else "",
        },
    )


@login_required
def certificate_sample(request, slug):
    """A sample certificate of the first recipient, rendered now and stored nowhere."""
    event = staff_event(request, slug, "events.add_certificate")
    try:
        pdf = certificates.certificate_sample(event=event, user=request.user)
    except ValidationError:
        pdf = None
    if pdf is None:
        raise Http404
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-sample-{event.slug[:60]}.pdf"'
    )
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
