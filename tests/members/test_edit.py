"""Coordinators keep their own member's profile: access, staff-only fields, history, images."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from members.models import Member, Person
from members.services import PROFILE_EDIT, profile_edit_revert
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

EDIT_URL = "/cs/clenove/tachov/upravit/"


def form_data(member, **changes):
    data = {
        "description_cs": member.description_cs,
        "description_en": member.description_en,
        "website": member.website,
        "address": member.address,
        "latitude": member.latitude or "",
        "longitude": member.longitude or "",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def jpeg(size=(300, 200)):
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (49.0, 47.0, 41.0)}
    Image.new("RGB", size, (10, 120, 60)).save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("erb.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_anonymous_is_sent_to_log_in(client, tachov):
    """Anonymous visitors of the edit page are sent to the login page."""
    response = client.get(EDIT_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/cs/ucet/login/?next=")


def test_english_edit_address(client, coordinator):
    """The edit page lives at /en/members/<slug>/edit/ too."""
    client.force_login(coordinator)
    assert client.get("/en/members/tachov/edit/").status_code == 200


def test_coordinator_cannot_open_another_members_edit_page(client, coordinator, brno):
    """Another member's edit page is a 404 for a coordinator, for GET and POST alike."""
    client.force_login(coordinator)
    assert client.get("/cs/clenove/brno/upravit/").status_code == 404
    assert client.post("/cs/clenove/brno/upravit/", form_data(brno)).status_code == 404


def test_user_without_members_gets_404(client, tachov):
    """A logged-in account that coordinates nothing cannot edit anything."""
    client.force_login(UserFactory())
    assert client.get(EDIT_URL).status_code == 404


def test_edit_is_published_and_recorded_with_the_coordinator(client, coordinator, tachov):
    """An edit is live at once and the history names the coordinator as its author."""
    client.force_login(coordinator)
    response = client.post(
        EDIT_URL,
        form_data(tachov, description_cs="Nový popis Tachova.", website="www.tachov.cz"),
    )
    assert response.status_code == 302
    assert response["Location"] == "/cs/clenove/tachov/"
    tachov.refresh_from_db()
    assert tachov.description_cs == "Nový popis Tachova."
    assert tachov.website == "https://www.tachov.cz"
    record = tachov.history.latest()
    assert record.history_user == coordinator
    assert record.history_change_reason == PROFILE_EDIT
    assert "Nový popis Tachova." in client.get("/cs/clenove/tachov/").content.decode()


def test_staff_only_fields_are_ignored(client, coordinator, tachov):
    """Posting kind, IČO, status, region, member since or coordinators changes nothing."""
    client.force_login(coordinator)
    before = Member.objects.get(pk=tachov.pk)
    client.post(
        EDIT_URL,
        form_data(
            tachov,
            kind="region",
            ico="70891508",
            status="former",
            region="1",
            member_since="1990-01-01",
            name="Hacked",
            slug="hacked",
            coordinators=[UserFactory().pk],
            description_en="Changed",
        ),
    )
    after = Member.objects.get(pk=tachov.pk)
    for field in ["kind", "ico", "status", "region_id", "member_since", "name", "slug"]:
        assert getattr(after, field) == getattr(before, field)
    assert list(after.coordinators.all()) == [coordinator]
    assert after.ratings.count() == 2
    assert after.description_en == "Changed"


def test_contacts_of_current_role_holders_can_be_edited(client, coordinator, tachov):
    """The coordinator updates the work contacts of the current role holders."""
    client.force_login(coordinator)
    response = client.get(EDIT_URL)
    formset = response.context["contacts"]
    assert formset.total_form_count() == 2
    person = Person.objects.get(last_name="Kořínská")
    index = [form.instance for form in formset.forms].index(person)
    data = form_data(tachov)
    data.update(
        {
            "contacts-TOTAL_FORMS": "2",
            "contacts-INITIAL_FORMS": "2",
        }
    )
    for number, form in enumerate(formset.forms):
        data[f"contacts-{number}-id"] = form.instance.pk
        data[f"contacts-{number}-email"] = form.instance.email
        data[f"contacts-{number}-phone"] = form.instance.phone
    data[f"contacts-{index}-phone"] = "+420 374 774 999"
    assert client.post(EDIT_URL, data).status_code == 302
    person.refresh_from_db()
    assert person.phone == "+420 374 774 999"
    assert person.history.latest().history_user == coordinator


def test_contacts_of_other_people_cannot_be_edited(client, coordinator, tachov, brno):
    """A forged contact form for someone outside the member is refused."""
    from tests.factories import RoleFactory

    stranger = RoleFactory(member=brno).person
    client.force_login(coordinator)
    data = form_data(tachov)
    data.update(
        {
            "contacts-TOTAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "1",
            "contacts-0-id": stranger.pk,
            "contacts-0-email": "evil@example.org",
            "contacts-0-phone": "123456789",
        }
    )
    response = client.post(EDIT_URL, data)
    assert response.status_code == 200
    stranger.refresh_from_db()
    assert stranger.email != "evil@example.org"


