"""Status from the dates, the period label and the partner constraint."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from projects.models import Project, ProjectPartner
from tests.goodpractice.factories import GPMemberFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2022, 3, 31), "planned"),
        (date(2022, 4, 1), "running"),
        (date(2024, 5, 31), "running"),
        (date(2024, 6, 1), "finished"),
    ],
)
def test_status_follows_the_dates_in_queryset_and_property(today, status):
    """The property and the QuerySet methods agree, the end month counting in full."""
    project = ProjectFactory(start=date(2022, 4, 1), end=date(2024, 5, 1))
    assert project.status_on(today) == status
    for name in ("planned", "running", "finished"):
        found = getattr(Project.objects, name)(today).filter(pk=project.pk).exists()
        assert found is (name == status)
    annotated = Project.objects.with_status(today).get(pk=project.pk)
    assert annotated.current_status == status


def test_status_property_uses_today():
    """The stored data never holds a status: the same project finishes with time."""
    project = ProjectFactory(start=date(2022, 4, 1), end=date(2024, 5, 1))
    with time_machine.travel(date(2023, 1, 10)):
        assert project.status == "running"
    with time_machine.travel(date(2025, 1, 10)):
        assert project.status == "finished"


def test_period_reads_as_months_in_both_languages():
    """ "duben 2022 – květen 2024" in Czech, "April 2022 – May 2024" in English."""
    project = ProjectFactory(start=date(2022, 4, 1), end=date(2024, 5, 1))
    with translation.override("cs"):
        assert project.period == "duben 2022 – květen 2024"
    with translation.override("en"):
        assert project.period == "April 2022 – May 2024"


def test_period_must_be_first_of_month():
    project = ProjectFactory.build(start=date(2022, 4, 15))
    with pytest.raises(ValidationError) as error:
        project.full_clean(exclude=["slug"])
    assert "start" in error.value.message_dict


def test_partner_is_a_member_or_an_organisation_never_both_or_none():
    """The database refuses a partner with both or neither; the message is translated."""
    project = ProjectFactory()
    member = GPMemberFactory()
    both = ProjectPartner(project=project, member=member, organisation_name="Sunne Kommuner")
    with translation.override("cs"), pytest.raises(ValidationError) as error:
        both.full_clean()
    assert "právě jedno z toho" in str(error.value)
    with pytest.raises(IntegrityError):
        ProjectPartner.objects.create(project=project)


def test_member_projects_include_lead_and_partnerships():
    lead = GPMemberFactory()
    partner = GPMemberFactory()
    led = ProjectFactory(lead_member=lead)
    joined = ProjectFactory()
    ProjectPartner.objects.create(project=joined, member=partner)
    assert list(Project.objects.of_member(lead)) == [led]
    assert list(Project.objects.of_member(partner)) == [joined]
