"""Static assets are served by the app itself, and error pages use the site's layout and language."""

import pytest
from django.contrib.staticfiles import finders

from civac.tenancy.roles import Role
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["css/civac.css", "vendor/htmx-2.0.11.min.js"])
def test_own_static_files_are_found(path):
    assert finders.find(path) is not None


def test_pages_link_existing_stylesheet_and_htmx(client, personas, workspace):
    page = client_for(personas[Role.OFFICER]).get(f"/w/{workspace.slug}/").content.decode()
    assert '/static/css/civac.css' in page
    assert '/static/vendor/htmx-2.0.11.min.js' in page


def test_forbidden_page_is_translated(personas, workspace):
    response = client_for(personas[Role.AUDITOR]).get(f"/w/{workspace.slug}/settings/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 403
    assert "Keine Berechtigung".encode() in response.content
    assert b"civac.css" in response.content


def test_not_found_page_is_translated(personas):
    response = client_for(personas[Role.AUDITOR]).get("/w/nope/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_pages_send_content_security_policy(personas, workspace):
    response = client_for(personas[Role.OFFICER]).get(f"/w/{workspace.slug}/incidents/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_own_pages_have_no_inline_scripts(personas, workspace):
    import re

    client = client_for(personas[Role.WORKSPACE_ADMIN])
    for path in ["", "officers/", "incidents/", "incidents/new/", "audit/", "members/", "settings/",
                 "officers/roles/", "incidents/alerts/"]:
        body = client.get(f"/w/{workspace.slug}/{path}").content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), path
        assert not re.search(r"\son[a-z]+=", body), path


def test_celery_task_starts_outside_workspace(workspace):
    from civac.celery import start_task_outside_any_workspace
    from civac.tenancy.context import _active_workspace, active_workspace

    _active_workspace.set(workspace)  # as if a previous task had leaked its workspace
    start_task_outside_any_workspace()
    assert active_workspace() is None


def test_german_date_inputs_keep_their_value(personas, workspace):
    """A type=date input shows an empty field for 06.12.2025; saving it again would drop the date."""
    from datetime import date

    from tests import builders_risks

    risk = builders_risks.make_risk(workspace, actor=personas[Role.OFFICER], treatment_option="modify",
                                    treatment_description="Backups offline", treatment_due_on=date(2027, 3, 1),
                                    status="planned")
    page = client_for(personas[Role.OFFICER]).get(f"/w/{workspace.slug}/isms/risks/{risk.pk}/edit/",
                                                  HTTP_ACCEPT_LANGUAGE="de")
    assert 'lang="de"' in page.content.decode()
    assert 'value="2027-03-01"' in page.content.decode()


def test_benchmark_floor_is_off_unless_enabled(client, settings, workspace):
    assert client.get(f"/_floor?slug={workspace.slug}").status_code == 404
    settings.BENCH_FLOOR = True
    response = client.get(f"/_floor?slug={workspace.slug}")
    assert response.status_code == 200
    assert response.content == b"found"
