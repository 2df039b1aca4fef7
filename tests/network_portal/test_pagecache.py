"""The page cache: anonymous pages come from the shared cache, and every kind of write (and the
clock passing a scheduled time) reaches the very next anonymous request."""

import gzip
from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.services.registration import registration_cancel, registration_create
from goodpractice.models import Practice
from network_portal import pagecache
from network_portal.ratelimit import rate_limit_exceeded
from news.models import Article
from tests.events.factories import EventFactory, EventPartFactory
from tests.factories import MemberFactory, UserFactory
from tests.goodpractice.factories import GPMemberFactory, PracticeFactory
from tests.members.test_edit import form_data as member_form_data
from tests.news.factories import ArticleFactory
from tests.support import far_from_midnight

pytestmark = pytest.mark.pagecache

# The writes commit for real, so that the invalidation runs after commit as in production.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def page_cache(settings):
    """The page cache on, even in a test that pins query counts."""
    settings.PAGE_CACHE_ENABLED = True


def anonymous_get(path, **headers):
    """A first-time visitor: no cookies at all."""
    return Client().get(path, **headers)


def cache_state(response):
    return response.get("X-Page-Cache")


# --- what is cached and how ----------------------------------------------------------------
@pytest.mark.django_db
def test_second_request_is_a_hit_with_one_query(page_cache, django_assert_num_queries):
    """The home page is rendered once, then served with one query (page and generation)."""
    first = anonymous_get("/cs/")
    assert cache_state(first) == "miss"
    with django_assert_num_queries(1):
        second = anonymous_get("/cs/")
    assert cache_state(second) == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Language"] == "cs"
    assert "Cookie" in second["Vary"]
    assert not second.cookies


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/members/", "/cs/dobra-praxe/", "/cs/hledat/?q=mapy"])
def test_lists_and_searches_are_hits_with_one_query(page_cache, django_assert_num_queries, path):
    """Lists and searches (query strings included) are served from the cache too."""
    MemberFactory()
    PracticeFactory()
    assert cache_state(anonymous_get(path)) == "miss"
    with django_assert_num_queries(1):
        assert cache_state(anonymous_get(path)) == "hit"


@pytest.mark.django_db
def test_head_is_answered_from_the_entry_of_a_get():
    """HEAD never stores a page (a server may drop its body), but is answered from a GET's."""
    assert cache_state(Client().head("/cs/")) is None
    assert cache_state(anonymous_get("/cs/")) == "miss"
    response = Client().head("/cs/")
    assert cache_state(response) == "hit" and response.status_code == 200


@pytest.mark.django_db
def test_languages_and_query_strings_are_separate_pages():
    """Each language and each query string is its own entry."""
    anonymous_get("/cs/dobra-praxe/")
    assert cache_state(anonymous_get("/en/good-practice/")) == "miss"
    assert cache_state(anonymous_get("/cs/dobra-praxe/?q=mapy")) == "miss"
    assert cache_state(anonymous_get("/cs/dobra-praxe/")) == "hit"


