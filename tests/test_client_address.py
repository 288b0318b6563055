"""Rate limits count on the real client address, even when a client forges X-Forwarded-For."""

import pytest
from django.test import RequestFactory

from civac.ratelimit import client_address

pytestmark = pytest.mark.django_db


def _request(remote: str, forwarded: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_forwarded_header_ignored_without_trusted_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_one_trusted_proxy_reads_the_entry_it_wrote(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; our proxy appended the address it really saw.
    assert client_address(_request("10.0.0.2", "198.51.100.1, 203.0.113.9")) == "203.0.113.9"


def test_two_trusted_proxies_skip_the_inner_one(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(_request("10.0.0.3", "1.1.1.1, 203.0.113.9, 10.0.0.2")) == "203.0.113.9"


@pytest.mark.parametrize("forwarded", ["", "   ", "not-an-address"])
def test_bad_header_uses_connection_address(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(_request("203.0.113.9", forwarded)) == "203.0.113.9"


def _limited_logins(client, count: int, forwarded_for) -> list[bool]:
    """Fail to sign in ``count`` times; for each attempt, whether allauth refused it as too many."""
    limited = []
    for attempt in range(count):
        response = client.post(
            "/accounts/login/", {"login": f"nobody{attempt}@example.com", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=forwarded_for(attempt), REMOTE_ADDR="203.0.113.9",
        )
        codes = [error.code for error in response.context["form"].non_field_errors().as_data()]
        limited.append("too_many_login_attempts" in codes)
    return limited


def test_forged_header_keeps_login_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    limited = _limited_logins(client, 5, lambda attempt: f"198.51.100.{attempt}")
    assert limited == [False, False, False, True, True]


def test_proxied_clients_have_own_limits(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    limited = _limited_logins(client, 5, lambda attempt: f"198.51.100.{attempt}")
    assert limited == [False] * 5
