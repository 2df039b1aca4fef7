"""The list's counts come from one statement over the search rows (and the kept totals): they
must equal what each value would give when chosen, for every combination of filters, with
and without search words, and follow every kind of write."""

import random
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.http import QueryDict
from django.utils import timezone, translation

from goodpractice import blocks, indexing
from goodpractice.listing import PracticeSearch
from goodpractice.models import Practice, PracticeFacetTotal, TargetGroup, Topic
from goodpractice.services import practice_withdraw
from members.models import Region
from tests.factories import UserFactory
from tests.goodpractice.factories import GPMemberFactory, PracticeFactory
from tests.support import built_once

pytestmark = pytest.mark.django_db


def _varied():
    """Two dozen examples classified at random (seeded), by four members in three regions."""
    rng = random.Random(5)
    regions = list(Region.objects.all()[:3])
    members = [
        GPMemberFactory(slug=f"m{n}", kind=kind, region=regions[n % 3])
        for n, kind in enumerate(["town", "municipality", "statutory_city", "town"])
    ]
    topics = list(Topic.objects.values_list("slug", flat=True)[:3])
    for number in range(24):
        PracticeFactory(
            slug=f"p{number}",
            title_cs=rng.choice(["Zdravé město", "Park pro děti", "Lidé v obci"]),
            topic=Topic.objects.get(slug=rng.choice(topics)),
            members=rng.sample(members, rng.choice([0, 1, 1, 2])),
            target_groups=rng.sample(["seniori", "zeny", "mladi-lide", "deti"], rng.randint(0, 2)),
            methods=rng.sample(["kulaty-stul", "pocitove-mapy"], rng.randint(0, 1)),
            goals=rng.sample([3, 11], rng.randint(0, 2)),
            year_from=rng.choice([2019, 2021, 2022]),
            year_to=rng.choice([None, None, 2023]),
            verified=rng.random() < 0.3,
            country=rng.choice(["CZ", "CZ", "NO"]),
        )
    return {"topics": topics, "regions": [region.nuts3 for region in regions]}


varied = built_once(_varied)


def _search(query: str, language="cs"):
    with translation.override(language):
        return PracticeSearch(QueryDict(query), language)


def _facets(search):
    with translation.override(search.language):
        return {facet.name: {o.value: o.count for o in facet.options} for facet in search.facets()}


def _expected(query: str, name: str, value: str, language: str) -> int:
    """What the list holds with ``value`` as the only choice of filter ``name``."""
    params = QueryDict(query, mutable=True)
    params.setlist(name, [value])
    return PracticeSearch(params, language).results().count()


QUERIES = [
    "",
    "group=seniori",
    "group=seniori&group=zeny",
    "topic={topic}&verified=1",
    "region={region}&year=2022&method=kulaty-stul",
    "q=zdravé+město",
    "q=lidé&group=deti",
    "q=park&topic={topic}&kind=town&country=CZ",
    # A chosen filter's own counts keep only its facet's keys (years, regions and kinds hold
    # several keys per example).
    "q=zdravé+město&year=2021",
    "q=město&year=2021&region={region}&kind=town",
]


def _in_blocks_of(size: int, monkeypatch) -> None:
    """Blocks of ``size`` ids (``goodpractice.blocks``), the rows numbered into them."""
    monkeypatch.setattr(indexing, "SEARCH_BLOCK", size)
    indexing.practice_index_rebuild()


# How the list counts words: the rows matching them (words found in few examples); for broad
# words (every word, here) the kept totals less the rows the words miss (nothing shared), or
# block by block, in blocks of three ids (shared parts on, as in production: the page cache
# on, writes tracked).
COUNTING = [
    pytest.param((1.0, None), id="matches counted"),
    pytest.param((0.0, None), id="rest counted"),
    pytest.param((0.0, 3), id="in blocks", marks=pytest.mark.pagecache),
]


@pytest.fixture(params=COUNTING)
def counting(request, monkeypatch):
    broad_share, block = request.param
    monkeypatch.setattr(PracticeSearch, "BROAD_SHARE", broad_share)
    if block is not None:
        _in_blocks_of(block, monkeypatch)


