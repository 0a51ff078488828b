"""Settings: a wrong value names its variable, the secret key is made once, secrets stay hidden."""

from __future__ import annotations

import stat

import pytest
from pydantic import SecretStr

from core.settings import SettingsError, ensure_sandbox_is_safe, load_settings
from tests.unit.cli_environment import forget_developer_environment

TOKEN = "123456789:AAE" + "x" * 32


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    """No FLEETCREW_ variable or .env file of the developer's leaks into these tests."""
    forget_developer_environment(monkeypatch, tmp_path)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("FLEETCREW_PORT", "abc"),
        ("FLEETCREW_PORT", "70000"),
        ("FLEETCREW_DATABASE_URL", "mysql://x"),
        ("FLEETCREW_PUBLIC_URL", "not a url"),
        ("FLEETCREW_TELEGRAM_BOT_USERNAME", "no spaces allowed"),
        ("FLEETCREW_INVITATION_TTL_DAYS", "0"),
        ("FLEETCREW_SECRET_KEY", "too short"),
        ("FLEETCREW_TELEGRAM_TOKEN", "not a token"),
        ("FLEETCREW_TELEGRAM_TOKEN", "123456:short"),
        ("FLEETCREW_SANDBOX", "yes"),
        ("FLEETCREW_PHOTO_MAX_BYTES", "1000"),
        ("FLEETCREW_PHOTO_MAX_BYTES", str(51 * 1024 * 1024)),
    ],
)
def test_a_wrong_value_names_its_variable(monkeypatch, tmp_path, variable, value):
    monkeypatch.setenv(variable, value)

    with pytest.raises(SettingsError) as caught:
        load_settings(var_dir=tmp_path / "var")

    assert str(caught.value).startswith(f"{variable}: ")
    assert "\n" not in str(caught.value)


def test_an_empty_bot_token_means_the_sandbox(monkeypatch, tmp_path):
    monkeypatch.setenv("FLEETCREW_TELEGRAM_TOKEN", "  ")

    settings = load_settings(var_dir=tmp_path / "var")

    assert settings.telegram_token is None
    assert settings.sandbox_enabled


def test_a_bot_token_turns_the_sandbox_off(monkeypatch, tmp_path):
    monkeypatch.setenv("FLEETCREW_TELEGRAM_TOKEN", TOKEN)

    settings = load_settings(var_dir=tmp_path / "var")

    assert not settings.sandbox_enabled


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "[::1]", "localhost", "127.0.0.2"])
def test_the_sandbox_may_serve_on_a_loopback_address(tmp_path, host):
    settings = load_settings(var_dir=tmp_path / "var", host=host)

    ensure_sandbox_is_safe(settings)

    assert settings.sandbox_enabled and not settings.sandbox_exposed


@pytest.mark.parametrize(
    ("setting", "variable"),
    [
        ({"host": "0.0.0.0"}, "FLEETCREW_HOST"),
        ({"host": "::"}, "FLEETCREW_HOST"),
        ({"host": "192.168.1.20"}, "FLEETCREW_HOST"),
        ({"host": "fleetcrew.example.com"}, "FLEETCREW_HOST"),
        ({"public_url": "https://fleetcrew.example.com"}, "FLEETCREW_PUBLIC_URL"),
    ],
)
def test_the_sandbox_is_refused_where_others_reach_it(tmp_path, setting, variable):
    settings = load_settings(var_dir=tmp_path / "var", **setting)

    with pytest.raises(SettingsError) as refused:
        ensure_sandbox_is_safe(settings)

    message = str(refused.value)
    assert message.startswith(f"{variable}: ")
    assert "FLEETCREW_TELEGRAM_TOKEN" in message
    assert "FLEETCREW_SANDBOX=on" in message
    assert "\n" not in message


def test_sandbox_on_serves_it_anywhere_and_marks_it_exposed(monkeypatch, tmp_path):
    monkeypatch.setenv("FLEETCREW_SANDBOX", "on")

    settings = load_settings(
        var_dir=tmp_path / "var", host="0.0.0.0", public_url="https://demo.example.com"
    )

    ensure_sandbox_is_safe(settings)
    assert settings.sandbox_enabled and settings.sandbox_exposed


def test_a_demo_server_on_another_address_needs_the_public_url_its_links_lead_to(
    monkeypatch, tmp_path
):
    monkeypatch.setenv("FLEETCREW_SANDBOX", "on")
    settings = load_settings(var_dir=tmp_path / "var", host="0.0.0.0")

    with pytest.raises(SettingsError) as refused:
        ensure_sandbox_is_safe(settings)

    assert str(refused.value).startswith(
        "FLEETCREW_PUBLIC_URL: the sandbox serves others on 0.0.0.0"
    )
    assert "\n" not in str(refused.value)


def test_a_token_with_sandbox_on_is_a_settings_error(monkeypatch, tmp_path):
    monkeypatch.setenv("FLEETCREW_SANDBOX", "on")
    monkeypatch.setenv("FLEETCREW_TELEGRAM_TOKEN", TOKEN)

    with pytest.raises(SettingsError, match=r"^FLEETCREW_SANDBOX: .*FLEETCREW_TELEGRAM_TOKEN"):
        load_settings(var_dir=tmp_path / "var")


