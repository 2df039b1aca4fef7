"""Links built from the request path never carry another host."""

import re

import pytest

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"]*)"')


@pytest.mark.parametrize(
    "path",
    [
        "/%2Fevil.example/cs/clenove/",  # the path //evil.example/cs/clenove/
        "/%2F%2Fevil.example/en/members/",  # ///evil.example/en/members/
        "/%2Fevil.example/cs/clenove/?q=1",
        "/%5Cevil.example/cs/clenove/",  # /\evil.example/...
    ],
)
def test_links_from_a_path_naming_a_host_stay_on_the_site(client, path):
    """The 404 page's language switcher, hreflang links and login link stay on this host."""
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    links = HREF.findall(html)
    assert links
    for link in links:
        assert not link.startswith(("//", "/\\", "\\")), link
        assert "://" not in link or link.startswith("http://testserver/"), link
    assert "//evil.example" not in html
    assert 'hreflang="en" href="http://testserver/en/"' in html


def test_language_switcher_still_translates_real_pages(client):
    """A normal page still links to its translation."""
    html = client.get("/cs/clenove/").content.decode()
    assert 'href="/en/members/"' in html
    assert 'hreflang="en" href="http://testserver/en/members/"' in html
