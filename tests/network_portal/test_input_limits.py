"""Everything a user sends is limited in size: the body, each field, each file – with a
translated message in the layout, never a 500."""

import logging
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from goodpractice.forms import PracticeForm
from network_portal.text import TEXT_MAX_LENGTH
from tests.network_portal.test_fuzz import page_forms
from tests.network_portal.test_url_roles import Check, _request, checks
from tests.network_portal.url_roles import OK, ROLES, URLS, walk

pytestmark = pytest.mark.django_db

TEXT_INPUTS = {"text", "email", "url", "search", "tel"}


def _assert_layout(response):
    html = response.content.decode()
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("language", "text"), [("cs", "Příliš mnoho dat"), ("en", "Too much data")]
)
def test_a_body_over_the_limit_is_refused_before_it_is_read(client, caplog, language, text):
    """A declared body over REQUEST_BODY_MAX_SIZE is the 413 page, in the URL's language,
    logged once; nothing reads it (the test sends a few bytes and declares 30 MB)."""
    with caplog.at_level(logging.DEBUG):
        response = client.generic(
            "POST",
            f"/{language}/",
            b"x=1",
            content_type="application/x-www-form-urlencoded",
            CONTENT_LENGTH=str(30 * 1024 * 1024),
        )
    assert response.status_code == 413
    _assert_layout(response)
    assert text in response.content.decode()
    assert len(caplog.records) == 1


def test_an_upload_over_the_body_limit_is_the_413_page(client, settings, world):
    """Files count towards the body limit (DATA_UPLOAD_MAX_MEMORY_SIZE does not count them)."""
    settings.REQUEST_BODY_MAX_SIZE = 50_000
    client.force_login(world.coordinator_a)
    with translation.override("cs"):
        url = reverse("goodpractice:create")
    upload = SimpleUploadedFile("velky.pdf", b"%PDF-1.4\n" + b"0" * 60_000, "application/pdf")
    response = client.post(url, {"title_cs": "Příklad", "new_attachment": upload})
    assert response.status_code == 413
    assert "Příliš mnoho dat" in response.content.decode()


def test_form_data_over_the_memory_limit_is_the_413_page(client, settings):
    """Form fields over DATA_UPLOAD_MAX_MEMORY_SIZE: the same 413 page, not a 400 or 500."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/en/accessibility/", {"description": "x" * 5000})
    assert response.status_code == 413
    _assert_layout(response)
    assert "Too much data" in response.content.decode()


def test_too_many_files_are_a_bad_request(client, settings):
    """More files than DATA_UPLOAD_MAX_NUMBER_FILES: the 400 page."""
    files = {f"f{n}": SimpleUploadedFile(f"{n}.txt", b"x") for n in range(25)}
    response = client.post("/cs/prohlaseni-o-pristupnosti/", files)
    assert response.status_code == 400
    assert "Chybný požadavek" in response.content.decode()


def test_a_long_text_field_of_a_model_is_limited_in_its_forms(world):
    """A model TextField without a limit of its own takes TEXT_MAX_LENGTH characters in
    forms, with the translated message."""
    form = PracticeForm(user=world.coordinator_a)
    assert form.fields["body_cs"].max_length == TEXT_MAX_LENGTH
    assert form["body_cs"].as_widget().count(f'maxlength="{TEXT_MAX_LENGTH}"') == 1
    with translation.override("cs"):
        form = PracticeForm(
            {"title_cs": "Název", "summary_cs": "Shrnutí", "body_cs": "x" * (TEXT_MAX_LENGTH + 1)},
            user=world.coordinator_a,
        )
        assert not form.is_valid()
        assert "50000" in str(form.errors["body_cs"]) and "znak" in str(form.errors["body_cs"])


def test_every_text_field_of_every_form_has_a_maximum_length(world, clients):
    """Each text input and textarea of each form the URL table leads to (the site's forms as
    each role, the admin's add and change forms as staff) carries a maxlength."""
    from django.contrib import admin

    from tests.network_portal.test_url_roles import _admin_object

    unlimited, seen = [], 0
    with translation.override("cs"):
        targets = []
        for check in checks([p for p in walk() if p.key in URLS and URLS[p.key].post], world):
            for role in ROLES:
                if check.method == "get" and check.expect[role] == OK:
                    targets.append((check, role))
        for model_admin in admin.site._registry.values():
            opts = model_admin.model._meta
            record = _admin_object(model_admin, world)
            for url in (
                reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
                reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change",
                    kwargs={"object_id": record.pk},
                ),
            ):
                targets.append((Check("admin", "form", url, {}), "staff"))
        for check, role in targets:
            response = _request(clients[role], check)
            if response.status_code != 200:
                continue
            path = urlsplit(check.url).path
            for form in page_forms(response.content.decode(), path, "post"):
                for field in form.fields.values():
                    is_text = field.kind in TEXT_INPUTS or field.kind == "textarea"
                    if not is_text or "readonly" in field.attrs or "disabled" in field.attrs:
                        continue
                    # The admin's date and time inputs are parsed as dates, never kept as text;
                    # a "hidden" input is a hint for password managers, not a form field.
                    classes = set(field.attrs.get("class", "").split())
                    if {"vDateField", "vTimeField", "hidden"} & classes:
                        continue
                    seen += 1
                    if not field.attrs.get("maxlength"):
                        unlimited.append(f"  {check.url} ({role}): {field.name}")
    assert seen > 100
    assert not unlimited, "Text fields without a maximum length:\n" + "\n".join(
        sorted(set(unlimited))
    )
