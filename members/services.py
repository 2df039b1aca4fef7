"""Writes with consequences in the members app: profile edits, their revert, invitations."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members import cachescopes
from members.models import Member, Person
from network_portal.mail import mail_queue
from network_portal.uploads import image_store

# The fields a coordinator may change on the public profile; everything else is staff-only.
PROFILE_FIELDS = list(Member.PROFILE_FIELDS)
CONTACT_FIELDS = ["email", "phone"]
# history_change_reason of the records written by the profile edit page and by a revert.
PROFILE_EDIT = "profile-edit"
PROFILE_REVERT = "profile-revert"

INVITATION_VALID_FOR = timedelta(days=14)


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """One-time invitation links: the token covers the password hash and the last login, so it
    stops working once the password is set, and it expires after INVITATION_VALID_FOR."""

    key_salt = "members.services.InvitationTokenGenerator"

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(
                self._make_token_with_timestamp(user, timestamp, secret), token
            ):
                break
        else:
            return False
        age = self._num_seconds(self._now()) - timestamp
        return 0 <= age <= INVITATION_VALID_FOR.total_seconds()


invitation_tokens = InvitationTokenGenerator()


@transaction.atomic
def member_profile_update(
    *,
    member: Member,
    user,
    data: dict,
    image=None,
    remove_image: bool = False,
    contacts: dict[int, dict] | None = None,
) -> Member:
    """Publish a profile edit at once and record it in the history with ``user`` as author.

    ``data`` may hold any keys: only PROFILE_FIELDS are applied, so staff-only fields (kind,
    IČO, status, region, member since, ratings) cannot be changed this way. ``contacts`` maps
    the ids of current role holders to their new work e-mail/phone. A bad image raises
    ValidationError before anything is saved, so the previous image stays.
    """
    # Decide against the stored row, locked: not against an instance a form has changed.
    member = Member.objects.editable_by(user).select_for_update().filter(pk=member.pk).first()
    if member is None:
        raise PermissionDenied
    changed = []
    for field in PROFILE_FIELDS:
        if field == "image" or field not in data:
            continue
        if getattr(member, field) != data[field]:
            setattr(member, field, data[field])
            changed.append(field)
    if changed:
        member.full_clean(exclude=["coordinators", "image"], validate_unique=False)
    # The image is written only once the other values are known to be valid.
    if image:
        member.image.name = image_store(upload=image, folder="members")
        changed.append("image")
    elif remove_image and member.image:
        # The file stays on disk so that staff can revert the edit.
        member.image.name = ""
        changed.append("image")
    if changed:
        # Only the changed columns: an edit of the description leaves the pages that show
        # the member's name cached (network_portal.pagecolumns), and the other members'
        # profiles (members.cachescopes).
        with cachescopes.editing_profile(member.slug):
            _save_with_history(member, user, PROFILE_EDIT, update_fields=changed)

    holders = {
        person.pk: person
        for person in Person.objects.filter(roles__in=member.roles.current()).distinct()
    }
    for person_id, values in (contacts or {}).items():
        person = holders.get(person_id)
        if person is None:
            raise ValidationError(
                _("You may only edit the current role holders."), code="forbidden"
            )
        person_changed = False
        for field in CONTACT_FIELDS:
            if field in values and getattr(person, field) != values[field]:
                setattr(person, field, values[field])
                person_changed = True
        if person_changed:
            person.full_clean()
            _save_with_history(person, user, PROFILE_EDIT)
    return member


def _save_with_history(instance, user, reason: str, update_fields=None) -> None:
    instance._history_user = user
    instance._change_reason = reason
    instance.save(update_fields=update_fields)


def profile_edits_recent(*, limit: int = 50) -> list:
    """The latest profile edits (member records and contact changes), newest first."""
    members = (
        Member.history.filter(history_change_reason=PROFILE_EDIT)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )
    people = (
        Person.history.filter(history_change_reason=PROFILE_EDIT)
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    )
    records = sorted([*members, *people], key=lambda r: r.history_date, reverse=True)[:limit]
    return records


def _history_model(kind: str):
    return {"member": Member, "person": Person}[kind]


@transaction.atomic
def profile_edit_revert(*, kind: str, history_id: int, user) -> object:
    """Undo one profile edit: put back the editable fields as they were just before it.

    The revert is a new change in the history (reason PROFILE_REVERT, author ``user``), so it
    can itself be followed and undone.
    """
    if not user.has_perm("members.change_member"):
        raise PermissionDenied
    model = _history_model(kind)
    record = model.history.filter(history_id=history_id, history_change_reason=PROFILE_EDIT).first()
    if record is None:
        raise ValidationError(_("This edit does not exist."), code="missing")
    previous = record.prev_record
    if previous is None:
        raise ValidationError(_("There is no earlier version to go back to."), code="first")
    instance = model.objects.select_for_update().filter(pk=record.instance.pk).first()
    if instance is None:
        raise ValidationError(_("The record was deleted."), code="deleted")
    fields = PROFILE_FIELDS if model is Member else CONTACT_FIELDS
    for field in fields:
        value = getattr(previous, field)
        if field == "image":
            instance.image.name = value or ""
        else:
            setattr(instance, field, value)
    _save_with_history(instance, user, PROFILE_REVERT)
    return instance


def changes_in_record(record) -> list[tuple[str, object, object]]:
    """(field label, old, new) for what a history record changed against the one before."""
    previous = record.prev_record
    if previous is None:
        return []
    model = record.instance_type
    fields = PROFILE_FIELDS if model is Member else CONTACT_FIELDS
    delta = record.diff_against(previous, included_fields=fields)
    return [
        (model._meta.get_field(change.field).verbose_name, change.old, change.new)
        for change in delta.changes
    ]


@transaction.atomic
def coordinator_invite(
    *,
    email: str,
    members: list[Member],
    invited_by,
    site_url: str,
    first_name: str = "",
    last_name: str = "",
    language: str | None = None,
):
    """Link the account for ``email`` to ``members`` as their coordinator and e-mail an
    invitation: a one-time link to set a password (valid INVITATION_VALID_FOR) for a new
    account, a note with the login link for an existing one. Returns the account."""
    if not invited_by.has_perm("members.change_member"):
        raise PermissionDenied
    if not members:
        raise ValidationError(_("Choose at least one member."), code="no_members")
    User = get_user_model()
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=email, first_name=first_name, last_name=last_name)
        user.set_unusable_password()
        user.save()
    elif not user.is_active:
        raise ValidationError(
            _("The account %(email)s is deactivated; reactivate it in the users list first."),
            code="inactive",
            params={"email": email},
        )
    for member in members:
        member.coordinators.add(user)

    needs_password = not user.has_usable_password()
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        if needs_password:
            link = site_url.rstrip("/") + invitation_path(user)
        else:
            link = site_url.rstrip("/") + reverse("account_login")
        context = {
            "user": user,
            "members": members,
            "link": link,
            "needs_password": needs_password,
            "valid_days": INVITATION_VALID_FOR.days,
            "invited_by": invited_by,
        }
        subject = gettext("Invitation to the Healthy Cities Network portal")
        body = render_to_string("members/email/invitation.txt", context)
    mail_queue(to=user.email, subject=subject, body=body)
    return user


def invitation_path(user) -> str:
    return reverse(
        "members:invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_tokens.make_token(user),
        },
    )


@transaction.atomic
def invitation_accept(*, user, token: str, password: str):
    """Set the invited person's first password; the link cannot be used again afterwards."""
    if not invitation_tokens.check_token(user, token):
        raise ValidationError(
            _("This invitation link is invalid or has expired."), code="invalid_token"
        )
    user.set_password(password)
    user.save(update_fields=["password"])
    return user
