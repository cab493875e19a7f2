"""Settings read from the environment stop the CRM at start-up on impossible values, with a
message naming the variable, instead of running with a lockout, a session or a proxy setup
that cannot work (see README, "Configuration")."""

import runpy

import environ
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.utils import ConnectionHandler

from sambruk_crm import settings as settings_module

SETTINGS_FILE = settings_module.__file__

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-key-for-this-test-only",
    "ALLOWED_HOSTS": "crm.sambruk.se",
    "DATABASE_URL": "sqlite:///unused.sqlite3",
}
# The variables checked, unset unless a test sets them: their defaults apply.
CHECKED = (
    "TRUSTED_PROXY_COUNT",
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_MINUTES",
    "SESSION_COOKIE_AGE",
    "SESSION_REFRESH_SECONDS",
    "PRIVACY_STALE_LEAD_MONTHS",
    "SECURE_HSTS_SECONDS",
    "SQLITE_BUSY_TIMEOUT",
)


def load_settings(monkeypatch, **environment) -> dict:
    """Run the settings module as the server would at start-up, with this environment."""
    monkeypatch.setattr(environ.Env, "read_env", lambda *args, **kwargs: None)  # no .env
    for name in CHECKED:
        monkeypatch.delenv(name, raising=False)
    for name, value in {**PRODUCTION, **environment}.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    return runpy.run_path(SETTINGS_FILE, run_name="settings_under_test")


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT must be at least 0, not -1."),
        ({"TRUSTED_PROXY_COUNT": "one"}, "TRUSTED_PROXY_COUNT must be a whole number, not 'one'."),
        ({"AXES_FAILURE_LIMIT": "0"}, "AXES_FAILURE_LIMIT must be at least 1, not 0."),
        ({"AXES_COOLOFF_MINUTES": "0"}, "AXES_COOLOFF_MINUTES must be at least 1, not 0."),
        ({"SESSION_COOKIE_AGE": "0"}, "SESSION_COOKIE_AGE must be at least 1, not 0."),
        (
            {"SESSION_COOKIE_AGE": "600", "SESSION_REFRESH_SECONDS": "600"},
            "SESSION_REFRESH_SECONDS (600) must be shorter than SESSION_COOKIE_AGE (600).",
        ),
        (
            {"SESSION_REFRESH_SECONDS": "-5"},
            "SESSION_REFRESH_SECONDS must be at least 0, not -5.",
        ),
        ({"SQLITE_BUSY_TIMEOUT": "0"}, "SQLITE_BUSY_TIMEOUT must be at least 1, not 0."),
        (
            {"ALLOWED_HOSTS": ""},
            "ALLOWED_HOSTS must name the host names the CRM answers to when DEBUG is off",
        ),
    ],
    ids=[
        "negative-proxies",
        "proxies-not-a-number",
        "no-failed-login-allowed",
        "no-cooloff",
        "no-session",
        "refresh-not-shorter-than-session",
        "negative-refresh",
        "no-busy-timeout",
        "no-allowed-hosts",
    ],
)
def test_impossible_values_stop_the_start_with_a_clear_message(monkeypatch, environment, message):
    with pytest.raises(ImproperlyConfigured) as exc:
        load_settings(monkeypatch, **environment)
    assert str(exc.value).startswith(message)


def test_valid_production_values_start(monkeypatch):
    loaded = load_settings(
        monkeypatch, SESSION_COOKIE_AGE="3600", SESSION_REFRESH_SECONDS="0", AXES_FAILURE_LIMIT="1"
    )
    assert (loaded["SESSION_COOKIE_AGE"], loaded["SESSION_REFRESH_SECONDS"]) == (3600, 0)
    assert loaded["AXES_FAILURE_LIMIT"] == 1
    assert loaded["ALLOWED_HOSTS"] == ["crm.sambruk.se"]


def test_development_needs_no_allowed_hosts(monkeypatch):
    loaded = load_settings(monkeypatch, DEBUG="true", ALLOWED_HOSTS=None, SECRET_KEY=None)
    assert loaded["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]


def test_forwarded_proto_is_trusted_only_behind_a_proxy(monkeypatch):
    # Without a proxy a client could send "X-Forwarded-Proto: https" over plain HTTP and be
    # taken for a secure connection (no redirect to HTTPS, secure cookies sent over HTTP).
    assert "SECURE_PROXY_SSL_HEADER" not in load_settings(monkeypatch)
    behind_proxy = load_settings(monkeypatch, TRUSTED_PROXY_COUNT="1")
    assert behind_proxy["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_sqlite_is_set_up_for_several_users_at_once(monkeypatch, tmp_path, django_db_blocker):
    # Write transactions start by taking the write lock (BEGIN IMMEDIATE), so that of two
    # at the same moment the second waits (up to the busy timeout) for the first and then
    # reads what it wrote, instead of failing with "database is locked"; readers never
    # wait for a writer (the write-ahead log).
    database = load_settings(monkeypatch, DATABASE_URL=f"sqlite:///{tmp_path}/crm.sqlite3")[
        "DATABASES"
    ]["default"]
    options = database["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 20
    handler = ConnectionHandler({"default": database})
    connection = handler["default"]
    try:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 1  # NORMAL: safe in WAL mode, one sync per checkpoint
    finally:
        connection.close()


def test_postgresql_gets_no_sqlite_options(monkeypatch):
    database = load_settings(monkeypatch, DATABASE_URL="postgres://crm@db.example.se/crm")[
        "DATABASES"
    ]["default"]
    assert not {"transaction_mode", "init_command", "timeout"} & set(database.get("OPTIONS", {}))
    assert database["CONN_HEALTH_CHECKS"] is True
