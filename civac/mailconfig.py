"""Translate an ``EMAIL_URL`` into Django's e-mail settings."""

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured


def email_settings_from_url(url: str, *, file_path: Path) -> dict:
    parsed = urlparse(url)
    if parsed.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parsed.scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": parsed.path or str(file_path),
        }
    if not parsed.hostname:
        raise ImproperlyConfigured(
            "Environment variable EMAIL_URL has no host; use smtp://user:password@host:port."
        )
    query = parse_qs(parsed.query)
    starttls = query.get("starttls", ["0"])[0] in {"1", "true", "yes"}
    try:
        port = parsed.port or (465 if parsed.scheme == "smtps" else 25)
    except ValueError:
        raise ImproperlyConfigured(
            "Environment variable EMAIL_URL has an invalid port; use a number from 1 to 65535."
        ) from None
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_SSL": parsed.scheme == "smtps",
        "EMAIL_USE_TLS": starttls,
        "EMAIL_TIMEOUT": 20,
    }