@pytest.mark.parametrize("with_page", [False, True], ids=["counts alone", "with a page"])
@pytest.mark.parametrize("language", ["cs", "en"])
@pytest.mark.parametrize("template", QUERIES)
def test_counts_equal_the_list_each_value_would_give(
    varied, template, language, counting, with_page
):
    """Every count (and the number of results) equals the size of the list with that value
    chosen, whatever is chosen and searched, whether the rows matching the words are counted,
    (for broad words) the kept totals less the rows the words miss or the blocks' parts, and
    whether the counting statement also brings a page of the ranked list (as when page()
    asks)."""
    query = template.format(topic=varied["topics"][0], region=varied["regions"][1])
    search = _search(query, language)
    if with_page:
        search.page(search.results(), 2, 5)
    facets = _facets(search)
    assert search.known_count() == search.results().count()
    for name in ("topic", "group", "method", "goal", "region", "kind", "country", "year"):
        for value, count in facets[name].items():
            assert count == _expected(query, name, value, language), (query, name, value)
    # Years are offered as found: none with no example (unless chosen).
    chosen_years = QueryDict(query).getlist("year")
    assert all(count or year in chosen_years for year, count in facets["year"].items())
    verified = facets["verified"]["1"]
    assert verified == _expected(query, "verified", "1", language)


