"""Membership applications: the public form, staff decisions, the correction link, retention."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from members import applications
from members.models import Member, MembershipApplication, Region, Role, ico_with_check_digit
from tests.factories import MemberFactory, UserFactory
from tests.pdfs import plain_pdf
from tests.support import LAYOUT_QUERIES, run_jobs

pytestmark = pytest.mark.django_db

ICO = ico_with_check_digit(2_595)  # a valid IČO not in the register


def url(name, language="cs", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def pdf(name="usneseni.pdf"):
    return SimpleUploadedFile(name, plain_pdf(), "application/pdf")


def form_data(**changes):
    data = {
        "kind": "town",
        "name": "Rokycany",
        "ico": ICO,
        "region": Region.objects.get(nuts3="CZ032").pk,
        "address": "Masarykovo nám. 1, 337 01 Rokycany",
        "resolution_number": "RM/123/2026",
        "resolution_date": "2026-11-16",
        "politician_title": "Mgr.",
        "politician_first_name": "Petr",
        "politician_last_name": "Vrána",
        "politician_position": "starosta",
        "politician_email": "starosta@rokycany.example.org",
        "politician_phone": "+420 371 111 111",
        "coordinator_title": "Mgr.",
        "coordinator_first_name": "Tereza",
        "coordinator_last_name": "Kořínská",
        "coordinator_position": "tisková mluvčí",
        "coordinator_email": "koordinatorka@rokycany.example.org",
        "coordinator_phone": "",
        "contact_name": "Jana Nová",
        "contact_email": "Jana.Nova@rokycany.example.org",
        "contact_phone": "",
        "note": "",
        "consent": "on",
        "website": "",
    }
    data.update(changes)
    return data


def submit(client, language="cs", **changes):
    data = form_data(**changes)
    if "resolution" not in data:
        data["resolution"] = pdf()
    return client.post(url("members:apply", language), data)


def submitted(**changes) -> MembershipApplication:
    data = form_data(**changes)
    values = {field: data[field] for field in applications.APPLICANT_FIELDS}
    values["region"] = Region.objects.get(pk=values["region"])
    values["resolution_date"] = date.fromisoformat(values["resolution_date"])
    return applications.application_submit(data=values, resolution=pdf(), language="cs")


@pytest.fixture
def reviewer(staff_user):
    return staff_user


@pytest.fixture(autouse=True)
def _mail_queued_at_once(monkeypatch):
    """These tests never commit: queue each message at once instead of after the commit
    (that it waits for the commit is tested in tests/events/test_mail.py)."""
    from types import SimpleNamespace

    from network_portal import mail as mail_module

    monkeypatch.setattr(mail_module, "transaction", SimpleNamespace(on_commit=lambda f: f()))


def test_membership_page_explains_and_links_to_the_form(client):
    """Both languages: the membership page explains joining and links to the form."""
    for language, heading in (("cs", "Vstup do sítě"), ("en", "Joining the network")):
        response = client.get(url("members:membership", language))
        assert response.status_code == 200
        assert heading in response.text
        assert url("members:apply", language) in response.text


def test_application_submitted_and_acknowledged_in_the_applicants_language(client, queue):
    """A valid application is stored with its PDF; the contact person gets an English mail."""
    response = submit(client, "en")
    assert response.status_code == 302
    assert response["Location"] == url("members:apply-thanks", "en")
    application = MembershipApplication.objects.get()
    assert application.state == "submitted"
    assert application.language == "en"
    assert application.resolution_file.name.startswith("members/applications/")
    assert application.consent_at is not None
    run_jobs(queue)
    assert [m.to for m in mail.outbox] == [["Jana.Nova@rokycany.example.org"]]
    assert mail.outbox[0].subject == "We have received your membership application"
    assert "RM/123/2026" in mail.outbox[0].body
    assert application.history.count() == 1


def test_invalid_ico_shown_next_to_the_field_and_nothing_lost(client):
    """A wrong check digit is an error on the IČO; every typed value comes back, and the valid
    PDF is kept so it need not be chosen again."""
    response = submit(client, ico="00260232")
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["ico"]
    assert 'id="id_ico_error"' in response.text
    for value in ("Masarykovo nám. 1, 337 01 Rokycany", "RM/123/2026", "Kořínská", "2026-11-16"):
        assert value in response.text
    assert form.kept_name.startswith("members/applications/")
    kept = re.search(r'name="kept_resolution" value="([^"]+)"', response.text).group(1)
    # The corrected submit without choosing the file again goes through with the kept PDF.
    data = form_data(kept_resolution=kept)
    response = client.post(url("members:apply"), data)
    assert response.status_code == 302
    assert MembershipApplication.objects.get().resolution_file.name == form.kept_name


def test_invalid_pdf_must_be_chosen_again(client):
    """A file that is not a PDF is the invalid field: it is named and not kept."""
    response = submit(
        client, resolution=SimpleUploadedFile("x.pdf", b"not a pdf", "application/pdf")
    )
    assert list(response.context["form"].errors) == ["resolution"]
    assert response.context["form"].kept_name == ""
    assert not MembershipApplication.objects.exists()


def test_missing_pdf_is_an_error_on_the_file(client):
    response = submit(client, resolution="")
    assert "resolution" in response.context["form"].errors


def test_forged_kept_resolution_is_ignored(client):
    """Only a name the portal signed is taken as the kept PDF."""
    response = submit(client, resolution="", kept_resolution="members/applications/x.pdf")
    assert "resolution" in response.context["form"].errors


def test_name_offered_from_the_register_and_members_refused(client):
    """A former member's IČO fills in the name; a current member's IČO is refused."""
    MemberFactory(name="Rokycany", slug="rokycany", ico=ICO, status=Member.Status.FORMER)
    response = submit(client, name="")
    assert response.status_code == 302
    assert MembershipApplication.objects.get().name == "Rokycany"

    MemberFactory(name="Tachov", slug="tachov", ico="00260231")
    response = submit(client, name="", ico="00260231")
    assert response.status_code == 200
    assert "Tachov (IČO 00260231) už je členem sítě." in response.text


def test_unknown_ico_without_a_name_asks_for_the_name(client):
    response = submit(client, name="")
    assert list(response.context["form"].errors) == ["name"]


def test_spam_trap_pretends_success_and_stores_nothing(client, queue):
    response = submit(client, website="http://spam.example.com")
    assert response.status_code == 302
    assert not MembershipApplication.objects.exists()
    assert run_jobs(queue) == 0


def test_rate_limit(client, settings):
    """Over the limit the form answers 429 with a message, and keeps the values."""
    settings.MEMBERS_APPLICATION_RATE_LIMITS = {
        "ip": (1, timedelta(hours=1)),
        "email": (5, timedelta(hours=1)),
    }
    assert submit(client).status_code == 302
    response = submit(client, ico=ico_with_check_digit(2_596))
    assert response.status_code == 429
    assert "příliš mnoho přihlášek" in response.text
    assert MembershipApplication.objects.count() == 1


def test_approve_creates_unpublished_member_roles_and_invites_coordinator(reviewer, queue):
    """Approval: a new member (not public), roles from the resolution's date, the coordinator's
    invitation and the applicant's mail."""
    application = submitted()
    run_jobs(queue)
    mail.outbox.clear()
    member = applications.application_approve(application_id=application.pk, user=reviewer)
    assert member.status == Member.Status.NEW
    assert not Member.objects.public().filter(pk=member.pk).exists()
    assert member.member_since == date(2026, 11, 16)
    roles = {
        role.kind: role for role in Role.objects.filter(member=member).select_related("person")
    }
    assert set(roles) == {"politician", "coordinator"}
    assert roles["politician"].person.full_name == "Mgr. Petr Vrána"
    assert roles["politician"].start == date(2026, 11, 16)
    assert roles["coordinator"].resolution_number == "RM/123/2026"
    assert member.coordinators.get().email == "koordinatorka@rokycany.example.org"
    run_jobs(queue)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["Jana.Nova@rokycany.example.org", "koordinatorka@rokycany.example.org"]
    invitation = next(m for m in mail.outbox if m.to == ["koordinatorka@rokycany.example.org"])
    assert "/cs/clenove/pozvanka/" in invitation.body
    application.refresh_from_db()
    assert (application.state, application.member, application.decided_by) == (
        "approved",
        member,
        reviewer,
    )
    assert [r.history_change_reason for r in application.history.order_by("history_date")] == [
        "submitted",
        "approved",
    ]
    with pytest.raises(ValidationError):
        applications.application_approve(application_id=application.pk, user=reviewer)


