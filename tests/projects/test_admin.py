"""The administration of projects, funders and news opens and saves for staff."""

import pytest

from news.models import Article
from tests.news.factories import ArticleFactory
from tests.projects.factories import FunderFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_admin_pages_open(client, staff_user):
    project = ProjectFactory(funders=[FunderFactory()])
    article = ArticleFactory()
    client.force_login(staff_user)
    for path in (
        "/cs/sprava/projects/project/",
        "/cs/sprava/projects/project/add/",
        f"/cs/sprava/projects/project/{project.pk}/change/",
        "/cs/sprava/projects/funder/",
        "/cs/sprava/projects/funder/add/",
        "/cs/sprava/news/article/",
        "/cs/sprava/news/article/?publication=scheduled",
        "/cs/sprava/news/article/add/",
        f"/cs/sprava/news/article/{article.pk}/change/",
        "/cs/sprava/goodpractice/practice/add/",
    ):
        assert client.get(path).status_code == 200, path


def test_admin_creates_an_article_with_its_author(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        "/cs/sprava/news/article/add/",
        {
            "title_cs": "Nová aktualita",
            "title_en": "",
            "slug": "nova-aktualita",
            "perex_cs": "Úvod.",
            "perex_en": "",
            "body_cs": "Text <script>x</script>",
            "body_en": "",
            "image_alt_cs": "",
            "image_alt_en": "",
            "published_at_0": "",
            "published_at_1": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug="nova-aktualita")
    assert article.author == staff_user
    assert article.published_at is None