def test_broad_words_are_told_by_the_planners_estimate(varied):
    """Words in nearly every example are broad (their counts come from the rest), rare words
    are not, in either language; the estimate comes from the statistics of the language's
    words (an English word is not halved by the Czech rows that lack it)."""
    for number in range(100):
        PracticeFactory(
            slug=f"broad{number}",
            title_cs="Zdravé město",
            title_en="Healthy city",
            summary_cs="Město.",
            summary_en="A city.",
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE goodpractice_practicesearchtext")
    assert _search("q=město")._words_are_broad
    assert not _search("q=cyklostezka")._words_are_broad
    assert _search("q=city", "en")._words_are_broad
    assert not _search("q=cyklostezka", "en")._words_are_broad


def test_counts_follow_every_kind_of_write(varied):
    """Publishing, withdrawing, reclassifying, a member moving region and deleting all reach
    the counts and the kept totals at once."""
    before = _facets(_search(""))["group"]["seniori"]
    practice = PracticeFactory(slug="new", target_groups=["seniori"])
    assert _facets(_search(""))["group"]["seniori"] == before + 1
    practice.target_groups.clear()
    assert _facets(_search(""))["group"]["seniori"] == before
    staff = UserFactory(is_superuser=True)
    practice.target_groups.set([])
    member = GPMemberFactory(slug="mover", region=Region.objects.get(nuts3="CZ032"))
    practice.members.add(member)
    assert _facets(_search(""))["region"]["CZ032"] >= 1
    moved = _facets(_search(""))["region"]["CZ032"]
    member.region = Region.objects.get(nuts3="CZ064")
    member.save()
    assert _facets(_search(""))["region"]["CZ032"] == moved - 1
    total = _search("").known_count()
    practice_withdraw(practice=Practice.objects.get(pk=practice.pk), user=staff)
    assert _search("").known_count() == total - 1
    Practice.objects.filter(slug="p0").delete()
    assert _search("").known_count() == total - 2
    region_count = _facets(_search(""))["region"]
    other = PracticeFactory(slug="other", members=[member])
    assert _facets(_search(""))["region"]["CZ064"] == region_count["CZ064"] + 1
    member.delete()
    assert _facets(_search(""))["region"]["CZ064"] == region_count["CZ064"]
    assert _search("").known_count() == total - 1
    other.delete()
    rows = {t.key: t.count for t in PracticeFacetTotal.objects.filter(language="cs")}
    assert rows[-1] == Practice.objects.published().count()


def test_ranked_pages_follow_the_ranked_list(client, varied, counting):
    """A ranked search picks each page on the text rows: the pages in order are the list
    ranked as a whole (title matches first), with the filters applied; also when the page
    comes with the counts (several filters, or broad words and no filter, whole or added up
    from the blocks' heads)."""
    for number in range(50):
        PracticeFactory(
            slug=f"extra{number}",
            title_cs="Zdravé město" if number % 3 else "Jiný název",
            summary_cs="Zdravé město a park.",
            target_groups=["seniori"] if number % 2 else [],
            country="CZ" if number % 5 else "NO",
        )
    two_filters = {"q": "zdravé město", "group": "seniori", "country": "CZ"}
    for query in ({"q": "zdravé město"}, {"q": "zdravé město", "group": "seniori"}, two_filters):
        params = QueryDict(mutable=True)
        params.update(query)
        expected = [practice.slug for practice in PracticeSearch(params, "cs").results()]
        shown, page, pages = [], 1, 1
        while page <= pages:
            # A new example before each page: the counts are counted again, and with several
            # filters the counting statement brings the page's ranks (its own page's).
            PracticeFactory(slug=f"later{page}-{len(query)}", title_cs="Jiný název")
            response = client.get("/cs/dobra-praxe/", {**query, "page": page})
            shown += [practice.slug for practice in response.context["practices"]]
            pages = response.context["page_obj"].paginator.num_pages
            page += 1
        assert pages > 1
        assert shown == expected
    # A page number the paginator corrects: the first page, the last page.
    for query in ({"q": "zdravé město"}, two_filters):
        params = QueryDict(mutable=True)
        params.update(query)
        expected = [practice.slug for practice in PracticeSearch(params, "cs").results()]
        last = 20 * ((len(expected) - 1) // 20)
        for number, first in (("abc", 0), ("999", last)):
            PracticeFactory(slug=f"corrected{number}{len(query)}", title_cs="Jiný název")
            response = client.get("/cs/dobra-praxe/", {**query, "page": number})
            shown = [practice.slug for practice in response.context["practices"]]
            assert shown == expected[first : first + 20]


@pytest.mark.parametrize("words", ["zdravé město", "park"])
def test_ranked_head_from_candidates_is_the_ranked_list(varied, words, monkeypatch):
    """The first pages of a broad search are ranked from the rows with the words in title or
    summary only (``_ranked_on_candidates``); they are exactly the head of the list ranked
    as a whole, and the rows ranked at the floor (words in the description only, or only
    one of the words in the title) follow in date order."""
    for number in range(60):
        kind = number % 4
        PracticeFactory(
            slug=f"rank{number}",
            title_cs=("Zdravé město a park", "Zdravé náměstí", "Jiný název", "Park")[kind],
            summary_cs=("Shrnutí.", "Město pro lidi.", "Nic.", "Zdravé město.")[kind],
            body_cs="Program Zdravé město obnovil park.",
            published_at=timezone.now() - timedelta(days=number),
        )
    used = []
    original = PracticeSearch._ranked_on_candidates

    def spy(self, *args):
        found = original(self, *args)
        used.append(found is not None)
        return found

    monkeypatch.setattr(PracticeSearch, "_ranked_on_candidates", spy)
    params = QueryDict(mutable=True)
    params["q"] = words
    search = PracticeSearch(params, "cs")
    expected = [practice.pk for practice in search.results()]
    with search.plan():
        pages = [search._ranked_ids(bottom, bottom + 20)[0] for bottom in range(0, 60, 20)]
    shown = [pk for page in pages for pk in page]
    assert used[0], "the first page came from the candidates"
    assert shown == expected[:60]


def _parts_read_again(monkeypatch) -> list[list[int]]:
    """The blocks whose parts each counting reads from the rows (not from the cache)."""
    read = []
    original = blocks._computed

    def spy(matching, numbers, counting):
        read.append(list(numbers))
        return original(matching, numbers, counting)

    monkeypatch.setattr(blocks, "_computed", spy)
    return read


def _counted_in_blocks(query: str, language="cs"):
    """The number and the counts of the list, worked out again (the shared counts dropped)."""
    search = _search(query, language)
    with translation.override(language):
        return search._count_in_blocks(None), search.results().count()


@pytest.fixture
def in_blocks(varied, monkeypatch):
    """Every word broad, blocks of three ids (with ``@pytest.mark.pagecache``: parts shared)."""
    monkeypatch.setattr(PracticeSearch, "BROAD_SHARE", 0.0)
    _in_blocks_of(3, monkeypatch)


@pytest.mark.pagecache
def test_a_write_reads_again_only_its_own_block(in_blocks, monkeypatch):
    """After a write to an example, its block alone is counted again; the parts of the
    other blocks come from the cache, and the counts still equal the list."""
    read = _parts_read_again(monkeypatch)
    (total, _counts), expected = _counted_in_blocks("q=město")
    assert total == expected
    numbers = sorted(number for batch in read for number in batch)
    assert len(numbers) > 3
    read.clear()
    assert _counted_in_blocks("q=město")[0][0] == expected
    assert read == []  # nothing written: every part from the cache
    practice = Practice.objects.get(slug="p7")
    practice.title_cs = "Nové město"
    practice.save()
    (total, _counts), expected = _counted_in_blocks("q=město")
    assert total == expected
    assert read == [[practice.pk // 3]]
    # Another language, other words: parts of their own.
    read.clear()
    (total, _counts), expected = _counted_in_blocks("q=city", "en")
    assert total == expected and len(read) == 1 and len(read[0]) > 3


@pytest.mark.pagecache
def test_blocks_follow_every_kind_of_write(in_blocks):
    """Publishing, editing, withdrawing, reclassifying, a member moving region, deleting an
    example or a member: the blocks' counts follow at once (never a stale part)."""

    def check():
        search = _search("q=lidé")
        facets = _facets(search)
        assert search.known_count() == search.results().count()
        for name in ("group", "region", "kind"):
            for value, count in facets[name].items():
                assert count == _expected("q=lidé", name, value, "cs"), (name, value)

    check()
    practice = PracticeFactory(slug="new", title_cs="Lidé a město", target_groups=["seniori"])
    check()
    practice.target_groups.set([TargetGroup.objects.get(slug="zeny")])
    check()
    practice.title_cs = "Park"
    practice.save()
    check()
    practice.title_cs = "Lidé"
    practice.save()
    member = GPMemberFactory(slug="mover", region=Region.objects.get(nuts3="CZ032"))
    practice.members.add(member)
    check()
    member.region = Region.objects.get(nuts3="CZ064")
    member.save()
    check()
    practice_withdraw(practice=practice, user=UserFactory(is_superuser=True))
    check()
    Practice.objects.filter(slug="p0").delete()
    check()
    member.delete()
    check()


@pytest.mark.pagecache
def test_blocks_without_the_cache_are_counted_whole(in_blocks, monkeypatch):
    """A cache that cannot be read or written costs time, never a wrong count."""

    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(caches["default"], "get_many", broken)
    monkeypatch.setattr(caches["default"], "set_many", broken)
    (total, _counts), expected = _counted_in_blocks("q=město")
    assert total == expected > 0


@pytest.mark.pagecache
@pytest.mark.parametrize("language", ["cs", "en"])
def test_site_search_counts_broad_words_in_blocks(in_blocks, language):
    """The site search's best examples of broad words and their number (from the blocks'
    parts) are the head and the length of the list."""
    search = _search("q=město", language)
    expected = [practice.pk for practice in search.results()]
    with translation.override(language):
        best, total = _search("q=město", language).best(4)
    assert total == len(expected) > 4
    assert [practice.pk for practice in best] == expected[:4]


@pytest.mark.pagecache
@pytest.mark.parametrize("writes", [1, blocks.ATTEMPTS], ids=["once", "every time"])
def test_a_write_between_the_statements_is_read_again(in_blocks, writes, monkeypatch):
    """A write to a block between the list's reading of the generations and of that block:
    the list reads again (the totals and the generations with it), and counts the rows as
    they are after the write; while writes keep landing, it counts the list as a whole."""
    original = blocks._computed
    calls = []

    def written_meanwhile(matching, numbers, counting):
        calls.append(numbers)
        if len(calls) <= writes:
            practice = Practice.objects.filter(pk__gte=numbers[0] * 3).order_by("pk").first()
            practice.title_cs = "Nové město" if "město" not in practice.title_cs else "Park"
            practice.save()
        return original(matching, numbers, counting)

    monkeypatch.setattr(blocks, "_computed", written_meanwhile)
    search = _search("q=město")
    assert search.known_count() == search.results().count()
    facets = _facets(search)
    for value, count in facets["group"].items():
        assert count == _expected("q=město", "group", value, "cs"), value
    assert len(calls) == min(writes + 1, blocks.ATTEMPTS)


@pytest.mark.pagecache
def test_pages_deeper_than_the_blocks_heads_are_ranked_whole(client, in_blocks, monkeypatch):
    """Pages within the blocks' heads come from them, deeper ones from the list ranked as a
    whole: in order, they are the ranked list."""
    monkeypatch.setattr(blocks, "HEAD", 20)  # the first page
    for number in range(30):
        PracticeFactory(slug=f"city{number}", title_cs="Město" if number % 2 else "Náměstí")
    params = QueryDict("q=město")
    expected = [practice.slug for practice in PracticeSearch(params, "cs").results()]
    shown = []
    for page in (1, 2):
        PracticeFactory(slug=f"later{page}", title_cs="Jiný název")  # counted again each time
        response = client.get("/cs/dobra-praxe/", {"q": "město", "page": page})
        shown += [practice.slug for practice in response.context["practices"]]
    assert len(expected) > 20
    assert shown == expected[:40]