@pytest.mark.django_db
def test_hits_come_compressed_to_clients_that_accept_it():
    """A hit is sent gzipped when the client accepts gzip, plain otherwise."""
    plain = anonymous_get("/en/")
    packed = anonymous_get("/en/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert cache_state(packed) == "hit"
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert int(packed["Content-Length"]) == len(packed.content)
    again = anonymous_get("/en/")
    assert "Content-Encoding" not in again
    assert again.content == plain.content


@pytest.mark.django_db
def test_logged_in_visitors_bypass_the_cache(client, user):
    """A session cookie means the page is rendered for that visitor and never stored."""
    anonymous_get("/cs/")
    client.force_login(user)
    response = client.get("/cs/")
    assert cache_state(response) is None
    assert user.email in response.content.decode() or "logout" in response.content.decode()
    assert cache_state(client.get("/cs/")) is None
    assert cache_state(anonymous_get("/cs/")) == "hit"


@pytest.mark.django_db
def test_pages_with_a_csrf_token_are_never_cached():
    """A form's CSRF token belongs to one visitor: such pages are rendered every time, and not
    compressed (BREACH)."""
    first = anonymous_get("/cs/prohlaseni-o-pristupnosti/", HTTP_ACCEPT_ENCODING="gzip")
    assert "csrfmiddlewaretoken" in first.content.decode()
    second = anonymous_get("/cs/prohlaseni-o-pristupnosti/", HTTP_ACCEPT_ENCODING="gzip")
    assert cache_state(first) is None and cache_state(second) is None
    assert "Content-Encoding" not in second
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


@pytest.mark.django_db
def test_logged_in_pages_are_not_compressed(client, user):
    """The pages of a logged-in user carry the CSRF token of the logout form: no gzip."""
    client.force_login(user)
    response = client.get("/cs/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "Content-Encoding" not in response


@pytest.mark.django_db
def test_anonymous_uncached_pages_are_compressed(settings):
    """Anonymous pages without a secret are compressed even when not cached."""
    settings.PAGE_CACHE_ENABLED = False
    response = anonymous_get("/cs/dobra-praxe/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.content)


@pytest.mark.django_db
def test_visitor_with_a_message_is_not_served_from_the_cache():
    """A pending message (flash) must be shown: such requests skip the cache."""
    anonymous_get("/cs/")
    visitor = Client()
    visitor.cookies["messages"] = "anything"
    assert cache_state(visitor.get("/cs/")) is None


@pytest.mark.django_db
def test_root_redirect_follows_the_browser_language():
    """``/`` is never cached: each browser goes to its own language."""
    assert anonymous_get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/en/"
    assert anonymous_get("/", HTTP_ACCEPT_LANGUAGE="cs")["Location"] == "/cs/"
    assert anonymous_get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/en/"


@pytest.mark.django_db
def test_personal_pages_behind_a_secret_link_are_never_stored():
    """A registration's manage page and the registrant's data (personal data, reached by the
    secret link) are rendered every time and marked private for any cache on the way."""
    from events.tokens import registration_token

    part = EventPartFactory()
    registration = registration_create(
        event=part.event, parts=[part], name="Jana", email="jana@example.org"
    )
    token = registration_token(registration)
    for path in (
        f"/cs/akce/prihlaska/{token}/",
        f"/cs/akce/prihlaska/{token}/moje-udaje/",
        f"/en/events/registration/{token}/my-data/",
        f"/cs/akce/prihlaska/{token}/moje-udaje.json",
    ):
        for _attempt in range(2):
            response = anonymous_get(path)
            assert response.status_code == 200 and cache_state(response) is None, path
            assert "private" in response["Cache-Control"], path


@pytest.mark.django_db
def test_not_found_pages_are_not_stored():
    anonymous_get("/cs/akce/neexistuje/")
    assert cache_state(anonymous_get("/cs/akce/neexistuje/")) is None


@pytest.mark.django_db
def test_logged_in_home_page_shares_the_section_blocks(
    client, user, page_cache, django_assert_max_num_queries
):
    """A logged-in visitor's home page is rendered, but its section blocks come from the
    shared cache, and a write still reaches them on the next request."""
    ArticleFactory(title_cs="První zpráva")
    client.force_login(user)
    assert "První zpráva" in client.get("/cs/").content.decode()
    # The session, the user, the user's and the groups' permissions (account menu), and the
    # blocks from the cache in one query instead of one or two per section; the footer's
    # blocks from the cache (one) and the editable lead (one).
    with django_assert_max_num_queries(7):
        assert "První zpráva" in client.get("/cs/").content.decode()
    ArticleFactory(title_cs="Druhá zpráva")
    assert "Druhá zpráva" in client.get("/cs/").content.decode()


@pytest.mark.django_db
def test_logged_in_list_shares_the_counts(client, user, page_cache):
    """A logged-in visitor's good-practice search is rendered, but the count of every filter
    comes from the shared cache the second time (also for another page of the same search),
    and a write still reaches it on the next request."""
    PracticeFactory(title_cs="Komunitní zahrada v Kolíně", target_groups=["seniori"])
    client.force_login(user)

    def counted(params):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/cs/dobra-praxe/", params)
        return response, any("unnest(keys" in query["sql"] for query in queries)

    first, counting = counted({"q": "zahrada"})
    assert counting and first.context["page_obj"].paginator.count == 1
    again, counting = counted({"q": "zahrada", "sort": "newest"})
    assert not counting and again.context["page_obj"].paginator.count == 1
    PracticeFactory(title_cs="Školní zahrada", target_groups=["seniori"])
    after, counting = counted({"q": "zahrada"})
    assert counting and after.context["page_obj"].paginator.count == 2


# --- the writes ----------------------------------------------------------------------------
@committed
def test_admin_edit_reaches_the_next_request(client, staff_user):
    """A capacity changed in the admin shows on the event page at once."""
    part = EventPartFactory(capacity=1, event__slug="seminar-admin")
    page = f"/en/events/{part.event.slug}/"
    assert "1 place left" in anonymous_get(page).content.decode()
    assert cache_state(anonymous_get(page)) == "hit"

    client.force_login(staff_user)
    url = f"/cs/sprava/events/eventpart/{part.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | tuple)
    }
    for name in ("start", "end"):
        local = timezone.localtime(getattr(part, name))
        data[f"{name}_0"], data[f"{name}_1"] = f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"
        data.pop(name, None)
    for name in ("registration_opens_at", "registration_closes_at"):
        data[f"{name}_0"] = data[f"{name}_1"] = ""
        data.pop(name, None)
    data.update(capacity=3, event=part.event.pk, title_cs=part.title_cs, audience="anyone")
    assert client.post(url, data).status_code == 302

    response = anonymous_get(page)
    assert cache_state(response) == "miss"
    assert "3 places left" in response.content.decode()


@committed
def test_coordinator_edit_reaches_the_next_request(client):
    """A coordinator's edit of the member profile shows on the public profile at once."""
    member = MemberFactory(slug="tachov", description_cs="Starý popis.")
    coordinator = UserFactory()
    member.coordinators.add(coordinator)
    assert "Starý popis." in anonymous_get("/cs/clenove/tachov/").content.decode()
    client.force_login(coordinator)
    response = client.post(
        "/cs/clenove/tachov/upravit/", member_form_data(member, description_cs="Nový popis.")
    )
    assert response.status_code == 302
    html = anonymous_get("/cs/clenove/tachov/").content.decode()
    assert "Nový popis." in html and "Starý popis." not in html


@committed
def test_publishing_an_example_reaches_the_next_request(client, staff_user):
    """An example published through the admin review appears in the list and search at once."""
    member = GPMemberFactory()
    practice = PracticeFactory(
        title_cs="Pocitová mapa náměstí", status=Practice.Status.SUBMITTED, members=[member]
    )
    for path in ("/cs/dobra-praxe/", "/cs/hledat/?q=pocitova"):
        assert "Pocitová mapa náměstí" not in anonymous_get(path).content.decode()
    client.force_login(staff_user)
    review = f"/cs/sprava/goodpractice/practice/{practice.pk}/review/"
    assert client.post(review, {"action": "publish"}).status_code == 302
    for path in ("/cs/dobra-praxe/", "/cs/hledat/?q=pocitova"):
        assert "Pocitová mapa náměstí" in anonymous_get(path).content.decode()
    detail = anonymous_get(practice.get_absolute_url())
    assert detail.status_code == 200
    assert cache_state(anonymous_get(practice.get_absolute_url())) == "hit"


@committed
def test_registration_changes_places_left_on_the_next_request():
    """An anonymous visitor's registration updates "places left" for the next visitor."""
    part = EventPartFactory(capacity=5, event__slug="seminar-mista")
    page = f"/en/events/{part.event.slug}/"
    assert "5 places left" in anonymous_get(page).content.decode()
    response = Client().post(
        f"/en/events/{part.event.slug}/register/",
        {
            "parts": [part.pk],
            "name": "Jana Nováková",
            "email": "jana@example.org",
            "organisation": "Městský úřad",
            "position": "referentka",
            "privacy": "on",
            "website": "",
        },
    )
    assert response.status_code == 200  # "check your e-mail"
    assert "4 places left" in anonymous_get(page).content.decode()
    # A cancellation through the service (as the manage page does) frees the place again.
    registration_cancel(registration=part.event.registrations.get())
    assert "5 places left" in anonymous_get(page).content.decode()


@committed
def test_deleting_reaches_the_next_request(client, staff_user):
    """An article deleted in the admin disappears from the list and its page at once."""
    article = ArticleFactory(slug="smazat", title_cs="Článek ke smazání")
    assert "Článek ke smazání" in anonymous_get("/cs/aktuality/").content.decode()
    assert anonymous_get("/cs/aktuality/smazat/").status_code == 200
    client.force_login(staff_user)
    url = f"/cs/sprava/news/article/{article.pk}/delete/"
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert "Článek ke smazání" not in anonymous_get("/cs/aktuality/").content.decode()
    assert anonymous_get("/cs/aktuality/smazat/").status_code == 404


@committed
def test_bulk_update_without_signals_reaches_the_next_request():
    """Writes that send no model signal (``QuerySet.update``) invalidate as well."""
    ArticleFactory(slug="hromadne", title_cs="Původní titulek")
    assert "Původní titulek" in anonymous_get("/cs/aktuality/").content.decode()
    Article.objects.filter(slug="hromadne").update(title_cs="Přepsaný titulek")
    assert "Přepsaný titulek" in anonymous_get("/cs/aktuality/").content.decode()


@committed
def test_nothing_changes_before_the_commit():
    """Inside the transaction the cached page stays; the bump comes with the commit."""
    ArticleFactory(slug="pozdeji", title_cs="Ještě ne")
    anonymous_get("/cs/aktuality/")
    with transaction.atomic():
        Article.objects.filter(slug="pozdeji").update(title_cs="Už ano")
        assert connection.run_on_commit  # the bump waits for the commit
    assert "Už ano" in anonymous_get("/cs/aktuality/").content.decode()


@committed
def test_rolled_back_write_keeps_the_cached_page():
    """A write that is rolled back changes nothing, so the cached page stays valid."""
    ArticleFactory(slug="vratit", title_cs="Zůstává")
    anonymous_get("/cs/aktuality/")
    with pytest.raises(RuntimeError), transaction.atomic():
        Article.objects.filter(slug="vratit").update(title_cs="Nikdy")
        raise RuntimeError
    assert cache_state(anonymous_get("/cs/aktuality/")) == "hit"


@committed
def test_technical_writes_keep_the_cache():
    """Sessions, rate-limit counters and a login's last_login stamp reach no page."""
    user = UserFactory()
    anonymous_get("/cs/")
    rate_limit_exceeded(scope="test", key="1.2.3.4", limit=5, period=timedelta(hours=1))
    visitor = Client()
    visitor.force_login(user)
    visitor.get("/cs/")
    assert Session.objects.exists()
    assert cache_state(anonymous_get("/cs/")) == "hit"


# --- the clock -----------------------------------------------------------------------------
@pytest.mark.django_db
def test_scheduled_article_appears_when_its_time_comes():
    """An article scheduled for later is not shown before its time and shown right after,
    though nothing was written in between."""
    start = far_from_midnight()
    ArticleFactory(
        slug="naplanovana",
        title_cs="Naplánovaná aktualita",
        published_at=start + timedelta(minutes=5),
    )
    with time_machine.travel(start, tick=False):
        assert "Naplánovaná aktualita" not in anonymous_get("/cs/aktuality/").content.decode()
        assert "Naplánovaná aktualita" not in anonymous_get("/cs/").content.decode()
        assert cache_state(anonymous_get("/cs/aktuality/")) == "hit"
    with time_machine.travel(start + timedelta(minutes=4, seconds=59), tick=False):
        assert cache_state(anonymous_get("/cs/aktuality/")) == "hit"
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        assert "Naplánovaná aktualita" in anonymous_get("/cs/aktuality/").content.decode()
        assert "Naplánovaná aktualita" in anonymous_get("/cs/").content.decode()


@pytest.mark.django_db
def test_event_leaves_the_upcoming_list_when_it_ends():
    """The home page's upcoming events and the event list drop an event when it ends."""
    start = far_from_midnight()
    EventFactory(
        title_cs="Brzy končící seminář",
        start=start - timedelta(hours=1),
        end=start + timedelta(minutes=5),
    )
    with time_machine.travel(start, tick=False):
        assert "Brzy končící seminář" in anonymous_get("/cs/").content.decode()
        assert "Brzy končící seminář" in anonymous_get("/cs/akce/").content.decode()
    with time_machine.travel(start + timedelta(minutes=4), tick=False):
        assert cache_state(anonymous_get("/cs/akce/")) == "hit"
    with time_machine.travel(start + timedelta(minutes=5, seconds=1), tick=False):
        assert "Brzy končící seminář" not in anonymous_get("/cs/").content.decode()
        assert "Brzy končící seminář" not in anonymous_get("/cs/akce/").content.decode()


@pytest.mark.django_db
def test_registration_closing_time_ends_the_cached_page():
    """When a part's registration closes, the event page says so on the next request."""
    start = far_from_midnight()
    part = EventPartFactory(
        capacity=5,
        registration_closes_at=start + timedelta(minutes=3),
        event__slug="seminar-uzaverka",
    )
    page = f"/en/events/{part.event.slug}/"
    with time_machine.travel(start, tick=False):
        assert "5 places left" in anonymous_get(page).content.decode()
    with time_machine.travel(start + timedelta(minutes=3), tick=False):
        html = anonymous_get(page).content.decode()
        assert "5 places left" not in html and "closed" in html


@pytest.mark.django_db
def test_no_page_outlives_the_timeout_or_the_day(settings):
    """Entries end at PAGE_CACHE_TIMEOUT, and at midnight for what depends on the date."""
    settings.PAGE_CACHE_TIMEOUT = 60
    start = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
    with time_machine.travel(start, tick=False):
        anonymous_get("/cs/projekty/")
    with time_machine.travel(start + timedelta(seconds=59), tick=False):
        assert cache_state(anonymous_get("/cs/projekty/")) == "hit"
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert cache_state(anonymous_get("/cs/projekty/")) == "miss"
    settings.PAGE_CACHE_TIMEOUT = 86400 * 2
    evening = start.replace(hour=23, minute=59)
    with time_machine.travel(evening, tick=False):
        anonymous_get("/cs/projekty/")
        assert cache_state(anonymous_get("/cs/projekty/")) == "hit"
    with time_machine.travel(evening + timedelta(minutes=1, seconds=1), tick=False):
        assert cache_state(anonymous_get("/cs/projekty/")) == "miss"


# --- the SQL watcher -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sql", "bumps"),
    [
        ('INSERT INTO "news_article" ("slug") VALUES (%s)', True),
        ('UPDATE "events_eventpart" SET "capacity" = %s WHERE "id" = %s', True),
        ('DELETE FROM "goodpractice_practice_members" WHERE "id" IN (%s)', True),
        ('TRUNCATE "members_member", "news_article"', True),
        ('SELECT * FROM "news_article"', False),
        ('INSERT INTO "django_session" ("session_key") VALUES (%s)', False),
        ('UPDATE "network_portal_user" SET "last_login" = %s WHERE "id" = %s', False),
        ('UPDATE "network_portal_user" SET "first_name" = %s WHERE "id" = %s', True),
        (
            "WITH x AS (DELETE FROM network_portal_ratelimitbucket) INSERT INTO "
            "network_portal_ratelimitbucket VALUES (1)",
            False,
        ),
        ('INSERT INTO "portal_cache" (cache_key) VALUES (%s)', False),
    ],
)
def test_which_statements_change_the_content(sql, bumps):
    assert bool(pagecache._written_tables(sql)) is bumps


def test_every_content_app_is_tracked():
    """New models are covered without registration: every table of the portal's apps."""
    tables = pagecache.tracked_tables()
    for table in (
        "members_member",
        "events_registrationpart",
        "goodpractice_practice",
        "projects_project",
        "news_article",
        "news_article_members",
        "network_portal_user",
        "auth_group",
    ):
        assert table in tables
    for table in ("django_session", "axes_accessattempt", "network_portal_ratelimitbucket"):
        assert table not in tables


# --- a key space no visitor can fill ------------------------------------------------------
@pytest.mark.django_db
def test_query_parameters_no_page_reads_are_not_stored(page_cache):
    """``?junk=N`` makes no entry: a page is stored only when it read every parameter of its
    query string (the list's own parameters still make entries)."""
    for number in range(3):
        assert cache_state(anonymous_get(f"/cs/?junk={number}")) is None
    assert cache_state(anonymous_get("/cs/dobra-praxe/?q=mapy&junk=1")) is None
    assert cache_state(anonymous_get("/cs/dobra-praxe/?q=mapy")) == "miss"
    assert cache_state(anonymous_get("/cs/dobra-praxe/?q=mapy")) == "hit"
    assert cache_state(anonymous_get("/cs/")) == "miss"


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["testserver:81", "localhost:12345", "LOCALHOST:1"])
def test_host_and_port_variants_are_not_stored(page_cache, host):
    """Only the host names of ALLOWED_HOSTS with the server's own port (or none) make entries:
    any port in the Host header would otherwise be a new page."""
    assert cache_state(anonymous_get("/cs/", HTTP_HOST=host)) is None
    assert cache_state(anonymous_get("/cs/", HTTP_HOST=host)) is None
    assert cache_state(anonymous_get("/cs/", HTTP_HOST="localhost")) == "miss"
    assert cache_state(anonymous_get("/cs/", HTTP_HOST="localhost:80")) == "miss"


@pytest.mark.django_db
@pytest.mark.parametrize("collation", ["C", "en-x-icu", "cs-x-icu"])
def test_a_full_cache_never_evicts_the_generation(page_cache, monkeypatch, collation):
    """Culling a full database cache drops expired and soon-expiring entries, never the
    generation, whatever the collation of the keys (an ICU one sorted it first)."""
    from django.core.cache import caches

    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE portal_cache ALTER COLUMN cache_key "
            f'TYPE varchar(255) COLLATE "{collation}"'
        )
    cache = caches["default"]
    cache.clear()
    monkeypatch.setattr(cache, "_max_entries", 10)
    pagecache.bump()
    generation = cache.get(pagecache.GENERATION_KEY)
    for number in range(40):
        anonymous_get(f"/cs/dobra-praxe/?q=slovo{number}")
    assert cache.get(pagecache.GENERATION_KEY) == generation
    assert cache_state(anonymous_get("/cs/dobra-praxe/?q=slovo39")) == "hit"
