"""Membership applications: submitted by the public, reviewed by network staff.

A municipality (region, microregion, local action group) applies with its council resolution.
Staff approve it (the member is created unpublished, its politician and coordinator roles
start on the resolution's date and the coordinator is invited to log in), return it with a
reason (the applicant corrects it behind a signed link and submits it again) or reject it.
The applicant's contact person gets an e-mail at each step, in the language they applied in.
Decided applications lose their personal data after MEMBERS_APPLICATION_RETENTION_MONTHS.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import Member, MembershipApplication, Person, Region, Role
from members.services import coordinator_invite
from network_portal.mail import mail_queue
from network_portal.pdf_uploads import document_store

State = MembershipApplication.State
REVIEW_PERMISSION = "members.review_application"
RESOLUTION_FOLDER = "members/applications"
LINK_SALT = "members.application.correct"
ANONYMOUS_DOMAIN = "anonymised.invalid"
# What the applicant types (besides the file); the correction page takes the same fields.
APPLICANT_FIELDS = [
    "kind",
    "name",
    "ico",
    "region",
    "address",
    "resolution_number",
    "resolution_date",
    "politician_title",
    "politician_first_name",
    "politician_last_name",
    "politician_position",
    "politician_email",
    "politician_phone",
    "coordinator_title",
    "coordinator_first_name",
    "coordinator_last_name",
    "coordinator_position",
    "coordinator_email",
    "coordinator_phone",
    "contact_name",
    "contact_email",
    "contact_phone",
    "note",
]
PERSONAL_FIELDS = [
    "politician_title",
    "politician_first_name",
    "politician_last_name",
    "politician_email",
    "politician_phone",
    "coordinator_title",
    "coordinator_first_name",
    "coordinator_last_name",
    "coordinator_email",
    "coordinator_phone",
    "contact_name",
    "contact_email",
    "contact_phone",
    "note",
    "reason",
]


# --- the signed link to the correction page --------------------------------------------------
def application_token(application: MembershipApplication) -> str:
    digest = salted_hmac(
        LINK_SALT, f"{application.pk}:{application.token_nonce}", algorithm="sha256"
    ).hexdigest()[:40]
    return f"{application.pk}-{digest}"


def application_by_token(token: str) -> MembershipApplication | None:
    """The returned application the token opens, or None (forged, revoked, not returned)."""
    pk, _sep, digest = (token or "").partition("-")
    if not pk.isdigit() or len(pk) > 18 or len(digest) != 40:
        return None
    application = (
        MembershipApplication.objects.select_related("region")
        .filter(pk=int(pk), state=State.RETURNED)
        .exclude(token_nonce="")
        .first()
    )
    if application is None or not constant_time_compare(application_token(application), token):
        return None
    return application


def correction_url(application: MembershipApplication) -> str:
    with translation.override(application.language):
        path = reverse(
            "members:application-correct", kwargs={"token": application_token(application)}
        )
    return settings.SITE_URL.rstrip("/") + path


# --- checks ---------------------------------------------------------------------------------
def member_with_ico(ico: str) -> Member | None:
    """The register's entry for ``ico`` (former members included), if any."""
    return Member.objects.filter(ico=ico).first()