def test_former_member_rejoins_as_the_same_record(reviewer, queue):
    former = MemberFactory(name="Rokycany", slug="rokycany", ico=ICO, status=Member.Status.FORMER)
    application = submitted()
    member = applications.application_approve(application_id=application.pk, user=reviewer)
    assert member.pk == former.pk
    assert member.status == Member.Status.NEW


def test_only_reviewers_decide(queue):
    application = submitted()
    coordinator = UserFactory()
    with pytest.raises(PermissionDenied):
        applications.application_approve(application_id=application.pk, user=coordinator)
    with pytest.raises(PermissionDenied):
        applications.application_reject(application_id=application.pk, user=coordinator, reason="x")


def test_return_link_correct_and_resubmit(client, reviewer, queue):
    """Returned with a reason: the mail's signed link opens the filled form, the applicant
    answers, the application waits for review again and the link stops working."""
    application = submitted()
    run_jobs(queue)
    mail.outbox.clear()
    applications.application_return(
        application_id=application.pk, user=reviewer, reason="Chybí podpis starosty."
    )
    run_jobs(queue)
    (message,) = mail.outbox
    assert message.subject == "Vaše přihláška do sítě potřebuje opravu"
    assert "Chybí podpis starosty." in message.body
    link = re.search(r"http://\S+(/cs/\S+)", message.body).group(1)
    response = client.get(link)
    assert response.status_code == 200
    assert "Chybí podpis starosty." in response.text
    assert "RM/123/2026" in response.text
    assert response["Cache-Control"].startswith("max-age=0")

    response = client.post(link, form_data(resolution_number="RM/124/2026", resolution=pdf()))
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.state, application.resolution_number) == ("submitted", "RM/124/2026")
    assert client.get(link).status_code == 404


