"""Writes with consequences: creating and editing examples, the review workflow, e-mail."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from goodpractice.models import Practice, PracticeAttachment, PracticeImage
from members.models import Member
from network_portal.mail import mail_queue
from network_portal.pdf_uploads import document_store
from network_portal.uploads import image_delete, image_store


def unique_slug(title: str, *, exclude_pk=None) -> str:
    base = slugify(title)[:200] or "priklad"
    slug, number = base, 1
    existing = Practice.objects.exclude(pk=exclude_pk)
    while existing.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _member_links(*, user, stored: Practice | None, chosen) -> list[Member]:
    """The members an example is linked to after ``user`` chose ``chosen`` in the form.

    The form offers only the members ``user`` may edit, so links to the others (another town
    of a shared example) are kept: (chosen ∩ editable) ∪ (stored − editable). Choosing a
    member ``user`` may not edit is refused.
    """
    editable = set(Member.objects.editable_by(user).values_list("pk", flat=True))
    chosen = list(chosen)
    if any(member.pk not in editable for member in chosen):
        raise PermissionDenied
    kept = [] if stored is None else [m for m in stored.members.all() if m.pk not in editable]
    return [*chosen, *kept]


def _require_own_member(user, members: list[Member]) -> None:
    """A coordinator's example must stay theirs: linked to at least one member they edit."""
    if not Member.objects.editable_by(user).filter(pk__in=[m.pk for m in members]).exists():
        raise ValidationError(
            {
                "members": _(
                    "Choose at least one of your members: an example belongs to a member, "
                    "otherwise you could not see or edit it any more."
                )
            },
            code="no_own_member",
        )


def _store_files(practice, *, images=(), attachments=()):
    for position, (upload, alt) in enumerate(images, start=practice.images.count()):
        name = image_store(upload=upload, folder="goodpractice/images")
        PracticeImage.objects.create(practice=practice, image=name, alt=alt, position=position)
    for upload, title in attachments:
        name = document_store(upload=upload, folder="goodpractice/attachments")
        PracticeAttachment.objects.create(
            practice=practice, file=name, title=title or upload.name[:200], size=upload.size
        )


@transaction.atomic
def practice_save(
    *,
    practice: Practice,
    user,
    changed: Iterable[str],
    members: Iterable[Member] | None = None,
    target_groups=None,
    methods=None,
    goals=None,
    images: Iterable[tuple] = (),
    attachments: Iterable[tuple] = (),
    delete_images: Iterable[PracticeImage] = (),
    delete_attachments: Iterable[PracticeAttachment] = (),
) -> Practice:
    """Create or update an example from a coordinator's form (or staff).

    ``practice`` carries the new field values; ``changed`` names the fields that changed.
    A coordinator may only save drafts and returned examples of members they coordinate, and
    the example must stay linked to at least one of them. Links to members the user may not
    edit are kept (see _member_links). The stored row is locked while it is changed.
    """
    creating = practice.pk is None
    stored = None if creating else Practice.objects.select_for_update().get(pk=practice.pk)
    if members is not None:
        members = _member_links(user=user, stored=stored, chosen=members)
    if not user.has_perm("goodpractice.change_practice"):
        if not creating and not Practice.objects.editable_by(user).filter(pk=practice.pk).exists():
            raise PermissionDenied
        if not creating and not stored.is_editable:
            raise ValidationError(_("Only drafts and returned examples can be edited."))
        if members is not None or creating:
            _require_own_member(user, members or [])
        if creating:
            practice.status = Practice.Status.DRAFT
            practice.verified = False
    if creating:
        practice.author = practice.author or user
        practice.slug = practice.slug or unique_slug(practice.title_cs or practice.title)
    practice.stamp_text_changes(practice.new_text_fields() if creating else changed)
    if creating and not any(getattr(practice, name) for name in practice.text_fields("en")):
        practice.en_changed_at = None
    practice.full_clean(exclude=["slug"] if creating else None)
    practice.save()
    if members is not None:
        practice.members.set(members)
    if target_groups is not None:
        practice.target_groups.set(target_groups)
    if methods is not None:
        practice.methods.set(methods)
    if goals is not None:
        practice.goals.set(goals)
    for image in delete_images:
        if image.practice_id == practice.pk:
            name = image.image.name
            image.delete()
            transaction.on_commit(lambda name=name: image_delete(name))
    for attachment in delete_attachments:
        if attachment.practice_id == practice.pk:
            name = attachment.file.name
            attachment.delete()
            transaction.on_commit(lambda name=name: default_storage.delete(name))
    _store_files(practice, images=images, attachments=attachments)
    return practice


