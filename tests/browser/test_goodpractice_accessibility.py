"""axe-core on the good-practice pages the sitemap does not list: searches, filters, empty
results, the coordinator's pages and a form with errors, in both languages."""

from goodpractice.models import Practice
from tests.browser.support import axe_current_page, axe_failures, log_in
from tests.factories import UserFactory
from tests.goodpractice.factories import GPMemberFactory, PracticeFactory

PUBLIC_PATHS = [
    "/cs/dobra-praxe/?q=zdravých+měst",
    "/cs/dobra-praxe/?q=pocitove+mapy&group=zeny&sort=title",
    "/cs/dobra-praxe/?q=%22%26%7C%21%3A%2A%28%29",
    "/cs/dobra-praxe/?q=nic-takoveho-neni",
    "/en/good-practice/?q=participatory+budget&country=CZ&verified=1",
    "/en/good-practice/dobrovolnici-a-socialne-vyloucene-lokality-usti/",
]


def test_good_practice_pages_pass_axe(page, demo_content):
    """No WCAG 2.1 A/AA violation on searched and filtered lists or the Czech-only page."""
    failures = axe_failures(page, PUBLIC_PATHS)
    assert not failures, "\n".join(failures)
    assert page.foreign_requests == []


def test_coordinator_pages_pass_axe(page):
    """The coordinator's list, the form, the form with errors and a draft pass axe."""
    member = GPMemberFactory(name="Chrudim", slug="axe-chrudim")
    coordinator = UserFactory(email="axe.coordinator@example.org")
    member.coordinators.add(coordinator)
    draft = PracticeFactory(
        slug="axe-draft",
        members=[member],
        status=Practice.Status.RETURNED,
        review_comment="Doplňte fotografie.",
    )
    failures = []
    for language, paths in {
        "cs": ["/cs/dobra-praxe/moje-priklady/", "/cs/dobra-praxe/novy/"],
        "en": ["/en/good-practice/my-examples/", f"/en/good-practice/{draft.slug}/edit/"],
    }.items():
        log_in(page, coordinator.email, language=language)
        failures += axe_failures(page, [*paths, draft.get_absolute_url()])
        page.goto(paths[1])
        page.get_by_role(
            "button", name="Uložit rozpracovaný příklad" if language == "cs" else "Save the draft"
        ).click()
        failures += axe_current_page(page, f"{paths[1]} (submitted)")
        page.context.clear_cookies()
    assert not failures, "\n".join(failures)
