"""Files of deleted records go: at once when staff delete an example, and by cleanup_media
for everything no record and no history record needs."""

import io
import os
import time

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from goodpractice.models import PracticeAttachment, PracticeImage
from members.models import Member
from network_portal.pdf_uploads import document_store
from network_portal.uploads import image_store, thumbnail_name
from tests.factories import MemberFactory
from tests.goodpractice.factories import PracticeFactory
from tests.pdfs import plain_pdf

pytestmark = pytest.mark.django_db


def _image(folder):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "green").save(buffer, "JPEG")
    return image_store(upload=SimpleUploadedFile("a.jpg", buffer.getvalue()), folder=folder)


def _with_thumbnails(name):
    return [name, thumbnail_name(name, "small"), thumbnail_name(name, "medium")]


def _make_old(*names):
    past = time.time() - 3 * 24 * 3600
    for name in names:
        os.utime(default_storage.path(name), (past, past))


def _practice_with_files():
    practice = PracticeFactory()
    image = _image("goodpractice/images")
    PracticeImage.objects.create(practice=practice, image=image, alt="Mapa")
    document = document_store(
        upload=SimpleUploadedFile("a.pdf", plain_pdf()), folder="goodpractice/attachments"
    )
    PracticeAttachment.objects.create(practice=practice, file=document, title="Zpráva")
    return practice, [*_with_thumbnails(image), document]


def test_cleanup_removes_only_files_nothing_refers_to():
    """Files of a deleted example and orphans go; current and historical member images stay."""
    practice, practice_files = _practice_with_files()
    member = MemberFactory()
    old_image = _image("members")
    member.image.name = old_image
    member.save()
    new_image = _image("members")
    member.image.name = new_image
    member.save()  # the old image is still in the member's history (a revert needs it)
    orphan = default_storage.save("members/orphan.jpg", io.BytesIO(b"x"))
    fresh_orphan = default_storage.save("members/fresh.jpg", io.BytesIO(b"x"))
    practice.delete()
    kept = [*_with_thumbnails(old_image), *_with_thumbnails(new_image)]
    _make_old(*practice_files, *kept, orphan)

    call_command("cleanup_media", stdout=io.StringIO())

    for name in [*practice_files, orphan]:
        assert not default_storage.exists(name), name
    for name in [*kept, fresh_orphan]:
        assert default_storage.exists(name), name
    assert Member.objects.get(pk=member.pk).image.name == new_image


def test_dry_run_deletes_nothing():
    """--dry-run lists what would go."""
    orphan = default_storage.save("goodpractice/images/orphan.jpg", io.BytesIO(b"x"))
    _make_old(orphan)
    out = io.StringIO()
    call_command("cleanup_media", dry_run=True, stdout=out)
    assert orphan in out.getvalue()
    assert default_storage.exists(orphan)


def test_staff_deleting_an_example_deletes_its_files(
    client, staff_user, django_capture_on_commit_callbacks
):
    """Deleting an example in the administration removes its images and attachments."""
    practice, files = _practice_with_files()
    client.force_login(staff_user)
    url = reverse("admin:goodpractice_practice_delete", args=[practice.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    for name in files:
        assert not default_storage.exists(name), name


def test_cleanup_media_is_a_nightly_job_of_the_worker():
    """The worker's scheduler holds the nightly cleanup, and the job runs the command."""
    from procrastinate.contrib.django import app

    from network_portal import tasks

    periodic = {task.periodic_id: task for task in app.periodic_registry.periodic_tasks.values()}
    assert periodic["cleanup-media"].cron == "17 3 * * *"
    assert isinstance(tasks.cleanup_media(timestamp=0), str)


def _served(name) -> int:
    """The status the media view answers for ``name``."""
    from django.conf import settings
    from django.http import Http404
    from django.test import RequestFactory

    from network_portal.uploads import serve_upload

    request = RequestFactory().get(f"/media/{name}")
    try:
        return serve_upload(request, name, document_root=settings.MEDIA_ROOT).status_code
    except Http404:
        return 404


def test_files_of_a_deleted_article_are_not_served_and_cleanup_removes_them():
    """The issue's reproduction: an article with an image is deleted; its history still names
    the image, yet the image answers 404 at once and ``cleanup_media --min-age 0`` removes it
    with its thumbnails."""
    from tests.news.factories import ArticleFactory

    article = ArticleFactory()
    image = _image("news")
    article.image.name = image
    article.save()
    files = _with_thumbnails(image)
    for name in files:
        assert _served(name) == 200, name
    article.delete()
    assert article.history.model.objects.filter(image=image).exists()  # history keeps the name
    for name in files:
        assert _served(name) == 404, name
    out = io.StringIO()
    call_command("cleanup_media", min_age=0, stdout=out)
    assert "Deleted 3 of 3" in out.getvalue()
    for name in files:
        assert not default_storage.exists(name), name


def test_a_replaced_image_kept_for_a_revert_is_not_served():
    """A live record's earlier image stays on disk while its history may bring it back, but
    only the image a record uses now is served."""
    member = MemberFactory()
    old_image, new_image = _image("members"), _image("members")
    member.image.name = old_image
    member.save()
    member.image.name = new_image
    member.save()
    _make_old(*_with_thumbnails(old_image), *_with_thumbnails(new_image))
    call_command("cleanup_media", min_age=0, stdout=io.StringIO())
    assert default_storage.exists(old_image)
    assert _served(old_image) == 404
    assert _served(thumbnail_name(old_image, "small")) == 404
    assert _served(new_image) == 200
    assert _served(thumbnail_name(new_image, "medium")) == 200
