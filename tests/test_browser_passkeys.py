"""Security keys and passkeys in Chromium, with the browser's virtual WebAuthn authenticator."""

import os

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect, sync_playwright

from civac.audit.models import AuditEvent
from civac.tenancy.roles import Role
from tests import factories
from tests.test_browser_main_job import CHROMIUM_ARGS

pytestmark = [pytest.mark.postgres, pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(live_server):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="en-GB", base_url=live_server.url)
        page = context.new_page()
        # A virtual authenticator with built-in user verification replaces a
        # platform passkey (Touch ID, Windows Hello) or a security key with a PIN.
        session = context.new_cdp_session(page)
        session.send("WebAuthn.enable")
        session.send("WebAuthn.addVirtualAuthenticator", {"options": {
            "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
            "hasUserVerification": True, "isUserVerified": True, "automaticPresenceSimulation": True}})
        yield page
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_passkey_added_then_used_to_sign_in(page, workspace):
    user = factories.make_user("officer@acme.example")
    user.language = "en"
    user.save()
    factories.add_member(workspace, user, Role.OFFICER, mfa_exception=False)

    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("form button[type=submit]")
    page.goto(f"/w/{workspace.slug}/")
    expect(page.get_by_text("you need two-factor authentication")).to_be_visible()

    page.goto("/accounts/2fa/webauthn/add/")
    # allauth requires the password again before a sign-in method is added.
    expect(page.get_by_role("heading", name="Confirm Access")).to_be_visible()
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("main form button[type=submit]")
    page.fill("input[name=name]", "Laptop passkey")
    page.check("input[name=passwordless]")
    page.click("#mfa_webauthn_add")
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    key = Authenticator.objects.get(user=user, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().name == "Laptop passkey"
    page.goto(f"/w/{workspace.slug}/")
    expect(page.get_by_role("heading", name="Open reporting deadlines")).to_be_visible()

    page.click("form[action='/accounts/logout/'] button")
    page.goto("/accounts/login/")
    page.click("#passkey_login")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"/w/{workspace.slug}/")
    expect(page.get_by_role("heading", name="Open reporting deadlines")).to_be_visible()
    assert AuditEvent.objects.filter(chain_key="platform", action="login", actor=user).count() == 2
