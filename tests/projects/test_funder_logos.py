"""A funder's logo is uploaded in the admin and shown with the acknowledgement."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from projects.models import Funder
from tests.news.factories import ArticleFactory
from tests.projects.factories import FunderFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _png(name="logo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 120), (0, 60, 140)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _funder_form(funder, **files):
    return {
        "name_cs": funder.name_cs,
        "name_en": funder.name_en,
        "slug": funder.slug,
        "acknowledgement_cs": funder.acknowledgement_cs,
        "acknowledgement_en": funder.acknowledgement_en,
        "url": funder.url,
        **files,
    }


def test_the_funder_admin_shows_the_logo_uploads(client, staff_user):
    """Both upload fields are on the add and change pages."""
    funder = FunderFactory()
    client.force_login(staff_user)
    for path in (
        "/cs/sprava/projects/funder/add/",
        f"/cs/sprava/projects/funder/{funder.pk}/change/",
    ):
        page = client.get(path).content.decode()
        assert 'name="logo_upload"' in page, path
        assert 'name="logo_mono_upload"' in page, path


def test_an_uploaded_logo_appears_on_the_project_and_a_linked_article(client, staff_user):
    """Uploaded through the admin, the logo is stored re-encoded and shown with alt text."""
    funder = FunderFactory(name_cs="Fondy EHP a Norska", name_en="EEA and Norway Grants")
    project = ProjectFactory(funders=[funder])
    article = ArticleFactory()
    article.projects.set([project])
    client.force_login(staff_user)
    response = client.post(
        f"/cs/sprava/projects/funder/{funder.pk}/change/",
        _funder_form(funder, logo_upload=_png(), logo_mono_upload=_png("mono.png")),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    funder = Funder.objects.get(pk=funder.pk)
    assert funder.logo.name.startswith("projects/funders/")
    assert funder.logo.name != "projects/funders/logo.png"  # re-encoded under a new name
    assert funder.logo_mono.name.startswith("projects/funders/")

    client.logout()
    for url in (project.get_absolute_url(), article.get_absolute_url()):
        page = client.get(url).content.decode()
        assert funder.logo_url in page, url
        assert 'alt="Logo: Fondy EHP a Norska"' in page, url
    with translation.override("en"):
        english = client.get(project.get_absolute_url()).content.decode()
    assert 'alt="Logo: EEA and Norway Grants"' in english


def test_a_file_that_is_not_an_image_is_refused(client, staff_user):
    """The upload policy answers on the form; nothing is stored."""
    funder = FunderFactory()
    client.force_login(staff_user)
    fake = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    response = client.post(
        f"/cs/sprava/projects/funder/{funder.pk}/change/", _funder_form(funder, logo_upload=fake)
    )
    assert response.status_code == 200
    assert not Funder.objects.get(pk=funder.pk).logo


def test_the_czech_acknowledgement_of_the_eea_grants_carries_the_slogan():
    """The demo's Czech acknowledgement has the official Czech slogan, like the English one."""
    from projects.demo import FUNDER

    assert (
        "Společně pro zelenou, konkurenceschopnou a inkluzivní Evropu."
        in (FUNDER["acknowledgement_cs"])
    )
    assert (
        "Working together for a green, competitive and inclusive Europe."
        in (FUNDER["acknowledgement_en"])
    )


def test_a_failing_storage_is_an_error_message_not_a_server_error(client, staff_user, monkeypatch):
    """When storing fails after the form was valid, nothing is saved and the error is shown."""
    from django.core.exceptions import ValidationError

    from projects import services

    def broken_store(**kwargs):
        raise ValidationError("Úložiště souborů teď nefunguje.")

    monkeypatch.setattr(services, "image_store", broken_store)
    funder = FunderFactory()
    client.force_login(staff_user)
    path = f"/cs/sprava/projects/funder/{funder.pk}/change/"
    form = _funder_form(funder, logo_upload=_png())
    form["name_cs"] = "Nový název"
    response = client.post(path, form, follow=True)
    assert response.status_code == 200
    assert "Úložiště souborů teď nefunguje." in response.content.decode()
    funder.refresh_from_db()
    assert not funder.logo
    assert funder.name_cs != "Nový název"
