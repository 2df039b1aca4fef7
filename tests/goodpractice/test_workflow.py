"""Coordinators contribute, staff review: permissions, states, e-mail after commit."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from goodpractice import services
from goodpractice.models import Practice
from tests.factories import PASSWORD, UserFactory
from tests.goodpractice.factories import PracticeFactory
from tests.support import run_jobs

pytestmark = pytest.mark.django_db


def form_data(member, **overrides):
    from goodpractice.models import Topic

    data = {
        "title_cs": "Pocitová mapa náměstí",
        "title_en": "A feeling map of the square",
        "summary_cs": "Lidé označili místa, kde se cítí dobře.",
        "summary_en": "People marked the places where they feel good.",
        "body_cs": "Podrobnosti.",
        "body_en": "Details.",
        "members": [member.pk],
        "country": "CZ",
        "year_from": 2024,
        "topic": Topic.objects.get(slug="sprava-a-uzemni-rozvoj").pk,
        "links": "https://www.example.org/mapa",
    }
    data.update(overrides)
    return data


def login(client, user):
    client.force_login(user)


def test_coordinator_creates_a_draft(client, coordinator, member):
    """A coordinator's new example is a draft of their member, authored by them."""
    login(client, coordinator)
    response = client.post(reverse("goodpractice:create"), form_data(member))
    practice = Practice.objects.get()
    assert response.status_code == 302
    assert practice.status == Practice.Status.DRAFT
    assert practice.author == coordinator
    assert list(practice.members.all()) == [member]
    assert practice.slug == "pocitova-mapa-namesti"
    assert practice.translation_status == Practice.TranslationStatus.COMPLETE
    # The draft is visible to its coordinator but not to the public.
    assert client.get(practice.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get(practice.get_absolute_url()).status_code == 404


def test_coordinator_cannot_create_for_another_member(client, coordinator, other_member):
    """Another member is not even a choice."""
    login(client, coordinator)
    response = client.post(reverse("goodpractice:create"), form_data(other_member))
    assert response.status_code == 200
    assert not Practice.objects.exists()
    with pytest.raises(PermissionDenied):
        services.practice_save(
            practice=Practice(title_cs="X", summary_cs="Y", year_from=2020, topic_id=1),
            user=coordinator,
            changed=[],
            members=[other_member],
        )


def test_validation_errors_keep_the_text_and_ask_for_files_again(client, coordinator, member):
    """A failed form keeps every typed word, says what is wrong in the user's language and
    asks for the files again."""
    login(client, coordinator)
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = form_data(member, title_cs="", links="not a link", year_to=2000)
    data["new_attachment"] = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n1 0 obj\n%%EOF")
    data["new_attachment_title"] = "Zpráva"
    response = client.post(reverse("goodpractice:create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lidé označili místa, kde se cítí dobře." in html
    assert "A feeling map of the square" in html
    assert "Toto pole je třeba vyplnit." in html
    assert "vyberte je znovu" in html.lower()
    assert not Practice.objects.exists()
    response = client.post("/en/good-practice/new/", form_data(member, title_cs="", year_to=2000))
    assert "This field is required." in response.content.decode()
    assert "The period cannot end before it begins." in response.content.decode()


def test_pdf_attachments_are_checked_by_content(client, coordinator, member):
    """A PDF is accepted; a text file named .pdf and PDFs with scripts (even written with name
    escapes) or a launch action are refused."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, coordinator)
    from tests.pdfs import plain_pdf, raw_pdf

    good = plain_pdf()
    bad_cases = {
        "fake.pdf": b"just text, not a PDF",
        "script.pdf": b"%PDF-1.4\n1 0 obj\n<< /OpenAction << /S /JavaScript /JS (x) >> >>\n%%EOF",
        "escaped.pdf": raw_pdf(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"),
        "launch.pdf": raw_pdf(b"/OpenAction << /S /L#61unch /F (cmd.exe) >>"),
        "cut.pdf": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog",
    }
    for name, content in bad_cases.items():
        data = form_data(member, new_attachment=SimpleUploadedFile(name, content))
        response = client.post(reverse("goodpractice:create"), data)
        assert response.status_code == 200, name
        assert response.context["form"].errors["new_attachment"], name
    data = form_data(member, new_attachment=SimpleUploadedFile("report.pdf", good))
    data["new_attachment_title"] = "Závěrečná zpráva"
    assert client.post(reverse("goodpractice:create"), data).status_code == 302
    attachment = Practice.objects.get().attachments.get()
    assert attachment.title == "Závěrečná zpráva"
    assert attachment.file.name.endswith(".pdf") and "report" not in attachment.file.name


def test_images_follow_the_upload_rules(client, coordinator, member):
    """A good photo is stored re-encoded under a random name; a fake one is refused."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    login(client, coordinator)
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "green").save(buffer, "JPEG")
    photo = SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")
    fake = SimpleUploadedFile("fake.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(
        reverse("goodpractice:create"), form_data(member, new_image=fake, new_image_alt="Mapa")
    )
    assert "new_image" in response.context["form"].errors
    response = client.post(
        reverse("goodpractice:create"), form_data(member, new_image=photo, new_image_alt="Mapa")
    )
    assert response.status_code == 302
    image = Practice.objects.get().images.get()
    assert image.alt == "Mapa" and "photo" not in image.image.name


def test_full_review_cycle_with_emails(
    client, coordinator, member, staff_user, django_capture_on_commit_callbacks, queue
):
    """Create → submit → return with comment → edit → submit → publish; mail after commit."""
    login(client, coordinator)
    client.post(reverse("goodpractice:create"), form_data(member))
    practice = Practice.objects.get()
    client.post(reverse("goodpractice:submit", args=[practice.slug]))
    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED
    # Submitted: the coordinator can no longer edit it.
    response = client.get(reverse("goodpractice:edit", args=[practice.slug]))
    assert response.status_code == 302

    admin = client.__class__()
    admin.force_login(staff_user)
    review = reverse("admin:goodpractice_practice_review", args=[practice.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        admin.post(review, {"action": "return", "comment": "Doplňte prosím fotografie."})
    assert mail.outbox == []  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    assert mail.outbox == []  # queued, not sent: the worker sends it
    run_jobs(queue)
    practice.refresh_from_db()
    assert practice.status == Practice.Status.RETURNED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [coordinator.email]
    assert "Doplňte prosím fotografie." in mail.outbox[0].body
    assert "http://testserver/cs/dobra-praxe/" in mail.outbox[0].body

    response = client.get(practice.get_absolute_url())
    assert "Doplňte prosím fotografie." in response.content.decode()
    data = form_data(member, summary_cs="Nové shrnutí s fotografiemi.")
    assert client.post(reverse("goodpractice:edit", args=[practice.slug]), data).status_code == 302
    client.post(reverse("goodpractice:submit", args=[practice.slug]))

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(review, {"action": "publish", "verified": "1"})
    run_jobs(queue)
    practice.refresh_from_db()
    assert practice.status == Practice.Status.PUBLISHED
    assert practice.verified
    assert practice.published_at is not None
    assert len(mail.outbox) == 2
    assert "zveřejněn" in mail.outbox[1].subject
    assert "published" in mail.outbox[1].subject
    assert practice.history.count() >= 5


def test_return_needs_a_comment(client, staff_user, coordinator):
    """Staff must say what to change."""
    practice = PracticeFactory(status=Practice.Status.SUBMITTED, author=coordinator)
    with pytest.raises(ValidationError):
        services.practice_return(practice=practice, user=staff_user, comment="  ")


def test_other_coordinator_gets_404_everywhere(client, coordinator, other_coordinator, member):
    """Another member's example: detail of a draft, edit and submit are all 404."""
    practice = PracticeFactory(members=[member], status=Practice.Status.DRAFT, author=coordinator)
    login(client, other_coordinator)
    assert client.get(practice.get_absolute_url()).status_code == 404
    assert client.get(reverse("goodpractice:edit", args=[practice.slug])).status_code == 404
    assert client.post(reverse("goodpractice:edit", args=[practice.slug]), {}).status_code == 404
    assert client.post(reverse("goodpractice:submit", args=[practice.slug])).status_code == 404
    assert practice.title_cs not in client.get(reverse("goodpractice:mine")).content.decode()


def test_coordinator_cannot_publish_or_verify(client, coordinator, member):
    """Publishing and the verified stamp are for staff only, by any route."""
    practice = PracticeFactory(members=[member], status=Practice.Status.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.practice_publish(practice=practice, user=coordinator)
    with pytest.raises(PermissionDenied):
        services.practice_verify(practice=practice, user=coordinator)
    login(client, coordinator)
    review = reverse("admin:goodpractice_practice_review", args=[practice.pk])
    assert client.post(review, {"action": "publish"}).status_code == 302  # to the login
    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED
    # Posting status or verified in the form is ignored.
    draft = PracticeFactory(members=[member], status=Practice.Status.DRAFT, slug="draft-x")
    data = form_data(member, status="published", verified="on")
    client.post(reverse("goodpractice:edit", args=[draft.slug]), data)
    draft.refresh_from_db()
    assert draft.status == Practice.Status.DRAFT and not draft.verified


def test_anonymous_users_are_sent_to_log_in(client):
    """The coordinator pages need a login."""
    for name in ("goodpractice:mine", "goodpractice:create"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_published_can_be_withdrawn(staff_user):
    """A withdrawn example leaves the public list."""
    practice = PracticeFactory()
    services.practice_withdraw(practice=practice, user=staff_user)
    assert not Practice.objects.published().filter(pk=practice.pk).exists()


def test_translation_status(coordinator, member, staff_user, client):
    """Missing without English; outdated when the Czech changes after the English."""
    login(client, coordinator)
    client.post(
        reverse("goodpractice:create"),
        form_data(member, title_en="", summary_en="", body_en=""),
    )
    practice = Practice.objects.get()
    assert practice.translation_status == Practice.TranslationStatus.MISSING
    client.post(reverse("goodpractice:edit", args=[practice.slug]), form_data(member))
    practice.refresh_from_db()
    assert practice.translation_status == Practice.TranslationStatus.COMPLETE
    client.post(
        reverse("goodpractice:edit", args=[practice.slug]),
        form_data(member, body_cs="Czech text extended later."),
    )
    practice.refresh_from_db()
    assert practice.translation_status == Practice.TranslationStatus.OUTDATED
    assert list(Practice.objects.english_outdated()) == [practice]
    assert list(Practice.objects.english_needs_work()) == [practice]

    admin = client.__class__()
    admin.force_login(staff_user)
    changelist = reverse("admin:goodpractice_practice_changelist")
    html = admin.get(changelist, {"english": "outdated"}).content.decode()
    assert f"/{practice.pk}/change/" in html
    complete = PracticeFactory(title_cs="Úplný překlad")
    html = admin.get(changelist, {"english": "needs-work"}).content.decode()
    assert f"/{complete.pk}/change/" not in html and f"/{practice.pk}/change/" in html

    # Updating the English makes it complete again.
    client.post(
        reverse("goodpractice:edit", args=[practice.slug]),
        form_data(member, body_cs="Czech text extended later.", body_en="English updated."),
    )
    practice.refresh_from_db()
    assert practice.translation_status == Practice.TranslationStatus.COMPLETE


def test_staff_edit_in_admin_stamps_the_czech_change(client, staff_user):
    """An admin edit of the Czech text makes the English outdated."""
    practice = PracticeFactory(cs_changed_at=None, en_changed_at=None)
    admin = client
    admin.force_login(staff_user)
    url = reverse("admin:goodpractice_practice_change", args=[practice.pk])
    page = admin.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if hasattr(value, "__iter__") and not isinstance(value, str):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)
    data["summary_cs"] = "Změněné české shrnutí."
    for prefix in ("images", "attachments"):
        data[f"{prefix}-TOTAL_FORMS"] = 0
        data[f"{prefix}-INITIAL_FORMS"] = 0
    response = admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    practice.refresh_from_db()
    assert practice.translation_status == Practice.TranslationStatus.OUTDATED


def test_login_password_fixture_is_usable():
    """The shared factory password (used by the browser test) logs in."""
    user = UserFactory()
    assert user.check_password(PASSWORD)