@transaction.atomic
def practice_delete(*, practice: Practice, user) -> None:
    """Staff delete an example; its images and attachments are deleted after the commit
    (no history record refers to them)."""
    if not user.has_perm("goodpractice.delete_practice"):
        raise PermissionDenied
    practice = _locked(practice)
    images = list(practice.images.values_list("image", flat=True))
    files = list(practice.attachments.values_list("file", flat=True))
    practice.delete()

    def delete_files():
        for name in images:
            image_delete(name)
        for name in files:
            default_storage.delete(name)

    transaction.on_commit(delete_files)


def _require_reviewer(user):
    if not user.has_perm("goodpractice.review_practice"):
        raise PermissionDenied


def _locked(practice: Practice) -> Practice:
    """The stored row of ``practice``, locked until the transaction ends."""
    return Practice.objects.select_for_update().get(pk=practice.pk)


def _require_status(practice: Practice, allowed_from, message):
    if practice.status not in allowed_from:
        raise ValidationError(message)


@transaction.atomic
def practice_submit(*, practice: Practice, user) -> Practice:
    """The author (or any coordinator of its members) sends the example for review."""
    if not Practice.objects.editable_by(user).filter(pk=practice.pk).exists():
        raise PermissionDenied
    practice = _locked(practice)
    _require_status(
        practice,
        Practice.EDITABLE_STATUSES,
        _("Only drafts and returned examples can be submitted."),
    )
    practice.status = Practice.Status.SUBMITTED
    practice.submitted_at = timezone.now()
    practice.save(update_fields=["status", "submitted_at", "updated_at"])
    return practice


@transaction.atomic
def practice_publish(
    *, practice: Practice, user, verified: bool | None = None, site_url: str = ""
) -> Practice:
    """Staff approve an example: it is published and its author is told by e-mail."""
    _require_reviewer(user)
    practice = _locked(practice)
    _require_status(
        practice,
        (Practice.Status.SUBMITTED, Practice.Status.WITHDRAWN, Practice.Status.DRAFT),
        _("This example cannot be published in its present state."),
    )
    practice.status = Practice.Status.PUBLISHED
    practice.review_comment = ""
    if practice.published_at is None:
        practice.published_at = timezone.now()
    if verified is not None:
        practice.verified = verified
    practice.save()
    _notify_author(practice, "published", site_url)
    return practice


@transaction.atomic
def practice_return(*, practice: Practice, user, comment: str, site_url: str = "") -> Practice:
    """Staff send an example back to its author with a comment (e-mailed after commit)."""
    _require_reviewer(user)
    if not comment.strip():
        raise ValidationError(_("Say what the author should change."))
    practice = _locked(practice)
    _require_status(
        practice,
        (Practice.Status.SUBMITTED, Practice.Status.DRAFT),
        _("Only submitted examples can be returned."),
    )
    practice.status = Practice.Status.RETURNED
    practice.review_comment = comment.strip()
    practice.save()
    _notify_author(practice, "returned", site_url)
    return practice


@transaction.atomic
def practice_withdraw(*, practice: Practice, user) -> Practice:
    _require_reviewer(user)
    practice = _locked(practice)
    _require_status(
        practice, (Practice.Status.PUBLISHED,), _("Only published examples can be withdrawn.")
    )
    practice.status = Practice.Status.WITHDRAWN
    practice.save()
    return practice


@transaction.atomic
def practice_verify(*, practice: Practice, user, verified: bool = True) -> Practice:
    """Award (or take back) the network's "verified" stamp."""
    _require_reviewer(user)
    practice = _locked(practice)
    practice.verified = verified
    practice.save(update_fields=["verified", "updated_at"])
    return practice


def _notify_author(practice: Practice, event: str, site_url: str) -> None:
    author = practice.author
    if author is None or not author.email:
        return
    base_url = site_url.rstrip("/")
    parts, subjects = [], []
    # The author's language is not known: one message in Czech and then in English.
    for language in ("cs", "en"):
        with translation.override(language):
            context = {
                "practice": practice,
                "event": event,
                "edit_url": base_url + reverse("goodpractice:edit", kwargs={"slug": practice.slug}),
                "detail_url": base_url + practice.get_absolute_url(),
                "mine_url": base_url + reverse("goodpractice:mine"),
            }
            subjects.append(
                render_to_string("goodpractice/email/review_subject.txt", context).strip()
            )
            parts.append(render_to_string("goodpractice/email/review_body.txt", context).strip())
    subject = " / ".join(subjects)
    body = "\n\n-----\n\n".join(parts)
    mail_queue(to=author.email, subject=subject, body=body)
