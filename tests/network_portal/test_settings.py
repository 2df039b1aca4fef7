from network_portal import devdb
from network_portal.settings.base import database_config


def test_database_defaults_to_the_private_cluster_of_the_checkout(monkeypatch):
    """Without DATABASE_URL the portal uses its own cluster's socket in the checkout."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = database_config()
    assert config["HOST"] == devdb.socket_dir()
    assert config["NAME"] == "network_portal"


def test_database_url_is_used_when_set(monkeypatch):
    """DATABASE_URL points the portal at an existing server."""
    monkeypatch.setenv("DATABASE_URL", "postgres://portal:secret@db.example.org:5433/portal")
    config = database_config()
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example.org", 5433, "portal")


def test_database_url_may_name_a_unix_socket(monkeypatch):
    """libpq's percent-encoded socket directory works as the host."""
    monkeypatch.setenv("DATABASE_URL", "postgres://portal@%2Fvar%2Frun%2Fpostgresql/portal")
    assert database_config()["HOST"] == "/var/run/postgresql"


def test_private_cluster_binaries_are_found():
    """The machine's PostgreSQL binaries are found (PATH, pg_config or /usr/lib/postgresql)."""
    bindir = devdb.find_bindir()
    assert bindir is not None
    assert (bindir / "initdb").exists()


def test_missing_postgresql_binaries_stop_with_a_clear_message(monkeypatch):
    """Without server binaries the set-up names the packages and the Docker alternative."""
    import pytest

    monkeypatch.setattr(devdb, "find_bindir", lambda: None)
    with pytest.raises(SystemExit) as stop:
        devdb.start()
    message = str(stop.value)
    assert "apt-get install postgresql postgresql-contrib" in message
    assert "brew install postgresql" in message
    assert "docker compose up" in message


def test_production_settings_do_not_install_the_benchmarks():
    """The synthetic-data generators live in bench/, which production never installs."""
    import subprocess
    import sys

    code = (
        "from django.conf import settings; import django; django.setup(); "
        "from django.core.management import get_commands; "
        "print('bench' in settings.INSTALLED_APPS, 'generate_register' in get_commands())"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "network_portal.settings.prod",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "portal.example.org",
        "DATABASE_URL": "postgres://portal@localhost/portal",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]
