"""The page cache never serves a stale page of the network's pages: a scheduled page appears
in the footer of cached pages and at its address when its time comes, with no write between."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from tests.pages.factories import PageFactory
from tests.support import far_from_midnight

# The page cache is on here (tests/conftest.py: off unless a test opts in).
pytestmark = [pytest.mark.django_db, pytest.mark.pagecache]


def anonymous(path):
    return Client().get(path)


def test_scheduled_page_appears_when_its_time_comes():
    start = far_from_midnight()
    PageFactory(
        slug="brzy",
        title_cs="Naplánovaná stránka",
        show_in_navigation=True,
        published_at=start + timedelta(minutes=5),
    )
    with time_machine.travel(start, tick=False):
        assert "Naplánovaná stránka" not in anonymous("/cs/o-siti/").content.decode()
        assert "Naplánovaná stránka" not in anonymous("/cs/clenove/").content.decode()
        assert anonymous("/cs/o-siti/brzy/").status_code == 404
        assert anonymous("/cs/clenove/").get("X-Page-Cache") == "hit"
    with time_machine.travel(start + timedelta(minutes=4, seconds=59), tick=False):
        assert anonymous("/cs/clenove/").get("X-Page-Cache") == "hit"
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        assert "Naplánovaná stránka" in anonymous("/cs/o-siti/").content.decode()
        assert '/cs/o-siti/brzy/">Naplánovaná stránka</a>' in anonymous("/cs/clenove/").text
        assert anonymous("/cs/o-siti/brzy/").status_code == 200


def test_a_site_text_edit_reaches_the_next_request():
    from tests.pages.factories import SiteTextFactory

    text = SiteTextFactory(key="footer", body_cs="Stará patička.")
    assert "Stará patička." in anonymous("/cs/").content.decode()
    assert anonymous("/cs/").get("X-Page-Cache") == "hit"
    text.body_cs = "Nová patička."
    text.save()
    assert "Nová patička." in anonymous("/cs/").content.decode()
