"""axe-core on the projects and news pages the sitemap does not list: filtered and searched
lists, empty results and the site search with every section, in both languages (the project
and article pages themselves are in the sitemap, walked by test_accessibility)."""

from tests.browser.support import axe_failures

PATHS = [
    "/cs/projekty/?status=finished&funder=fondy-ehp-a-norska",
    "/en/projects/?member=chrudim&topic=socialni-prostredi",
    "/cs/projekty/?q=nic-takoveho",
    "/cs/aktuality/?topic=sprava-a-uzemni-rozvoj&year=2022",
    "/en/news/?member=brno&project=part-net",
    "/en/news/?q=nothing-like-this",
    "/cs/hledat/?q=part-net",
    "/en/search/?q=Liberec",
    "/cs/",
    "/en/",
    "/cs/projekty/part-net/",
    "/en/projects/part-net/",
    "/cs/aktuality/start-projektu-part-net/",
    "/en/news/norska-zdrava-mesta-v-brne-a-praze/",
    "/en/good-practice/pocitova-mapa-bezpeci-zen-chrudim/",
    "/cs/clenove/chrudim/",
]


def test_projects_and_news_pages_pass_axe(page, demo_content):
    """No WCAG 2.1 A/AA violation on filtered lists, searches and linked record pages."""
    failures = axe_failures(page, PATHS)
    assert not failures, "\n".join(failures)
    assert page.foreign_requests == []
