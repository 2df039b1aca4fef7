"""The visitor's address behind the proxies the settings trust, for limits, lockout and logs."""

import pytest
from django.test import RequestFactory

from network_portal.clients import (
    client_address,
    client_address_from,
    parse_trusted_proxies,
    rate_limit_key,
)
from tests.factories import PASSWORD, UserFactory

PROXY = "10.0.0.2"


@pytest.mark.parametrize(
    ("remote", "forwarded", "trusted", "client"),
    [
        # No proxy trusted: the header is ignored, whoever sends it.
        ("203.0.113.7", "198.51.100.1", 0, "203.0.113.7"),
        ("203.0.113.7", "", [], "203.0.113.7"),
        # One proxy: the address it saw is the header's last entry; what the visitor wrote
        # into the header itself (on the left) is never used.
        (PROXY, "198.51.100.1", 1, "198.51.100.1"),
        (PROXY, "6.6.6.6, 198.51.100.1", 1, "198.51.100.1"),
        (PROXY, "", 1, PROXY),  # a request from the proxy's own machine
        # Two proxies in a row.
        (PROXY, "6.6.6.6, 198.51.100.1, 10.0.0.9", 2, "198.51.100.1"),
        # Networks: every address in them is a proxy.
        (PROXY, "6.6.6.6, 198.51.100.1, 10.0.0.9", ["10.0.0.0/8"], "198.51.100.1"),
        ("203.0.113.7", "198.51.100.1", ["10.0.0.0/8"], "203.0.113.7"),  # not via the proxy
        (PROXY, "10.0.0.3", ["10.0.0.0/8"], "10.0.0.3"),
        # An entry that is not an address ends the walk at the last good one.
        (PROXY, "198.51.100.1, nonsense", 1, PROXY),
        # IPv6, bracketed with a port, and IPv4 written as IPv6.
        ("fd00::1", "[2001:db8:1:2::5]:4431", ["fd00::/8"], "2001:db8:1:2::5"),
        ("::ffff:203.0.113.7", "", 0, "203.0.113.7"),
    ],
)
def test_client_address_believes_only_the_trusted_proxies(remote, forwarded, trusted, client):
    assert client_address_from(remote, forwarded, trusted) == client


def test_the_setting_takes_a_count_or_networks():
    """Empty means no proxy; a number counts them; anything else must be networks."""
    assert parse_trusted_proxies("") == 0
    assert parse_trusted_proxies("1") == 1
    assert parse_trusted_proxies("10.0.0.0/8, fd00::/8") == ["10.0.0.0/8", "fd00::/8"]
    with pytest.raises(ValueError):
        parse_trusted_proxies("10.0.0.0/8,proxy.example")


def test_an_ipv6_limit_counts_the_whole_slash_64(settings):
    """Two addresses of one /64 are one key; IPv4 addresses are their own."""
    settings.TRUSTED_PROXIES = 1
    factory = RequestFactory()

    def request(address):
        return factory.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)

    first, second = request("2001:db8:1:2::5"), request("2001:db8:1:2:ffff::1")
    assert client_address(first) == "2001:db8:1:2::5"
    assert rate_limit_key(first) == rate_limit_key(second) == "2001:db8:1:2::"
    assert rate_limit_key(request("2001:db8:1:3::5")) == "2001:db8:1:3::"
    assert rate_limit_key(request("198.51.100.1")) == "198.51.100.1"


@pytest.mark.django_db
def test_behind_the_proxy_a_login_lockout_is_the_attackers_alone(client, settings):
    """Axes counts failures per visitor behind the proxy, not per proxy: the attacker is
    locked out, the owner of the account coming through the same proxy is not."""
    settings.TRUSTED_PROXIES = 1
    UserFactory(email="koordinator@example.org")
    via_proxy = {"REMOTE_ADDR": PROXY}
    for _ in range(6):
        response = client.post(
            "/en/account/login/",
            {"login": "koordinator@example.org", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="198.51.100.66",
            **via_proxy,
        )
    assert response.status_code == 429
    owner = client.post(
        "/en/account/login/",
        {"login": "koordinator@example.org", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.10",
        **via_proxy,
    )
    assert owner.status_code == 302


@pytest.mark.django_db
def test_behind_the_proxy_the_report_limit_is_per_visitor(client, settings, queue):
    """The accessibility form's limit counts visitors behind the proxy, not the proxy."""
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    data = {"description": "Obrázek nemá popis.", "page_url": "/cs/"}

    def post(visitor):
        return client.post(
            "/en/accessibility/", data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=visitor
        ).status_code

    assert [post("2001:db8:1:2::1") for _ in range(5)] == [302] * 5
    assert post("2001:db8:1:2::2") == 429  # the same /64
    assert post("198.51.100.20") == 302
