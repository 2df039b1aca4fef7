"""Certificates of attendance of accredited training.

Certificates (``events.add_certificate``) are issued for the accredited parts a person attended,
rendered once as PDF (:mod:`events.certificate_pdf`) and stored; issuing again for an event
skips everybody whose certificate would read the same and supersedes the certificate of
anybody whose data changed (a corrected name, another part attended).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from events.certificate_pdf import part_entry, render_pdf
from events.models import (
    Attendance,
    Certificate,
    Event,
    EventPart,
    Registration,
)
from events.models.certificate import new_certificate_code, new_download_key
from events.services.personal_data import ANONYMOUS_DOMAIN
from events.services.places import notify_on_commit, require_permission

NO_ACCREDITED = _("This event has no accredited part.")


def _certificate_content(registration: Registration, attended: list[EventPart]) -> dict:
    """What a certificate for ``registration`` would say, in its language."""
    with translation.override(registration.language):
        entries = [part_entry(part) for part in attended]
        event = registration.event
        return {
            "name": registration.name,
            "event_title": event.title,
            "event_date": timezone.localtime(event.start).date(),
            "programme": "; ".join(dict.fromkeys(part.accredited_programme for part in attended)),
            "accreditation_number": ", ".join(
                dict.fromkeys(part.accreditation_number for part in attended)
            ),
            "hours": sum(part.accredited_hours or 0 for part in attended),
            "parts": entries,
            "language": registration.language,
            "place": event.place,
            "signatory_name": event.certificate_signatory_name,
            "signatory_role": event.certificate_signatory_role,
        }


# Printed on the certificate but not a reason to issue it again: a later change of the
# signatory or the venue's wording would otherwise mail every attendee a new certificate.
_NOT_COMPARED = ("event_date", "place", "signatory_name", "signatory_role")


def _same(certificate: Certificate | None, content: dict) -> bool:
    if certificate is None:
        return False
    return all(
        getattr(certificate, key) == value
        for key, value in content.items()
        if key not in _NOT_COMPARED
    )


@dataclass
class CertificatePlan:
    """One person present in an accredited part: what their certificate would say and whether
    issuing now gives them a new one (``new``), replaces theirs (``changed``) or nothing
    (``unchanged``)."""

    registration: Registration
    content: dict
    previous: Certificate | None
    status: str


def certificates_plan(event: Event) -> list[CertificatePlan]:
    """Who gets a certificate if they are issued now, in registration order. Reads only."""
    if event.accredited_data_removed_at:
        return []
    parts = [part for part in event.parts.all() if part.is_accredited]
    if not parts:
        raise ValidationError(NO_ACCREDITED, code="no_accredited")
    attended: dict[int, list[EventPart]] = {}
    for item in (
        Attendance.objects.present()
        .filter(part__in=parts)
        .exclude(registration__email__endswith="@" + ANONYMOUS_DOMAIN)
        .order_by("part__start", "part__pk")
    ):
        attended.setdefault(item.registration_id, []).append(
            next(part for part in parts if part.pk == item.part_id)
        )
    registrations = Registration.objects.in_bulk(list(attended))
    current = {
        certificate.registration_id: certificate
        for certificate in Certificate.objects.current()
        .filter(event=event, registration_id__in=list(attended))
        .defer("pdf")
    }
    plan = []
    for registration_id in sorted(attended):
        registration = registrations[registration_id]
        registration.event = event
        content = _certificate_content(registration, attended[registration_id])
        previous = current.get(registration_id)
        if previous is None:
            status = "new"
        elif _same(previous, content):
            status = "unchanged"
        else:
            status = "changed"
        plan.append(CertificatePlan(registration, content, previous, status))
    return plan


def certificate_sample(*, event: Event, user, now: datetime | None = None) -> bytes | None:
    """The PDF the first recipient of :func:`certificates_plan` would get, rendered with a
    placeholder code and stored nowhere; ``None`` when nobody would get one."""
    require_permission(user, "events.add_certificate")
    plan = certificates_plan(event)
    if not plan:
        return None
    first = next((item for item in plan if item.status != "unchanged"), plan[0])
    certificate = Certificate(
        event=event,
        registration=first.registration,
        issued_at=now or timezone.now(),
        issued_by=user,
        code=SAMPLE_CODE,
        **first.content,
    )
    return render_pdf(certificate)


# The code of a sample certificate: shorter than any real one (24 characters), so its QR code
# and address lead to the "not found" page.
SAMPLE_CODE = "SAMPLE"


@transaction.atomic
def certificates_issue(*, event: Event, user, now: datetime | None = None) -> int:
    """Issue certificates to everybody present in an accredited part of ``event``; each gets
    an e-mail with a download link. Returns how many were issued (unchanged ones are
    skipped, changed ones superseded)."""
    require_permission(user, "events.add_certificate")
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=event.pk)
    issued = 0
    for item in certificates_plan(event):
        if item.status == "unchanged":
            continue
        certificate = Certificate(
            event=event,
            registration=item.registration,
            issued_at=now,
            issued_by=user,
            supersedes=item.previous,
            **item.content,
        )
        certificate.code, certificate.download_key = _new_keys()
        certificate.pdf = render_pdf(certificate)
        certificate.save()
        notify_on_commit(
            "certificate", registration=certificate.registration_id, certificate=certificate.pk
        )
        issued += 1
    return issued


def _new_keys() -> tuple[str, str]:
    return new_certificate_code(), new_download_key()
