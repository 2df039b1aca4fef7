"""A project can be a draft: saved through the admin, it is public nowhere until published."""

import pytest
from django.urls import reverse

from projects.models import Project
from tests.factories import MemberFactory
from tests.news.factories import ArticleFactory
from tests.projects.factories import PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _admin_post(client, **overrides):
    data = {
        "publication": "draft",
        "name_cs": "Koncept projektu Zelené střechy",
        "name_en": "",
        "acronym": "ZELSTR",
        "slug": "zelene-strechy",
        "summary_cs": "Rozepsané shrnutí.",
        "summary_en": "",
        "description_cs": "",
        "description_en": "",
        "website": "",
        "start": "1. 1. 2025",
        "end": "",
        "lead_organisation_cs": "Město Kolín",
        "lead_organisation_en": "",
        "lead_member": "",
        "programme_cs": "",
        "programme_en": "",
        "programme_operator_cs": "",
        "programme_operator_en": "",
        "grant_number": "",
        "budget": "",
        "currency": "EUR",
        "partners-TOTAL_FORMS": "0",
        "partners-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def _public_places(client, project):
    """Where an anonymous visitor could meet the project: a dict of place -> found."""
    client.logout()
    detail = client.get(project.get_absolute_url())
    places = {"detail": detail.status_code == 200}
    if detail.status_code != 200:
        assert detail.status_code == 404
    places["list"] = project.slug in client.get(reverse("projects:list")).content.decode()
    places["sitemap"] = project.slug in client.get("/sitemap.xml").content.decode()
    places["search"] = (
        project.slug in client.get(reverse("search"), {"q": "Zelené střechy"}).content.decode()
    )
    places["rss"] = project.slug in client.get(reverse("projects:feed-rss")).content.decode()
    places["atom"] = project.slug in client.get(reverse("projects:feed-atom")).content.decode()
    places["csv"] = (
        project.slug
        in b"".join(client.get(reverse("projects:export-csv")).streaming_content).decode()
    )
    places["json"] = (
        project.slug
        in b"".join(client.get(reverse("projects:export-json")).streaming_content).decode()
    )
    return places


def test_a_draft_saved_in_the_admin_is_public_nowhere_until_published(client, staff_user):
    """A draft is a 404, absent from list, sitemap, search, feeds, open data; then published."""
    client.force_login(staff_user)
    response = client.post("/cs/sprava/projects/project/add/", _admin_post(client))
    assert response.status_code == 302, response.content.decode()[:3000]
    project = Project.objects.get(slug="zelene-strechy")
    assert project.publication == Project.Publication.DRAFT

    assert not any(_public_places(client, project).values())

    client.force_login(staff_user)
    response = client.post(
        f"/cs/sprava/projects/project/{project.pk}/change/",
        _admin_post(client, publication="published"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert all(_public_places(client, project).values())


def test_staff_preview_a_draft_with_a_notice(client, staff_user, user):
    """Staff who may edit projects see a draft marked as such; another account gets 404."""
    project = ProjectFactory(publication=Project.Publication.DRAFT)
    client.force_login(user)
    assert client.get(project.get_absolute_url()).status_code == 404
    client.force_login(staff_user)
    response = client.get(project.get_absolute_url())
    assert response.status_code == 200
    assert 'class="status-note"' in response.content.decode()


def test_a_draft_project_is_not_linked_from_members_or_articles(client):
    """A member's profile and an article's links leave a draft project out."""
    member = MemberFactory()
    draft = ProjectFactory(publication=Project.Publication.DRAFT, lead_member=member)
    PartnerFactory(project=draft, member=member, organisation_name="")
    article = ArticleFactory()
    article.projects.set([draft])
    assert draft.get_absolute_url() not in client.get(member.get_absolute_url()).content.decode()
    assert draft.get_absolute_url() not in client.get(article.get_absolute_url()).content.decode()
    Project.objects.filter(pk=draft.pk).update(publication=Project.Publication.PUBLISHED)
    assert draft.get_absolute_url() in client.get(member.get_absolute_url()).content.decode()
    assert draft.get_absolute_url() in client.get(article.get_absolute_url()).content.decode()
