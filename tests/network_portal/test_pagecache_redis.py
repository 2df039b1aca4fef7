"""The shared cache on Redis or Valkey (CACHE_URL), through Django's own backend."""

import shutil
import socket
import subprocess
import time

import pytest
from django.test import Client

from bench.server import free_port
from network_portal.settings.base import cache_config
from news.models import Article
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.pagecache

SERVER = shutil.which("redis-server") or shutil.which("valkey-server")


@pytest.mark.parametrize("scheme", ["redis", "valkey"])
def test_cache_url_selects_djangos_redis_backend(monkeypatch, scheme):
    monkeypatch.setenv("CACHE_URL", f"{scheme}://cache.internal:6379/2")
    config = cache_config()
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert config["LOCATION"] == "redis://cache.internal:6379/2"


def test_without_cache_url_the_cache_is_the_postgresql_table(monkeypatch):
    monkeypatch.delenv("CACHE_URL", raising=False)
    config = cache_config()
    assert config["BACKEND"] == "network_portal.cache.DatabaseCache"
    assert config["LOCATION"] == "portal_cache"


@pytest.fixture
def redis_cache(settings, monkeypatch):
    """A throw-away Redis (or Valkey) server as the default cache."""
    if SERVER is None:
        pytest.skip("redis-server or valkey-server is not installed")
    port = free_port()
    server = subprocess.Popen(
        [SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    monkeypatch.setenv("CACHE_URL", f"redis://127.0.0.1:{port}/0")
    settings.CACHES = {"default": cache_config()}
    yield
    server.terminate()
    server.wait(timeout=10)


@pytest.mark.django_db
def test_page_cache_on_redis(redis_cache):
    """Pages are stored in Redis and a write still reaches the next request."""
    ArticleFactory(slug="redis", title_cs="Původní titulek")
    assert Client().get("/cs/aktuality/")["X-Page-Cache"] == "miss"
    response = Client().get("/cs/aktuality/")
    assert response["X-Page-Cache"] == "hit" and "Původní titulek" in response.content.decode()
    Article.objects.filter(slug="redis").update(title_cs="Nový titulek")
    assert "Nový titulek" in Client().get("/cs/aktuality/").content.decode()
