"""Every count on the five section lists and on the home page takes the plural form its number
needs: Czech has three for whole numbers (1 akce, 2 akce, 5 akcí), English two."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.events.factories import EventPartFactory
from tests.factories import MemberFactory
from tests.goodpractice.factories import PracticeFactory
from tests.news.factories import ArticleFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

# One, two to four, five and more (and zero).
FORMS = {
    "cs": {
        "event": ("akce", "akce", "akcí"),
        "example": ("příklad", "příklady", "příkladů"),
        "article": ("článek", "články", "článků"),
        "project": ("projekt", "projekty", "projektů"),
        "member": ("člen", "členové", "členů"),
    },
    "en": {
        "event": ("event", "events", "events"),
        "example": ("example", "examples", "examples"),
        "article": ("article", "articles", "articles"),
        "project": ("project", "projects", "projects"),
        "member": ("member", "members", "members"),
    },
}
LISTS = {
    "event": "events:list",
    "example": "goodpractice:list",
    "article": "news:list",
    "project": "projects:list",
    "member": "members:list",
}


def form_index(number: int) -> int:
    return 0 if number == 1 else 1 if 2 <= number <= 4 else 2


def wrong_counts(html: str, language: str, noun: str) -> list[str]:
    """Every "<number> <a form of noun>" in the page's text whose form does not fit."""
    text = re.sub(r"<[^>]+>", " ", html)
    text = re.sub(r"\s+", " ", text)
    forms = FORMS[language][noun]
    alternatives = "|".join(sorted(set(forms), key=len, reverse=True))
    wrong = []
    for match in re.finditer(rf"(?<![\d.,])(\d+) ({alternatives})(?!\w)", text):
        number, word = int(match.group(1)), match.group(2)
        if forms[form_index(number)] != word:
            wrong.append(match.group(0))
    return wrong


def make(count: int):
    member = MemberFactory()
    for _number in range(count):
        EventPartFactory()
        PracticeFactory(members=[member])
        ArticleFactory()
        ProjectFactory()
    for _number in range(count - 1):
        MemberFactory()


@pytest.mark.parametrize("count", [1, 3, 5])
@pytest.mark.parametrize("language", ["cs", "en"])
def test_every_count_on_the_lists_takes_the_right_plural_form(client, count, language):
    """The result count and each filter value's count (also the words only screen readers
    hear) agree with their number on all five lists."""
    make(count)
    seen = {}
    for noun, name in LISTS.items():
        with translation.override(language):
            path = reverse(name)
        html = client.get(path).content.decode()
        assert wrong_counts(html, language, noun) == [], path
        forms = FORMS[language][noun]
        text = re.sub(r"<[^>]+>", " ", html)
        seen[noun] = re.findall(rf"\b{count} {forms[form_index(count)]}\b", text)
    # Each list does show its count in the expected form (so the check above had work to do).
    assert all(seen.values()), seen


@pytest.mark.parametrize("count", [1, 3, 5])
@pytest.mark.parametrize("language", ["cs", "en"])
def test_home_page_figures_take_the_right_plural_form(client, count, language):
    """The home page's member count (introduction and figures) agrees with its number."""
    make(count)
    html = client.get(f"/{language}/").content.decode()
    assert wrong_counts(html, language, "member") == []
    label = FORMS[language]["member"][form_index(count)]
    assert re.search(
        rf'<span class="figure__number">{count}</span> <span class="figure__label">{label}</span>',
        html,
    )
    introduction = {"cs": ("člena", "členy", "členů"), "en": FORMS["en"]["member"]}
    assert f"{count} {introduction[language][form_index(count)]}" in html
