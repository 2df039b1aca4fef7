"""The record page in both languages, the member profile section, home, sitemap, demo."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goodpractice.models import Practice
from tests.goodpractice.factories import GPMemberFactory, PracticeFactory
from tests.support import LAYOUT_QUERIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def czech_only(member):
    return PracticeFactory(
        slug="jen-cesky",
        members=[member],
        title_cs="Senioři u kulatého stolu",
        summary_cs="Kulaté stoly se seniory.",
        body_cs="Podrobný popis.",
        title_en="",
        summary_en="",
        body_en="",
        target_groups=["seniori"],
        methods=["kulaty-stul"],
        goals=[3, 10],
    )


def test_record_page_shows_everything(client, czech_only, member):
    """Members link to their profiles, classification links to the filtered list."""
    html = client.get("/cs/dobra-praxe/jen-cesky/").content.decode()
    assert "<h1>Senioři u kulatého stolu</h1>" in html
    assert f'href="/cs/clenove/{member.slug}/"' in html
    assert 'href="/cs/dobra-praxe/?group=seniori"' in html
    assert 'href="/cs/dobra-praxe/?method=kulaty-stul"' in html
    assert 'href="/cs/dobra-praxe/?goal=10"' in html
    assert 'href="/cs/dobra-praxe/?topic=zdravi"' in html
    assert "jen v češtině" not in html


def test_english_page_of_czech_only_record(client, czech_only):
    """The English page says the text is Czech only and marks it lang="cs"."""
    html = client.get("/en/good-practice/jen-cesky/").content.decode()
    assert "This example is available in Czech only." in html
    assert '<h1 lang="cs">Senioři u kulatého stolu</h1>' in html
    assert '<p class="lead" lang="cs">Kulaté stoly se seniory.</p>' in html
    assert '<div class="prose" lang="cs">' in html
    # The list and the home page mark it too.
    listing = client.get("/en/good-practice/").content.decode()
    assert '<h3 lang="cs">' in listing and "in Czech only" in listing


def test_english_page_of_bilingual_record(client):
    """A translated record shows its English without the notice."""
    PracticeFactory(slug="both", title_en="Round tables with seniors")
    html = client.get("/en/good-practice/both/").content.decode()
    assert "<h1>Round tables with seniors</h1>" in html
    assert "Czech only" not in html


def test_related_examples_share_topic_or_method(client, czech_only):
    """Related examples: same topic or a shared method; unpublished ones never."""
    from goodpractice.models import Topic

    other_topic = Topic.objects.get(slug="doprava")
    PracticeFactory(slug="same-method", topic=other_topic, methods=["kulaty-stul"])
    PracticeFactory(slug="same-topic")
    PracticeFactory(slug="unrelated", topic=other_topic, methods=["workshop"])
    PracticeFactory(slug="draft-related", status=Practice.Status.DRAFT)
    related = {p.slug for p in client.get("/cs/dobra-praxe/jen-cesky/").context["related"]}
    assert related == {"same-method", "same-topic"}


def test_unpublished_and_missing_records_are_404(client):
    """Drafts, returned and withdrawn examples are not public."""
    for status in ("draft", "submitted", "returned", "withdrawn"):
        PracticeFactory(slug=f"x-{status}", status=status)
        assert client.get(f"/cs/dobra-praxe/x-{status}/").status_code == 404
    assert client.get("/cs/dobra-praxe/nic/").status_code == 404


# 8 of the page + 1 of the news section (articles about the example); the projects section
# needs none for an example without a project.
DETAIL_QUERIES = 9 + LAYOUT_QUERIES


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_detail_query_count_is_fixed(client, django_assert_num_queries):
    """The record page needs the same queries with 1 or 10 members, terms and neighbours."""
    small = PracticeFactory(
        slug="small", members=[GPMemberFactory()], target_groups=["seniori"], goals=[1]
    )
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(small.get_absolute_url())
    members = [GPMemberFactory() for _number in range(10)]
    PracticeFactory(
        slug="big",
        members=members,
        target_groups=["seniori", "zeny", "deti", "rodiny"],
        methods=["workshop", "anketa", "kulaty-stul"],
        goals=list(range(1, 18)),
    )
    for _number in range(10):
        PracticeFactory(methods=["workshop"])
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get("/cs/dobra-praxe/big/")


def test_member_profile_lists_published_examples(client, member):
    """The member profile shows the member's published examples only, at a fixed cost."""
    PracticeFactory(slug="visible", members=[member], title_cs="Veřejný příklad")
    PracticeFactory(
        slug="hidden", members=[member], title_cs="Skrytý koncept", status=Practice.Status.DRAFT
    )
    url = member.get_absolute_url()
    html = client.get(url).content.decode()
    assert "Dobrá praxe tohoto člena" in html
    assert "Veřejný příklad" in html and "Skrytý koncept" not in html
    before = _queries(client, url)
    for _number in range(5):
        PracticeFactory(members=[member])
    assert _queries(client, url) == before


def test_home_shows_latest_examples(client):
    """The home page lists the newest published examples."""
    PracticeFactory(title_cs="Nejnovější příklad")
    html = client.get("/cs/").content.decode()
    assert "Nejnovější dobrá praxe" in html and "Nejnovější příklad" in html


def test_sitemap_lists_the_list_and_published_records(client):
    """Both languages of the list and of every published record are in the sitemap."""
    PracticeFactory(slug="v-mape")
    PracticeFactory(slug="koncept", status=Practice.Status.DRAFT)
    xml = client.get("/sitemap.xml").content.decode()
    assert "/cs/dobra-praxe/v-mape/" in xml and "/en/good-practice/v-mape/" in xml
    assert "/cs/dobra-praxe/</loc>" in xml
    assert "koncept" not in xml


def test_demo_content_loads_twice(settings):
    """load_demo adds the demo examples – one Czech-only, one with outdated English – and
    is idempotent."""
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    published = Practice.objects.published()
    assert published.count() >= 12
    assert published.english_missing().count() == 1
    assert published.english_outdated().count() == 1
    assert published.filter(country="NO").count() == 3
    assert published.get(slug="participativni-rozpocet-brno-dame-na-vas").members.get().slug == (
        "brno"
    )


def test_attachments_download_sandboxed_and_only_where_the_example_is_visible(client, member):
    """An attachment is a sandboxed download, hidden with its draft, gone with its row."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.urls import reverse

    from goodpractice.models import Practice, PracticeAttachment
    from tests.pdfs import plain_pdf

    practice = PracticeFactory(members=[member], slug="s-prilohou")
    document = plain_pdf()
    name = default_storage.save("goodpractice/attachments/x.pdf", ContentFile(document))
    attachment = PracticeAttachment.objects.create(
        practice=practice, file=name, title="Závěrečná zpráva", size=1
    )
    url = reverse("goodpractice:attachment", args=[practice.slug, attachment.pk])
    html = client.get(practice.get_absolute_url()).content.decode()
    assert f'href="{url}"' in html
    assert "/media/" not in html.split("gp-attachments")[1].split("</section>")[0]
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="zaverecna-zprava.pdf"'
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == document
    Practice.objects.filter(pk=practice.pk).update(status=Practice.Status.DRAFT)
    assert client.get(url).status_code == 404
    Practice.objects.filter(pk=practice.pk).update(status=Practice.Status.PUBLISHED)
    attachment.delete()
    assert client.get(url).status_code == 404