def test_invalid_values_are_explained(client, coordinator, tachov):
    """A location outside the country and a bad website get translated errors, not a 500."""
    client.force_login(coordinator)
    response = client.post(
        EDIT_URL, form_data(tachov, latitude="95", longitude="abc", website="not a url")
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Opravte prosím chyby" in text or "error-summary" in text
    assert response.context["form"].errors.keys() >= {"latitude", "longitude", "website"}


def test_good_image_is_stored_without_gps(client, coordinator, tachov):
    """An uploaded coat of arms is re-encoded without EXIF/GPS and shown as a thumbnail."""
    client.force_login(coordinator)
    response = client.post(EDIT_URL, {**form_data(tachov), "image_upload": jpeg()})
    assert response.status_code == 302
    tachov.refresh_from_db()
    assert tachov.image.name.startswith("members/")
    with default_storage.open(tachov.image.name) as stored:
        assert not Image.open(stored).getexif()
    assert tachov.image_small_url in client.get("/cs/clenove/tachov/").content.decode()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"just text, really", "erb.jpg", "Soubor není obrázek"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "erb.svg", "Soubor není obrázek"),
        (b"\xff\xd8\xff" + b"\x00" * (20 * 1024 * 1024), "big.jpg", "příliš velký"),
    ],
)
def test_bad_image_is_refused_and_previous_kept(
    client, coordinator, tachov, content, name, message
):
    """A bad file gets a clear Czech error and the previous image stays in place."""
    client.force_login(coordinator)
    client.post(EDIT_URL, {**form_data(tachov), "image_upload": jpeg()})
    tachov.refresh_from_db()
    previous = tachov.image.name
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response = client.post(
        EDIT_URL, {**form_data(tachov, description_cs="Neuloží se"), "image_upload": upload}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    tachov.refresh_from_db()
    assert tachov.image.name == previous
    assert tachov.description_cs != "Neuloží se"


def test_english_error_for_bad_image(client, coordinator, tachov):
    """The upload error speaks English on the English page."""
    client.force_login(coordinator)
    upload = SimpleUploadedFile("erb.jpg", b"text", content_type="image/jpeg")
    response = client.post(
        "/en/members/tachov/edit/", {**form_data(tachov), "image_upload": upload}
    )
    assert "The file is not an image" in response.content.decode()


def test_staff_revert_restores_the_previous_values(client, coordinator, tachov, staff_user):
    """Staff can revert a coordinator's edit; the revert is recorded too."""
    client.force_login(coordinator)
    client.post(EDIT_URL, form_data(tachov, description_cs="Chybný text"))
    record = Member.history.filter(history_change_reason=PROFILE_EDIT).latest()

    client.force_login(staff_user)
    listing = client.get("/cs/sprava/members/member/profile-edits/")
    assert listing.status_code == 200
    assert "Chybný text" in listing.content.decode()
    response = client.post(
        f"/cs/sprava/members/member/profile-edits/member/{record.history_id}/revert/"
    )
    assert response.status_code == 302
    tachov.refresh_from_db()
    assert tachov.description_cs == "Město na západě Čech."
    assert tachov.history.latest().history_user == staff_user


def test_coordinator_cannot_revert(client, coordinator, tachov):
    """The revert is for staff only: a coordinator is refused by the service and the admin."""
    client.force_login(coordinator)
    client.post(EDIT_URL, form_data(tachov, description_cs="Text"))
    record = Member.history.filter(history_change_reason=PROFILE_EDIT).latest()
    response = client.post(
        f"/cs/sprava/members/member/profile-edits/member/{record.history_id}/revert/"
    )
    assert response.status_code == 302 and "/login/" in response["Location"]
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):  # a missing permission is a 403, not a bad value
        profile_edit_revert(kind="member", history_id=record.history_id, user=coordinator)


def test_my_municipality_lists_coordinated_members(client, coordinator, tachov):
    """ "My municipality" lists the coordinator's members with edit links."""
    MemberFactory(name="Jiná obec", slug="jina-obec")
    client.force_login(coordinator)
    text = client.get("/cs/clenove/moje-obec/").content.decode()
    assert "Tachov" in text and "Jiná obec" not in text
    assert EDIT_URL in text
    assert 'href="/cs/clenove/moje-obec/"' in client.get("/cs/").content.decode()


def test_revert_of_unknown_edit_is_handled(client, staff_user, tachov):
    """A revert of a missing or absurd edit id gives a message or a 404, never a 500."""
    client.force_login(staff_user)
    base = "/cs/sprava/members/member/profile-edits"
    response = client.post(f"{base}/member/999999/revert/", follow=True)
    assert response.status_code == 200
    assert "Tato úprava neexistuje." in response.content.decode()
    assert client.post(f"{base}/member/99999999999999999999/revert/").status_code == 404
    assert client.post(f"{base}/group/1/revert/").status_code == 404
    assert client.get(f"{base}/member/1/revert/").status_code == 405


def test_former_member_cannot_be_edited_on_the_site(client, coordinator, tachov):
    """Once a member is former, its coordinator's edit page and list entry are gone."""
    Member.objects.filter(pk=tachov.pk).update(status=Member.Status.FORMER)
    client.force_login(coordinator)
    assert client.get(EDIT_URL).status_code == 404
    assert "Tachov" not in client.get("/cs/clenove/moje-obec/").content.decode()


def test_service_refuses_other_members_and_bad_values(coordinator, brno, tachov):
    """The service itself checks access and validates before storing anything."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from members.services import member_profile_update

    with pytest.raises(PermissionDenied):
        member_profile_update(member=brno, user=coordinator, data={"description_cs": "x"})
    with pytest.raises(ValidationError):
        member_profile_update(
            member=tachov, user=coordinator, data={"latitude": 10, "longitude": 10}, image=jpeg()
        )
    tachov.refresh_from_db()
    assert not tachov.image
    assert not default_storage.exists("members") or not default_storage.listdir("members")[1]


def test_edit_page_query_count_does_not_grow(client, coordinator, tachov):
    """The edit page takes the same number of queries for 2 or 12 role holders."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import RoleFactory

    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as few:
        assert client.get(EDIT_URL).status_code == 200
    for _number in range(10):
        RoleFactory(member=tachov, kind="deputy")
    with CaptureQueriesContext(connection) as many:
        response = client.get(EDIT_URL)
    assert response.context["contacts"].total_form_count() == 12
    assert len(many) == len(few)
