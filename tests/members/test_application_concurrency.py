"""Decisions on applications hold under concurrency: reviewers acting at the same moment on
one application, or on two applications of the same municipality, never both win."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members import applications
from members.models import Member, MembershipApplication, Region
from tests.pdfs import plain_pdf
from tests.support import race

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
THREADS = 6


def _submit(ico="00259586"):
    return applications.application_submit(
        data={
            "kind": "town",
            "name": "Rokycany",
            "ico": ico,
            "region": Region.objects.get(nuts3="CZ032"),
            "address": "Masarykovo nám. 1",
            "resolution_number": "1/2026",
            "resolution_date": timezone.localdate(),
            "politician_first_name": "Petr",
            "politician_last_name": "Vrána",
            "politician_position": "starosta",
            "politician_email": "p@example.org",
            "coordinator_first_name": "Tereza",
            "coordinator_last_name": "Kořínská",
            "coordinator_position": "koordinátorka",
            "coordinator_email": "k@example.org",
            "contact_name": "Jana",
            "contact_email": "j@example.org",
        },
        resolution=SimpleUploadedFile("u.pdf", plain_pdf(), "application/pdf"),
        language="cs",
    )


def test_approve_and_return_at_once_one_reviewer_wins(staff_user, queue):
    """Half the reviewers approve, half return the same application at the same moment:
    one wins, the others get the translated state error. (A reject may follow a return by
    design, so it is not in this race.)"""
    application = _submit()

    def decide(number):
        if number % 2:
            return applications.application_approve(application_id=application.pk, user=staff_user)
        return applications.application_return(
            application_id=application.pk, user=staff_user, reason="Oprava."
        )

    results = race(decide, THREADS)
    winners = [result for result in results if not isinstance(result, Exception)]
    losers = [result for result in results if isinstance(result, Exception)]
    assert len(winners) == 1, results
    assert all(isinstance(error, ValidationError) for error in losers), losers
    application.refresh_from_db()
    assert application.history.count() == 2
    assert Member.objects.count() == (1 if application.state == "approved" else 0)


def test_two_applications_of_one_municipality_approved_at_once_make_one_member(staff_user, queue):
    first, second = _submit(), _submit()
    ids = [first.pk, second.pk]

    def approve(number):
        return applications.application_approve(application_id=ids[number % 2], user=staff_user)

    results = race(approve, 2)
    assert sum(not isinstance(result, Exception) for result in results) == 1, results
    assert [type(r) for r in results if isinstance(r, Exception)] == [ValidationError]
    assert Member.objects.filter(ico="00259586").count() == 1
    assert MembershipApplication.objects.filter(state="approved").count() == 1
