"""Review transitions hold under concurrency: each is decided on the locked, stored row, so two
reviewers acting on the same example at the same moment never both win."""

import pytest
from django.core.exceptions import ValidationError
from procrastinate.contrib.django.models import ProcrastinateJob

from goodpractice import services
from goodpractice.models import Practice
from tests.goodpractice.factories import PracticeFactory
from tests.support import race

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
THREADS = 8


def test_publish_and_return_at_once_one_reviewer_wins(staff_user, coordinator, member):
    """Half the reviewers publish, half return the same submitted example at the same moment:
    exactly one succeeds, the others get the translated "invalid state" error, the stored
    status is the winner's and the author gets exactly one e-mail."""
    practice = PracticeFactory(
        status=Practice.Status.SUBMITTED, published_at=None, author=coordinator, members=[member]
    )
    # The queue's tables are no Django model's: a committed test before this one (in a kept
    # test database) may have left its jobs there.
    earlier = ProcrastinateJob.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def review(number):
        stale = Practice.objects.get(pk=practice.pk)  # what each reviewer's page had loaded
        if number % 2:
            return services.practice_publish(practice=stale, user=staff_user).status
        return services.practice_return(
            practice=stale, user=staff_user, comment=f"Doplňte prosím údaje ({number})."
        ).status

    results = race(review, THREADS)
    winners = [result for result in results if not isinstance(result, Exception)]
    losers = [result for result in results if isinstance(result, Exception)]
    assert len(winners) == 1, results
    assert all(isinstance(error, ValidationError) for error in losers), losers
    practice.refresh_from_db()
    assert practice.status == winners[0]
    if practice.status == Practice.Status.PUBLISHED:
        assert practice.review_comment == "" and practice.published_at is not None
    else:
        assert practice.review_comment.startswith("Doplňte prosím údaje")
    mails = ProcrastinateJob.objects.filter(task_name="mail_send", id__gt=earlier)
    assert mails.count() == 1
    assert mails.get().args["to"] == [coordinator.email]


def test_submitting_twice_at_once_submits_once(coordinator, member):
    """A double click from two tabs: one submission, one clear refusal."""
    practice = PracticeFactory(
        status=Practice.Status.DRAFT, published_at=None, author=coordinator, members=[member]
    )

    def submit(number):
        stale = Practice.objects.get(pk=practice.pk)
        return services.practice_submit(practice=stale, user=coordinator).status

    results = race(submit, THREADS)
    assert [r for r in results if not isinstance(r, Exception)] == [Practice.Status.SUBMITTED]
    assert all(isinstance(r, ValidationError) for r in results if isinstance(r, Exception))
    assert practice.history.filter(status=Practice.Status.SUBMITTED).count() == 1