def test_with_a_token_nothing_about_the_sandbox_is_refused(tmp_path):
    settings = load_settings(var_dir=tmp_path / "var", telegram_token=TOKEN, host="0.0.0.0")

    ensure_sandbox_is_safe(settings)


def test_a_wrong_value_in_the_env_file_names_its_variable(tmp_path):
    (tmp_path / ".env").write_text("FLEETCREW_PORT=eighty\n")

    with pytest.raises(SettingsError, match=r"^FLEETCREW_PORT: "):
        load_settings(var_dir=tmp_path / "var")


def test_secret_key_is_generated_into_var_dir_once_and_reused(tmp_path):
    first = load_settings(var_dir=tmp_path / "var")
    second = load_settings(var_dir=tmp_path / "var")

    key = first.secret_key.get_secret_value()
    assert len(key) >= 32
    assert second.secret_key.get_secret_value() == key
    stored = tmp_path / "var" / "secret_key"
    assert stored.read_text().strip() == key
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600


def test_a_generated_secret_key_never_follows_a_planted_link(tmp_path):
    var = tmp_path / "var"
    var.mkdir()
    elsewhere = tmp_path / "readable-by-anyone"
    (var / "secret_key").symlink_to(elsewhere)

    with pytest.raises(SettingsError, match=r"^FLEETCREW_VAR_DIR: .*secret_key"):
        load_settings(var_dir=var)

    assert not elsewhere.exists()


def test_the_secret_key_is_required_with_postgresql(monkeypatch, tmp_path):
    monkeypatch.setenv("FLEETCREW_DATABASE_URL", "postgresql+asyncpg://fleetcrew@db/fleetcrew")

    with pytest.raises(SettingsError, match=r"^FLEETCREW_SECRET_KEY: required with PostgreSQL"):
        load_settings(var_dir=tmp_path / "var")

    assert not (tmp_path / "var" / "secret_key").exists()


def test_a_configured_secret_key_is_used_and_nothing_is_written(monkeypatch, tmp_path):
    monkeypatch.setenv("FLEETCREW_SECRET_KEY", "a secret key from the environment")

    settings = load_settings(var_dir=tmp_path / "var")

    assert settings.secret_key.get_secret_value() == "a secret key from the environment"
    assert not (tmp_path / "var" / "secret_key").exists()


def test_database_defaults_to_a_sqlite_file_under_var_dir(tmp_path):
    settings = load_settings(var_dir=tmp_path / "var")

    assert (
        settings.database_url.get_secret_value()
        == f"sqlite+aiosqlite:///{tmp_path / 'var' / 'fleetcrew.sqlite3'}"
    )
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)


def test_photos_are_kept_under_var_dir_unless_set_elsewhere(monkeypatch, tmp_path):
    assert load_settings(var_dir=tmp_path / "var").photos_dir == tmp_path / "var" / "photos"

    monkeypatch.setenv("FLEETCREW_VAR_DIR", str(tmp_path / "data"))
    settings = load_settings()
    assert settings.photos_dir == tmp_path / "data" / "photos"
    assert settings.photo_max_bytes == 10 * 1024 * 1024

    monkeypatch.setenv("FLEETCREW_PHOTOS_DIR", str(tmp_path / "photos"))
    assert load_settings().photos_dir == tmp_path / "photos"


def test_secrets_are_secret_strings_and_never_in_repr(monkeypatch, tmp_path):
    secrets = {
        "FLEETCREW_SECRET_KEY": "secret key value that is long enough",
        "FLEETCREW_TELEGRAM_TOKEN": "123456:telegram-token-value",
        "FLEETCREW_TELEGRAM_WEBHOOK_SECRET": "webhook-secret-value",
        "FLEETCREW_SMTP_PASSWORD": "smtp password value",
        "FLEETCREW_CLOUDBOXX_CLIENT_SECRET": "cloudboxx secret value",
        "FLEETCREW_DEMO_PASSWORD": "demo password value",
        "FLEETCREW_DATABASE_URL": "postgresql+asyncpg://fleetcrew:db-password@db/fleetcrew",
    }
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)

    settings = load_settings(var_dir=tmp_path / "var")

    for name, value in secrets.items():
        field = getattr(settings, name.removeprefix("FLEETCREW_").lower())
        assert isinstance(field, SecretStr)
        assert field.get_secret_value() == value
        assert value not in repr(settings)
        assert value not in str(settings)


def test_csv_files_have_at_most_ten_thousand_rows(tmp_path):
    assert load_settings(var_dir=tmp_path, csv_max_rows="10000").csv_max_rows == 10000

    with pytest.raises(SettingsError, match=r"^FLEETCREW_CSV_MAX_ROWS: at most 10000 rows a file"):
        load_settings(var_dir=tmp_path, csv_max_rows="10001")