def _lock_ico(ico: str) -> None:
    """Serialise the decisions about one IČO (two applications of the same municipality
    approved at once must not both create a member)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"members.ico:{ico}"])


def _check_not_member(ico: str) -> None:
    member = Member.objects.select_for_update().filter(ico=ico).first()
    if member is not None and member.status != Member.Status.FORMER:
        raise ValidationError(
            {
                "ico": ValidationError(
                    _("%(name)s (IČO %(ico)s) is a member of the network already."),
                    code="member",
                    params={"name": member.name, "ico": ico},
                )
            }
        )


def _apply(application: MembershipApplication, data: dict) -> None:
    for field in APPLICANT_FIELDS:
        if field in data:
            setattr(application, field, data[field])
    if isinstance(application.region, int):  # pragma: no cover - callers pass a Region
        application.region = Region.objects.get(pk=application.region)


def _store_resolution(application, resolution, kept_resolution: str) -> None:
    if resolution is not None:
        application.resolution_file.name = document_store(
            upload=resolution, folder=RESOLUTION_FOLDER
        )
    elif kept_resolution:
        if not kept_resolution.startswith(RESOLUTION_FOLDER + "/"):
            raise ValidationError({"resolution": _("Choose the PDF of the resolution.")})
        application.resolution_file.name = kept_resolution
    elif not application.resolution_file:
        raise ValidationError(
            {"resolution": ValidationError(_("Choose the PDF of the resolution."), "required")}
        )


def resolution_keep(*, upload) -> str:
    """Store a valid PDF of a form that failed on other fields, so the applicant need not
    choose it again; a file no application refers to is removed by cleanup_media."""
    return document_store(upload=upload, folder=RESOLUTION_FOLDER)


def _save(application, *, user=None, reason: str) -> None:
    application.changed_at = timezone.now()
    application._history_user = user
    application._change_reason = reason
    application.full_clean(exclude=["resolution_file"])
    application.save()


# --- the applicant --------------------------------------------------------------------------
@transaction.atomic
def application_submit(
    *, data: dict, resolution=None, kept_resolution: str = "", language: str
) -> MembershipApplication:
    """A new application from the public form; ``data`` holds APPLICANT_FIELDS.

    The PDF is ``resolution`` (an upload) or ``kept_resolution`` (the stored name of a valid
    upload from an earlier failed submit)."""
    _check_not_member(data["ico"])
    now = timezone.now()
    application = MembershipApplication(
        state=State.SUBMITTED,
        language=language if language in ("cs", "en") else settings.LANGUAGE_CODE,
        consent_at=now,
        submitted_at=now,
    )
    _apply(application, data)
    _store_resolution(application, resolution, kept_resolution)
    _save(application, reason="submitted")
    _mail_applicant(application, "received")
    return application


@transaction.atomic
def application_resubmit(
    *,
    application_id: int,
    token: str,
    data: dict,
    resolution=None,
    kept_resolution: str = "",
) -> MembershipApplication:
    """The applicant answers a returned application: corrected values, back to review."""
    application = (
        MembershipApplication.objects.select_for_update().filter(pk=application_id).first()
    )
    if application is None or application.state != State.RETURNED:
        raise ValidationError(_("This application is not waiting for your correction."), "state")
    if not constant_time_compare(application_token(application), token):
        raise PermissionDenied
    _check_not_member(data.get("ico", application.ico))
    _apply(application, data)
    _store_resolution(application, resolution, kept_resolution)
    application.state = State.SUBMITTED
    application.token_nonce = ""  # the link has done its job
    _save(application, reason="resubmitted")
    _mail_applicant(application, "received")
    return application


# --- staff ----------------------------------------------------------------------------------
def _locked_for_review(application_id: int, user, allowed=(State.SUBMITTED,)):
    if not user.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied
    application = (
        MembershipApplication.objects.select_for_update().filter(pk=application_id).first()
    )
    if application is None:
        raise ValidationError(_("This application does not exist."), code="missing")
    if application.state not in allowed:
        raise ValidationError(
            _("The application is %(state)s: it cannot be decided now."),
            code="state",
            params={"state": application.get_state_display()},
        )
    return application


def _unique_slug(name: str) -> str:
    base = slugify(name)[:190] or "clen"
    slug, number = base, 1
    while Member.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _role(member, application, kind: str, prefix: str) -> Role:
    email = getattr(application, f"{prefix}_email")
    person = Person.objects.create(
        title_before=getattr(application, f"{prefix}_title"),
        first_name=getattr(application, f"{prefix}_first_name"),
        last_name=getattr(application, f"{prefix}_last_name"),
        email=email,
        phone=getattr(application, f"{prefix}_phone"),
    )
    return Role.objects.create(
        member=member,
        person=person,
        kind=kind,
        position=getattr(application, f"{prefix}_position"),
        resolution_number=application.resolution_number,
        resolution_date=application.resolution_date,
        start=application.resolution_date,
    )


@transaction.atomic
def application_approve(*, application_id: int, user) -> Member:
    """Create the member (status NEW: staff publish it by making it active), its politician
    and coordinator roles from the resolution's date, invite the coordinator, tell the
    applicant. A former member with the same IČO is taken back rather than duplicated."""
    application = _locked_for_review(application_id, user)
    _lock_ico(application.ico)
    _check_not_member(application.ico)
    member = Member.objects.select_for_update().filter(ico=application.ico).first()
    if member is None:
        member = Member(ico=application.ico, slug=_unique_slug(application.name))
    member.name = application.name
    member.kind = application.kind
    member.region = application.region
    member.address = application.address
    member.status = Member.Status.NEW
    member.member_since = application.resolution_date
    member._history_user = user
    member._change_reason = "application-approved"
    member.full_clean(exclude=["coordinators", "image"])
    member.save()
    _role(member, application, Role.Kind.POLITICIAN, "politician")
    _role(member, application, Role.Kind.COORDINATOR, "coordinator")
    coordinator_invite(
        email=application.coordinator_email,
        members=[member],
        invited_by=user,
        site_url=settings.SITE_URL,
        first_name=application.coordinator_first_name,
        last_name=application.coordinator_last_name,
        language=application.language,
    )
    application.member = member
    application.state = State.APPROVED
    application.decided_by = user
    application.token_nonce = ""
    _save(application, user=user, reason="approved")
    _mail_applicant(application, "approved")
    return member


@transaction.atomic
def application_return(*, application_id: int, user, reason: str) -> MembershipApplication:
    """Send the application back with ``reason``; the e-mail links to the correction page."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say what the applicant should correct."), code="reason")
    application = _locked_for_review(application_id, user)
    application.state = State.RETURNED
    application.reason = reason
    application.decided_by = user
    application.token_nonce = secrets.token_hex(16)
    _save(application, user=user, reason="returned")
    _mail_applicant(application, "returned", link=correction_url(application))
    return application


