"""The "Preview" button of the admin's change forms: the public rendering, nothing saved."""

import pytest
from django.contrib.auth.models import Permission

from events.models import Event
from goodpractice.models import Practice
from members.models import Member
from news.models import Article
from pages.models import Page
from projects.models import Project
from tests.events.factories import EventFactory
from tests.factories import MemberFactory, UserFactory
from tests.goodpractice.factories import PracticeFactory
from tests.news.factories import ArticleFactory
from tests.pages.factories import PageFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert(1)</script> <img src=x onerror="alert(2)"> [link](javascript:alert(3))'

# (model, factory, the field the public page draws, whether that page reads it as Markdown)
RECORDS = [
    pytest.param(Article, ArticleFactory, "body", True, id="news"),
    pytest.param(Page, PageFactory, "body", True, id="pages"),
    pytest.param(Project, ProjectFactory, "description", False, id="projects"),
    pytest.param(Event, EventFactory, "description", False, id="events"),
    pytest.param(Practice, PracticeFactory, "body", False, id="goodpractice"),
    pytest.param(Member, MemberFactory, "description", False, id="members"),
]


def change_url(obj):
    return f"/cs/sprava/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


@pytest.mark.parametrize(("model", "factory", "field", "markdown"), RECORDS)
def test_change_form_offers_the_preview_button(client, staff_user, model, factory, field, markdown):
    """Staff see a "Preview" submit button on the change form (no script needed)."""
    client.force_login(staff_user)
    content = client.get(change_url(factory())).content.decode()
    # After "Save": Enter in a field submits with the form's first button.
    assert content.index('name="_save"') < content.index('name="_preview"')


@pytest.mark.parametrize(("model", "factory", "field", "markdown"), RECORDS)
def test_preview_renders_both_languages_and_saves_nothing(
    client, staff_user, model, factory, field, markdown
):
    """The preview draws both languages as the public page would; typed text kept, nothing saved."""
    obj = factory()
    stored = getattr(obj, f"{field}_cs")
    history = obj.history.count()
    client.force_login(staff_user)
    response = client.post(
        change_url(obj),
        {
            f"{field}_cs": "První **tučně**\n\ndruhý odstavec",
            f"{field}_en": "Some *words*",
            "_preview": "1",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="admin-preview-title"' in content
    label = model._meta.get_field(field).verbose_name
    assert f"<h3>{label[0].upper()}{label[1:]} (čeština)</h3>" in content
    if markdown:
        assert "<p>První <strong>tučně</strong></p>" in content
        assert "<p>Some <em>words</em></p>" in content
    else:
        # The page draws the text as paragraphs, the asterisks as typed.
        assert "<p>První **tučně**</p>" in content
        assert "<p>druhý odstavec</p>" in content
        assert "<p>Some *words*</p>" in content
    # What was typed is back in the form.
    assert "První **tučně**" in response.context["adminform"].form[f"{field}_cs"].value()
    obj.refresh_from_db()
    assert getattr(obj, f"{field}_cs") == stored
    assert obj.history.count() == history


@pytest.mark.parametrize(("model", "factory", "field", "markdown"), RECORDS)
def test_preview_sanitises_hostile_text(client, staff_user, model, factory, field, markdown):
    """Markup typed into the text never reaches the preview as HTML."""
    client.force_login(staff_user)
    response = client.post(change_url(factory()), {f"{field}_cs": HOSTILE, "_preview": "1"})
    content = response.content.decode()
    preview = content[content.index('id="admin-preview-title"') :]
    preview = preview[: preview.index("</section>")]
    assert "alert(1)" in preview
    assert "<script" not in preview
    assert "<img" not in preview
    assert "javascript:" not in preview.replace("(javascript:alert(3))", "")
    assert 'href="javascript' not in preview


@pytest.mark.parametrize(("model", "factory", "field", "markdown"), RECORDS)
def test_preview_needs_the_change_permission(client, model, factory, field, markdown):
    """Staff who may only view the record cannot preview (403), and nothing changes."""
    obj = factory()
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(
            codename=f"view_{model._meta.model_name}", content_type__app_label=model._meta.app_label
        )
    )
    client.force_login(viewer)
    assert 'name="_preview"' not in client.get(change_url(obj)).content.decode()
    response = client.post(change_url(obj), {f"{field}_cs": "**x**", "_preview": "1"})
    assert response.status_code == 403


def test_preview_of_a_valid_new_article_creates_nothing(client, staff_user):
    """A form that would save is drawn again with the preview; no article is created."""
    client.force_login(staff_user)
    data = {
        "title_cs": "Nová aktualita",
        "title_en": "",
        "slug": "nova-aktualita",
        "perex_cs": "Úvod.",
        "perex_en": "",
        "body_cs": "## Nadpis\n\n**tučně**",
        "body_en": "",
        "image_alt_cs": "",
        "image_alt_en": "",
        "published_at_0": "",
        "published_at_1": "",
    }
    response = client.post("/cs/sprava/news/article/add/", {**data, "_preview": "1"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h2>Nadpis</h2>" in content
    assert "<p><strong>tučně</strong></p>" in content
    assert "Prázdné: stránka ukáže český text." in content
    assert 'class="errornote"' not in content
    assert not Article.objects.exists()
    # The same data without the button saves, so the preview was the only thing in the way.
    assert client.post("/cs/sprava/news/article/add/", data).status_code == 302
    assert Article.objects.filter(slug="nova-aktualita").exists()
