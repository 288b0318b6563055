"""Settings read from the environment reject malformed values at start-up and pass the deploy check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "CIVAC_MODE": "production",
    "SECRET_KEY": "x" * 30 + "-production-secret-key-for-the-deploy-check",
    "ALLOWED_HOSTS": "civac.example.com",
    "DATABASE_URL": "postgres://civac@127.0.0.1:5432/civac",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://mailer:secret@mail.example.com:587?starttls=1",
}


def _manage(*args, env_overrides: dict, tmp_path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items()
           if key not in {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "CELERY_BROKER_URL", "CIVAC_MODE"}}
    env.update(CIVAC_VAR_DIR=str(tmp_path), **env_overrides)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("DEBUG", "maybe", "DEBUG='maybe' is invalid; use one of: true, false"),
        ("DATABASE_URL", "mysql://db/civac", "DATABASE_URL has the scheme 'mysql'"),
        ("REDIS_URL", "http://cache:6379", "REDIS_URL has the scheme 'http'"),
        ("CIVAC_ALERT_TICK_SECONDS", "fast", "CIVAC_ALERT_TICK_SECONDS='fast' is invalid; use a whole number"),
        ("CIVAC_ALERT_TICK_SECONDS", "0", "CIVAC_ALERT_TICK_SECONDS=0 is out of range"),
        ("ALLOWED_HOSTS", "a.example,,b.example", "ALLOWED_HOSTS='a.example,,b.example' has an empty entry"),
        ("CIVAC_MODE", "staging", "CIVAC_MODE='staging' is invalid; use development or production"),
        ("EMAIL_URL", "smtp://:25", "EMAIL_URL has no host"),
    ],
)
def test_malformed_environment_stops_start_up(tmp_path, variable, value, expected):
    result = _manage("check", env_overrides={variable: value}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert expected in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"])
def test_production_requires_each_setting(tmp_path, missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = _manage("check", env_overrides=env, tmp_path=tmp_path)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_passes_deploy_check_without_warnings(tmp_path):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV,
                     tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_short_production_secret_key_is_rejected(tmp_path):
    result = _manage("check", env_overrides=PRODUCTION_ENV | {"SECRET_KEY": "short"}, tmp_path=tmp_path)
    assert "SECRET_KEY is too short" in result.stderr