@transaction.atomic
def application_reject(*, application_id: int, user, reason: str) -> MembershipApplication:
    """Reject the application (waiting for review or returned) with ``reason``."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the rejection."), code="reason")
    application = _locked_for_review(application_id, user, (State.SUBMITTED, State.RETURNED))
    application.state = State.REJECTED
    application.reason = reason
    application.decided_by = user
    application.token_nonce = ""
    _save(application, user=user, reason="rejected")
    _mail_applicant(application, "rejected")
    return application


# --- mail -----------------------------------------------------------------------------------
SUBJECTS = {
    "received": _("We have received your membership application"),
    "approved": _("Your membership application has been approved"),
    "returned": _("Your membership application needs a correction"),
    "rejected": _("Your membership application has been rejected"),
}


def _mail_applicant(application: MembershipApplication, step: str, link: str = "") -> None:
    with translation.override(application.language):
        subject = gettext(SUBJECTS[step])
        body = render_to_string(
            f"members/email/application_{step}.txt",
            {"application": application, "link": link},
        )
    mail_queue(to=application.contact_email, subject=subject, body=body)


# --- retention ------------------------------------------------------------------------------
def applications_anonymise(*, now: datetime | None = None) -> int:
    """Remove the personal data of applications decided (or returned and left unanswered)
    MEMBERS_APPLICATION_RETENTION_MONTHS ago, from the rows and from their history; what
    describes the municipality stays, and the resolution of an approved one. The daily job;
    safe to run again."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=round(settings.MEMBERS_APPLICATION_RETENTION_MONTHS * 30.44))
    ids = list(
        MembershipApplication.objects.to_anonymise(cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    blank = dict.fromkeys(PERSONAL_FIELDS, "")
    for pk in ids:
        with transaction.atomic():
            emails = {
                "politician_email": f"p{pk}@{ANONYMOUS_DOMAIN}",
                "coordinator_email": f"c{pk}@{ANONYMOUS_DOMAIN}",
                "contact_email": f"a{pk}@{ANONYMOUS_DOMAIN}",
            }
            values = {**blank, **emails, "politician_first_name": "–", "politician_last_name": "–"}
            values |= {"coordinator_first_name": "–", "coordinator_last_name": "–"}
            values |= {"contact_name": "–"}
            rows = MembershipApplication.objects.filter(pk=pk)
            if not rows.filter(state=State.APPROVED).exists():
                # The resolution of a municipality that did not join is not kept either
                # (cleanup_media deletes the file once no row names it).
                values["resolution_file"] = ""
            rows.update(**values, token_nonce="", anonymised_at=now)
            MembershipApplication.history.filter(id=pk).update(**values)
    return len(ids)
