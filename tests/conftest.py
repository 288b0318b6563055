import pytest
import redis
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import translation

from civac.tenancy.rls import grant_app_privileges
from civac.tenancy.roles import Role
from tests import factories
from tests.processes import SmtpSink


@pytest.fixture(autouse=True)
def _media_and_mail(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and used TOTP codes must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Messages built outside a request read in English; requests still negotiate their language."""
    with translation.override("en"):
        yield


@pytest.fixture
def workspace(db):
    return factories.make_workspace("acme", legal_name="Acme Maschinenbau GmbH")


@pytest.fixture
def other_workspace(db):
    return factories.make_workspace("rival", legal_name="Rival Anlagenbau AG")


@pytest.fixture
def personas(workspace):
    """One user per role in ``workspace``, plus partner staff and an outsider with a workspace of its own."""
    users = {}
    for role in factories.ROLES:
        user = factories.make_user(f"{role}@acme.example")
        factories.add_member(workspace, user, role)
        users[role] = user
    partner = factories.make_partner("helpers")
    staff = factories.make_user("staff@helpers.example")
    factories.add_partner_staff(partner, staff)
    factories.grant_mandate(partner, workspace)
    users[Role.PARTNER_STAFF] = staff
    return users


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pytest_runtest_setup(item):
    """A test marked postgres fails, never skips, when the run is not on PostgreSQL."""
    if item.get_closest_marker("postgres") and settings.DATABASES["default"]["ENGINE"] != (
        "django.db.backends.postgresql"
    ):
        pytest.fail("this test needs PostgreSQL; run it with DATABASE_URL set (scripts/test does)")


@pytest.fixture
def app_role(db):
    """A role like production's application role, active on the test connection for this test."""
    name = f"{connection.settings_dict['NAME']}_app"[:60]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f"CREATE ROLE {connection.ops.quote_name(name)} NOLOGIN NOSUPERUSER NOBYPASSRLS")
    grant_app_privileges(connection, name)
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {connection.ops.quote_name(name)}")
    yield name
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


@pytest.fixture
def english(settings):
    """Serve pages in English to clients that send no Accept-Language, so tests can match English text."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def broker():
    """The test's Redis db, empty before and after the test."""
    client = redis.Redis.from_url(settings.REDIS_URL or "redis://127.0.0.1:6379/15")
    client.flushdb()
    yield client
    client.flushdb()


@pytest.fixture
def smtp():
    with SmtpSink() as sink:
        yield sink