def test_correction_keeps_the_stored_pdf(client, reviewer, queue):
    application = submitted()
    stored = application.resolution_file.name
    applications.application_return(application_id=application.pk, user=reviewer, reason="Datum.")
    link = applications.correction_url(application.__class__.objects.get(pk=application.pk))
    response = client.post(
        re.sub(r"^https?://[^/]+", "", link), form_data(resolution_date="2026-11-17")
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.resolution_file.name == stored
    assert application.resolution_date == date(2026, 11, 17)


def test_forged_correction_link_is_404(client, reviewer, queue):
    application = submitted()
    applications.application_return(application_id=application.pk, user=reviewer, reason="x")
    token = f"{application.pk}-{'0' * 40}"
    assert client.get(url("members:application-correct", token=token)).status_code == 404


def test_reject_needs_a_reason_and_mails_it(reviewer, queue):
    application = submitted()
    with pytest.raises(ValidationError):
        applications.application_reject(application_id=application.pk, user=reviewer, reason=" ")
    run_jobs(queue)
    mail.outbox.clear()
    applications.application_reject(
        application_id=application.pk, user=reviewer, reason="Nejste obec."
    )
    run_jobs(queue)
    assert "Nejste obec." in mail.outbox[0].body
    application.refresh_from_db()
    assert application.state == "rejected"


def test_admin_review_page_approves(client, reviewer, queue):
    """Staff approve from the admin's review page; the list filters by state."""
    application = submitted()
    client.force_login(reviewer)
    changelist = reverse("admin:members_membershipapplication_changelist")
    assert "Rokycany" in client.get(changelist + "?state__exact=submitted").text
    review = reverse("admin:members_membershipapplication_review", kwargs={"pk": application.pk})
    assert client.get(review).status_code == 200
    download = reverse(
        "admin:members_membershipapplication_resolution", kwargs={"pk": application.pk}
    )
    assert client.get(download)["Content-Type"] == "application/pdf"
    response = client.post(review, {"action": "return", "reason": ""})
    assert response.status_code == 200  # a return needs a reason
    response = client.post(review, {"action": "approve", "reason": ""})
    assert response.status_code == 302
    assert Member.objects.get(ico=ICO).status == Member.Status.NEW


def test_decided_applications_anonymised_after_the_retention_period(reviewer, queue, settings):
    """The daily job removes the people's data from the row and its history, once."""
    application = submitted()
    applications.application_reject(application_id=application.pk, user=reviewer, reason="Ne.")
    waiting = submitted(ico=ico_with_check_digit(2_597))
    assert applications.applications_anonymise() == 0
    later = timezone.now() + timedelta(days=31 * settings.MEMBERS_APPLICATION_RETENTION_MONTHS)
    with time_machine.travel(later):
        assert applications.applications_anonymise() == 1
        assert applications.applications_anonymise() == 0
    application.refresh_from_db()
    assert application.anonymised_at is not None
    assert application.name == "Rokycany"  # the municipality is no personal data
    assert application.resolution_file.name == ""  # rejected: its resolution goes too
    for record in [application, *application.history.all()]:
        assert "Vrána" not in str(vars(record))
        assert "rokycany.example.org" not in str(vars(record))
    waiting.refresh_from_db()
    assert waiting.contact_email == "Jana.Nova@rokycany.example.org"


def test_form_page_query_count(client, django_assert_num_queries):
    """The empty form: the regions for the choice, and the session/user lookups only."""
    with django_assert_num_queries(1 + LAYOUT_QUERIES):
        assert client.get(url("members:apply")).status_code == 200


def test_ico_lookup_offers_what_the_register_knows(client):
    """JSON for the form's script: the name, kind and region of a known IČO, and whether it
    is a member already; nothing for an unknown or invalid one."""
    former = MemberFactory(name="Rokycany", slug="rokycany", ico=ICO, status=Member.Status.FORMER)
    known = client.get(url("members:ico-lookup", ico=ICO)).json()
    assert known == {
        "name": "Rokycany",
        "kind": "town",
        "region": former.region_id,
        "member": False,
    }
    assert client.get(url("members:ico-lookup", ico="00260231")).json() == {"name": None}
    assert client.get(url("members:ico-lookup", ico="12345678")).json() == {"name": None}
