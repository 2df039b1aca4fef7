"""Uploads when the storage fails, and uploads in S3-compatible object storage."""

from __future__ import annotations

import errno
import io
import os
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from PIL import Image

from goodpractice.models import Practice, PracticeAttachment, PracticeImage
from network_portal import storage
from network_portal.uploads import serve_upload
from tests.factories import UserFactory
from tests.goodpractice.factories import GPMemberFactory
from tests.goodpractice.test_workflow import form_data
from tests.pdfs import plain_pdf

pytestmark = pytest.mark.django_db
PDF = plain_pdf()


@pytest.fixture
def coordinator_and_member():
    member = GPMemberFactory(name="Litoměřice", slug="gp-litomerice")
    user = UserFactory(email="koordinator@example.org")
    member.coordinators.add(user)
    return user, member


def _photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "green").save(buffer, "JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def _upload_form(member, language="cs"):
    with translation.override(language):
        url = reverse("goodpractice:create")
    data = form_data(member, new_attachment=SimpleUploadedFile("zprava.pdf", PDF))
    data.update(new_attachment_title="Zpráva", new_image=_photo(), new_image_alt="Náměstí")
    return url, data


def _files(root) -> list[str]:
    return (
        sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())
        if root.exists()
        else []
    )


class FullDisk:
    """os.fdopen whose stream takes a few bytes and then fails as a full disk does."""

    def __init__(self):
        self.real = os.fdopen

    def __call__(self, descriptor, *args, **kwargs):
        stream = self.real(descriptor, *args, **kwargs)
        real_write = stream.write

        def write(data):
            real_write(data[:10])
            raise OSError(errno.ENOSPC, "No space left on device")

        stream.write = write
        return stream


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("cs", "Soubor se nepodařilo uložit"),
        ("en", "The file could not be saved"),
    ],
)
@pytest.mark.parametrize(
    "fault",
    [
        # A full disk in the middle of writing a file.
        lambda: mock.patch.object(storage.os, "fdopen", FullDisk()),
        # A read-only media folder: not even a temporary file can be created.
        lambda: mock.patch.object(
            storage.tempfile,
            "mkstemp",
            side_effect=OSError(errno.EROFS, "Read-only file system"),
        ),
    ],
    ids=["disk-full", "read-only"],
)
def test_a_failing_media_folder_gives_a_clear_error_and_leaves_nothing_behind(
    client, settings, coordinator_and_member, fault, language, message
):
    """Disk full or read-only during an upload: a translated error on the form, the typed text
    kept, no row, and no file (whole or partial) left in the media folder."""
    user, member = coordinator_and_member
    client.force_login(user)
    url, data = _upload_form(member, language)
    with fault():
        response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Pocitová mapa náměstí" in html
    assert not Practice.objects.exists()
    assert not PracticeAttachment.objects.exists() and not PracticeImage.objects.exists()
    assert _files(settings.MEDIA_ROOT) == []


def test_a_thumbnail_failing_removes_the_image_already_stored(
    client, settings, coordinator_and_member
):
    """The image is stored, its thumbnail hits a full disk: the image goes too."""
    user, member = coordinator_and_member
    client.force_login(user)
    url, data = _upload_form(member)
    del data["new_attachment"]
    real_save = storage.MediaStorage._save
    calls = []

    def save_then_fill_up(self, name, content):
        calls.append(name)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_save(self, name, content)

    with mock.patch.object(storage.MediaStorage, "_save", save_then_fill_up):
        response = client.post(url, data)
    assert "Soubor se nepodařilo uložit" in response.content.decode()
    assert len(calls) == 2
    assert _files(settings.MEDIA_ROOT) == []
    assert not Practice.objects.exists()


def test_uploads_are_written_whole_under_their_name(client, settings, coordinator_and_member):
    """A normal upload leaves exactly the stored files, no temporary ones."""
    user, member = coordinator_and_member
    client.force_login(user)
    url, data = _upload_form(member)
    assert client.post(url, data).status_code == 302
    practice = Practice.objects.get()
    image = practice.images.get().image.name
    attachment = practice.attachments.get().file.name
    files = _files(settings.MEDIA_ROOT)
    assert attachment in files and image in files
    assert len(files) == 4  # the PDF, the image and its two thumbnails
    assert not any(os.path.basename(name).startswith(".upload-") for name in files)


# --- S3-compatible object storage ---------------------------------------------------------------
@pytest.fixture(scope="module")
def s3_server():
    """A local S3-compatible server (moto) with an empty bucket."""
    boto3 = pytest.importorskip("boto3")
    moto_server = pytest.importorskip("moto.server")
    from bench.server import free_port

    port = free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="eu-central-1",
    )
    client.create_bucket(
        Bucket="portal-media", CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
    )
    yield endpoint, client
    server.stop()


@pytest.fixture
def s3_media(settings, s3_server, monkeypatch):
    """The settings MEDIA_STORAGE=s3 produces, pointed at the local server."""
    endpoint, client = s3_server
    monkeypatch.setenv("MEDIA_STORAGE", "s3")
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "portal-media")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", endpoint)
    monkeypatch.setenv("AWS_S3_REGION_NAME", "eu-central-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    from network_portal.settings.base import media_storage

    settings.STORAGES = {**settings.STORAGES, "default": media_storage()}
    return client


def test_uploads_go_to_object_storage_and_are_served_by_the_portal(
    client, settings, coordinator_and_member, s3_media
):
    """With MEDIA_STORAGE=s3 an uploaded PDF and image are stored in the bucket (nothing on
    disk), their addresses are the portal's own, and both are served back from the bucket."""
    from django.core.files.storage import default_storage

    from network_portal.storage_s3 import S3MediaStorage

    assert isinstance(default_storage, S3MediaStorage)
    user, member = coordinator_and_member
    client.force_login(user)
    url, data = _upload_form(member)
    assert client.post(url, data).status_code == 302
    practice = Practice.objects.get()
    attachment = practice.attachments.get()
    image = practice.images.get()
    keys = {o["Key"] for o in s3_media.list_objects_v2(Bucket="portal-media")["Contents"]}
    assert attachment.file.name in keys and image.image.name in keys
    assert len(keys) == 4
    assert _files(settings.MEDIA_ROOT) == []
    assert image.image.url == f"/media/{image.image.name}"

    Practice.objects.filter(pk=practice.pk).update(status=Practice.Status.PUBLISHED)
    download = client.get(reverse("goodpractice:attachment", args=[practice.slug, attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")

    request = RequestFactory().get(image.image.url)
    served = serve_upload(request, image.image.name)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["Content-Security-Policy"].startswith("sandbox")
    assert Image.open(io.BytesIO(b"".join(served.streaming_content))).format == "JPEG"
    from django.http import Http404

    with pytest.raises(Http404):
        serve_upload(request, "goodpractice/images/none.jpg")
